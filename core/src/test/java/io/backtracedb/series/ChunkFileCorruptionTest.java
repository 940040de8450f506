package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged chunk files give a typed error naming the file, or the right samples; never wrong ones.
 */
@ExtendWith(SeedExtension.class)
class ChunkFileCorruptionTest {
  private static final int TRAILER = SeriesFormat.CHUNK_FILE_TRAILER_BYTES;
  private static final int ENTRY = SeriesFormat.INDEX_ENTRY_BYTES;

  /** docs/RELIABILITY: a thousand random bit flips per file type in the default build. */
  private static final int FLIPS = 1000;

  @TempDir Path dir;
  private List<SeriesSamples> series;
  private byte[] original;

  @BeforeEach
  void writeFile() throws IOException {
    Random random = new Random(77);
    series = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      series.add(SeriesSamples.random(random, s, 2, 300, ChunkFileTest.T0, 10_000));
    }
    Path file = dir.resolve("good.chunks");
    ChunkFileTest.write(LocalFileIO.INSTANCE, file, series, random);
    original = Files.readAllBytes(file);
  }

  static Stream<Arguments> damages() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(damage("empty file", b -> new byte[0]));
    cases.add(damage("only the header", b -> Arrays.copyOf(b, 8)));
    cases.add(damage("last byte cut", b -> Arrays.copyOf(b, b.length - 1)));
    cases.add(damage("cut in half", b -> Arrays.copyOf(b, b.length / 2)));
    cases.add(damage("cut inside the trailer", b -> Arrays.copyOf(b, b.length - TRAILER / 2)));
    cases.add(damage("trailer cut off", b -> Arrays.copyOf(b, b.length - TRAILER)));
    cases.add(damage("zero-filled tail", b -> zeroTail(b, 200)));
    cases.add(damage("garbage appended", b -> Arrays.copyOf(b, b.length + 100)));
    cases.add(damage("bad magic at the start", b -> flip(b, 1, 0)));
    cases.add(damage("bad version at the start", b -> flip(b, 7, 1)));
    cases.add(damage("bad magic at the end", b -> flip(b, b.length - 2, 3)));
    cases.add(damage("bit flipped in the trailer checksum", b -> flip(b, b.length - 6, 0)));
    cases.add(damage("bit flipped in the index offset", b -> flip(b, b.length - TRAILER + 7, 2)));
    cases.add(damage("bit flipped in the entry count", b -> flip(b, b.length - TRAILER + 11, 0)));
    cases.add(damage("bit flipped in the index", b -> flip(b, indexOffset(b) + 13, 5)));
    cases.add(
        damage("bit flipped in the last index entry", b -> flip(b, b.length - TRAILER - 1, 7)));
    cases.add(damage("bit flipped in the first chunk's header", b -> flip(b, 9, 4)));
    cases.add(damage("bit flipped in the first chunk's streams", b -> flip(b, 60, 6)));
    cases.add(
        damage("bit flipped in the last chunk's checksum", b -> flip(b, indexOffset(b) - 2, 1)));
    cases.add(
        damage(
            "index entries swapped, checksums recomputed",
            b -> rewriteIndex(b, index -> swapOffsets(index, 0, 1))));
    cases.add(
        damage(
            "index entry pointing into another chunk, checksums recomputed",
            b -> rewriteIndex(b, index -> shiftOffset(index, 2, 5))));
    cases.add(
        damage(
            "index entry length beyond the data, checksums recomputed",
            b -> rewriteIndex(b, index -> setLength(index, 4, 1 << 30))));
    cases.add(
        damage(
            "index out of order, checksums recomputed",
            b -> rewriteIndex(b, index -> swapEntries(index, 0, index.length / ENTRY - 1))));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damageGivesATypedErrorNamingTheFile(String name, UnaryOperator<byte[]> damage)
      throws IOException {
    Path file = dir.resolve("damaged.chunks");
    Files.write(file, damage.apply(original.clone()));
    CorruptionException e = assertThrows(CorruptionException.class, () -> readEverything(file));
    assertEquals(file, e.file());
    assertTrue(e.offset() >= 0 && e.offset() <= Files.size(file), e.getMessage());
  }

  @Test
  void randomBitFlipsGiveATypedErrorOrTheRightSamples(Random random) throws IOException {
    Path file = dir.resolve("flipped.chunks");
    int detected = 0;
    for (int round = 0; round < FLIPS; round++) {
      int at = random.nextInt(original.length);
      byte[] damaged = flip(original.clone(), at, random.nextInt(8));
      Files.write(file, damaged);
      try {
        readEverything(file);
      } catch (CorruptionException e) {
        assertEquals(file, e.file());
        detected++;
      } catch (AssertionError e) {
        fail("a bit flip at byte " + at + " returned wrong samples: " + e.getMessage(), e);
      }
    }
    // Every byte is under a checksum or a magic number, so every flip is detected.
    assertEquals(FLIPS, detected);
  }

  @Test
  void randomTruncationsGiveATypedError(Random random) throws IOException {
    Path file = dir.resolve("cut.chunks");
    for (int round = 0; round < 100; round++) {
      int length = random.nextInt(original.length);
      Files.write(file, Arrays.copyOf(original, length));
      assertThrows(CorruptionException.class, () -> readEverything(file), "cut at " + length);
    }
  }

  @Test
  void aDamagedChunkDoesNotStopReadsOfOtherSeries() throws IOException {
    Path file = dir.resolve("one-bad-chunk.chunks");
    byte[] damaged = flip(original.clone(), 20, 0); // inside the first chunk written
    Files.write(file, damaged);
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      int bad = 0;
      for (ChunkRef ref : reader.chunks()) {
        try {
          reader.read(ref).decode();
        } catch (CorruptionException e) {
          assertEquals(ref.offset() + ref.length() - 4, e.offset(), "the chunk's checksum");
          bad++;
        }
      }
      assertEquals(1, bad);
    }
  }

  private void readEverything(Path file) throws IOException {
    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, file)) {
      ChunkFileTest.assertHoldsEverySeries(reader, series);
    }
  }

  private static Arguments damage(String name, UnaryOperator<byte[]> damage) {
    return Arguments.of(name, damage);
  }

  private static byte[] flip(byte[] bytes, int at, int bit) {
    bytes[at] ^= (byte) (1 << bit);
    return bytes;
  }

  private static byte[] zeroTail(byte[] bytes, int count) {
    Arrays.fill(bytes, bytes.length - count, bytes.length, (byte) 0);
    return bytes;
  }

  private static int indexOffset(byte[] bytes) {
    return (int) ByteBuffer.wrap(bytes).getLong(bytes.length - TRAILER);
  }

  /** Changes the index and recomputes the index and trailer checksums, as a buggy writer might. */
  private static byte[] rewriteIndex(byte[] bytes, UnaryOperator<byte[]> change) {
    int at = indexOffset(bytes);
    int trailerAt = bytes.length - TRAILER;
    byte[] index = change.apply(Arrays.copyOfRange(bytes, at, trailerAt));
    System.arraycopy(index, 0, bytes, at, index.length);
    CRC32C crc = new CRC32C();
    crc.update(index);
    ByteBuffer trailer = ByteBuffer.wrap(bytes, trailerAt, TRAILER).slice();
    trailer.putInt(12, (int) crc.getValue());
    crc.reset();
    crc.update(bytes, trailerAt, 20);
    trailer.putInt(20, (int) crc.getValue());
    return bytes;
  }

  private static byte[] swapOffsets(byte[] index, int a, int b) {
    ByteBuffer buffer = ByteBuffer.wrap(index);
    long offsetA = buffer.getLong(a * ENTRY + 20);
    int lengthA = buffer.getInt(a * ENTRY + 28);
    buffer.putLong(a * ENTRY + 20, buffer.getLong(b * ENTRY + 20));
    buffer.putInt(a * ENTRY + 28, buffer.getInt(b * ENTRY + 28));
    buffer.putLong(b * ENTRY + 20, offsetA);
    buffer.putInt(b * ENTRY + 28, lengthA);
    return index;
  }

  private static byte[] shiftOffset(byte[] index, int entry, int by) {
    ByteBuffer buffer = ByteBuffer.wrap(index);
    buffer.putLong(entry * ENTRY + 20, buffer.getLong(entry * ENTRY + 20) + by);
    return index;
  }

  private static byte[] setLength(byte[] index, int entry, int length) {
    ByteBuffer.wrap(index).putInt(entry * ENTRY + 28, length);
    return index;
  }

  private static byte[] swapEntries(byte[] index, int a, int b) {
    byte[] entryA = Arrays.copyOfRange(index, a * ENTRY, a * ENTRY + ENTRY);
    System.arraycopy(index, b * ENTRY, index, a * ENTRY, ENTRY);
    System.arraycopy(entryA, 0, index, b * ENTRY, ENTRY);
    return index;
  }
}
