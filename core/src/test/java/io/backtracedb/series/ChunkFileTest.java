package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SeedExtension.class)
class ChunkFileTest {
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  /** Ten series of 500 samples, 10 s apart, in chunks of 120, appended interleaved. */
  static List<SeriesSamples> tenSeries(Random random) {
    List<SeriesSamples> series = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      series.add(SeriesSamples.random(random, s * 7, 3, 500, T0 + s, 10_000));
    }
    return series;
  }

  /** Writes every series' chunks to {@code file}, interleaving the series at random. */
  static long write(FileIO io, Path file, List<SeriesSamples> series, Random random)
      throws IOException {
    List<List<SealedChunk>> chunks = new ArrayList<>();
    for (SeriesSamples samples : series) {
      chunks.add(new ArrayList<>(samples.writeChunks(ChunkLimits.DEFAULT)));
    }
    try (ChunkFileWriter writer = ChunkFileWriter.create(io, file)) {
      while (chunks.stream().anyMatch(c -> !c.isEmpty())) {
        List<SealedChunk> next = chunks.get(random.nextInt(chunks.size()));
        if (!next.isEmpty()) {
          writer.append(next.remove(0));
        }
      }
      return writer.publish();
    }
  }

  /** Reads each series through the index and checks every sample against the oracle. */
  static void assertHoldsEverySeries(ChunkFileReader reader, List<SeriesSamples> series)
      throws IOException {
    for (SeriesSamples samples : series) {
      int from = 0;
      for (ChunkRef ref : reader.chunks(samples.seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
        DecodedChunk chunk = reader.read(ref).decode();
        samples.assertChunkHolds(chunk, from);
        from += chunk.header().sampleCount();
      }
      assertEquals(samples.times.length, from, "samples of series " + samples.seriesId);
    }
  }

  @Test
  void everyChunkOfEverySeriesRoundTrips(Random random) throws IOException {
    List<SeriesSamples> series = tenSeries(random);
    Path file = dir.resolve("0001.chunks");
    long size = write(LocalFileIO.INSTANCE, file, series, random);
    assertEquals(Files.size(file), size);
    assertFalse(Files.exists(dir.resolve("0001.chunks.tmp")));
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      assertEquals(50, reader.chunkCount());
      assertEquals(List.of(0, 7, 14, 21, 28, 35, 42, 49, 56, 63), boxed(reader.seriesIds()));
      assertHoldsEverySeries(reader, series);
    }
  }

  @Test
  void chunksArePrunedBySeriesAndTimeRange(Random random) throws IOException {
    List<SeriesSamples> series = tenSeries(random);
    Path file = dir.resolve("prune.chunks");
    write(LocalFileIO.INSTANCE, file, series, random);
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      for (int round = 0; round < 50; round++) {
        SeriesSamples samples = series.get(random.nextInt(series.size()));
        long from = T0 + random.nextInt(5_200_000) - 100_000;
        long to = from + random.nextInt(3_000_000);
        List<ChunkRef> refs = reader.chunks(samples.seriesId, from, to);
        // The oracle: the chunks of 120 consecutive samples that hold a sample in [from, to].
        List<Integer> expectedFirsts = new ArrayList<>();
        for (int first = 0; first < samples.times.length; first += 120) {
          int last = Math.min(first + 120, samples.times.length) - 1;
          if (samples.times[last] >= from && samples.times[first] <= to) {
            expectedFirsts.add(first);
          }
        }
        assertEquals(expectedFirsts.size(), refs.size(), "chunks of [" + from + ", " + to + "]");
        for (int i = 0; i < refs.size(); i++) {
          DecodedChunk chunk = reader.read(refs.get(i)).decode();
          samples.assertChunkHolds(chunk, expectedFirsts.get(i));
        }
      }
      assertTrue(reader.chunks(3, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty(), "no series 3");
      assertTrue(reader.chunks(7, Long.MIN_VALUE, T0 - 1).isEmpty(), "before the first sample");
      assertTrue(reader.chunks(70, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty(), "past the last id");
    }
  }

  @Test
  void theLatestChunkOfASeriesHoldsItsLastSamples(Random random) throws IOException {
    List<SeriesSamples> series = tenSeries(random);
    Path file = dir.resolve("latest.chunks");
    write(LocalFileIO.INSTANCE, file, series, random);
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      for (SeriesSamples samples : series) {
        ChunkReader latest = reader.readLatest(samples.seriesId);
        samples.assertChunkHolds(latest.decode(), 480);
        assertEquals(samples.times[499], latest.header().maxTime());
      }
      assertNull(reader.readLatest(1));
      assertNull(reader.latest(1000));
    }
  }

  @Test
  void aFileWithoutChunksOpensEmpty() throws IOException {
    Path file = dir.resolve("empty.chunks");
    try (ChunkFileWriter writer = ChunkFileWriter.create(LocalFileIO.INSTANCE, file)) {
      assertEquals(
          SeriesFormat.CHUNK_FILE_HEADER_BYTES + SeriesFormat.CHUNK_FILE_TRAILER_BYTES,
          writer.publish());
    }
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      assertEquals(0, reader.chunkCount());
      assertNull(reader.latest(0));
    }
  }

  @Test
  void anUnpublishedFileLeavesNothingBehind(Random random) throws IOException {
    Path file = dir.resolve("abandoned.chunks");
    try (ChunkFileWriter writer = ChunkFileWriter.create(LocalFileIO.INSTANCE, file)) {
      for (SealedChunk chunk : tenSeries(random).get(0).writeChunks(ChunkLimits.DEFAULT)) {
        writer.append(chunk);
      }
    }
    assertFalse(Files.exists(file));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void publishWritesThenForcesThenRenamesThenSyncsTheDirectory(Random random) throws IOException {
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    Path file = dir.resolve("ordered.chunks");
    write(io, file, tenSeries(random), random);
    List<Op> ops = new ArrayList<>();
    for (FaultInjectingFileIO.Call call : io.calls()) {
      if (ops.isEmpty() || ops.get(ops.size() - 1) != call.op()) {
        ops.add(call.op());
      }
    }
    assertEquals(
        List.of(Op.CREATE, Op.WRITE, Op.FORCE, Op.CLOSE, Op.RENAME, Op.SYNC_DIRECTORY), ops);
  }

  @Test
  void aFailedWriteForceOrRenameLeavesNoFileAndNoTemporary(Random random) throws IOException {
    List<SeriesSamples> series = tenSeries(random);
    for (Op op : new Op[] {Op.CREATE, Op.WRITE, Op.FORCE, Op.RENAME}) {
      FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
      io.inject(Fault.failNth(op, 1));
      Path file = dir.resolve("failed-" + op + ".chunks");
      assertThrows(IOException.class, () -> write(io, file, series, random), op.toString());
      assertFalse(Files.exists(file), op + " left the file");
      assertFalse(Files.exists(dir.resolve(file.getFileName() + ".tmp")), op + " left the temp");
    }
  }

  @Test
  void aPublishedFileSurvivesAPowerLoss(Random random) throws IOException {
    List<SeriesSamples> series = tenSeries(random);
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    Path file = dir.resolve("durable.chunks");
    write(io, file, series, random);
    io.simulateCrash(random, FaultInjectingFileIO.CrashMode.DROP);
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      assertHoldsEverySeries(reader, series);
    }
  }

  private static List<Integer> boxed(int[] ids) {
    List<Integer> list = new ArrayList<>();
    for (int id : ids) {
      list.add(id);
    }
    return list;
  }
}
