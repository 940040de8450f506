package io.backtracedb.series;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Opens a chunk file, checks its header, trailer and footer index, and reads chunks pruned by
 * series and time range, or only the latest chunk of a series.
 *
 * <p>Opening reads the header, the trailer and the index, never a chunk. Each chunk read checks the
 * chunk's CRC32C and that its header agrees with the index entry. Thread-safe: reads of chunks are
 * serialized on the file's channel.
 */
public final class ChunkFileReader implements Closeable {
  private final Path path;
  private final SeekableByteChannel channel;
  private final int[] seriesIds;
  private final long[] minTimes;
  private final long[] maxTimes;
  private final long[] offsets;
  private final int[] lengths;

  private ChunkFileReader(Path path, SeekableByteChannel channel, ByteBuffer index, int entries) {
    this.path = path;
    this.channel = channel;
    seriesIds = new int[entries];
    minTimes = new long[entries];
    maxTimes = new long[entries];
    offsets = new long[entries];
    lengths = new int[entries];
    for (int i = 0; i < entries; i++) {
      seriesIds[i] = index.getInt();
      minTimes[i] = index.getLong();
      maxTimes[i] = index.getLong();
      offsets[i] = index.getLong();
      lengths[i] = index.getInt();
    }
  }

  /**
   * Opens {@code path} and checks everything but the chunks themselves.
   *
   * @throws CorruptionException naming the file and offset when the magic, version, trailer, index
   *     checksum or an index entry does not check
   */
  public static ChunkFileReader open(FileIO io, Path path) throws IOException {
    SeekableByteChannel channel = io.openRead(path);
    try {
      return open(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static ChunkFileReader open(Path path, SeekableByteChannel channel) throws IOException {
    long size = channel.size();
    int fixed = SeriesFormat.CHUNK_FILE_HEADER_BYTES + SeriesFormat.CHUNK_FILE_TRAILER_BYTES;
    if (size < fixed) {
      throw new CorruptionException(
          path, 0, "chunk file of " + size + " bytes is shorter than its header and trailer");
    }
    ByteBuffer header = read(path, channel, 0, SeriesFormat.CHUNK_FILE_HEADER_BYTES);
    requireMagic(path, 0, header.getInt());
    requireVersion(path, 4, header.getInt());
    long trailerAt = size - SeriesFormat.CHUNK_FILE_TRAILER_BYTES;
    ByteBuffer trailer = read(path, channel, trailerAt, SeriesFormat.CHUNK_FILE_TRAILER_BYTES);
    requireMagic(path, size - 4, trailer.getInt(24));
    CRC32C crc = new CRC32C();
    crc.update(trailer.array(), 0, 20);
    if (trailer.getInt(20) != (int) crc.getValue()) {
      throw new CorruptionException(path, trailerAt + 20, "chunk file trailer checksum mismatch");
    }
    requireVersion(path, trailerAt + 16, trailer.getInt(16));
    long indexOffset = trailer.getLong(0);
    int entries = trailer.getInt(8);
    if (entries < 0
        || (long) entries * SeriesFormat.INDEX_ENTRY_BYTES > Integer.MAX_VALUE
        || indexOffset != trailerAt - (long) entries * SeriesFormat.INDEX_ENTRY_BYTES
        || indexOffset < SeriesFormat.CHUNK_FILE_HEADER_BYTES) {
      throw new CorruptionException(
          path,
          trailerAt,
          "index of "
              + entries
              + " entries at offset "
              + indexOffset
              + " does not end at the trailer");
    }
    ByteBuffer index = read(path, channel, indexOffset, entries * SeriesFormat.INDEX_ENTRY_BYTES);
    crc.reset();
    crc.update(index.array());
    if (trailer.getInt(12) != (int) crc.getValue()) {
      throw new CorruptionException(path, indexOffset, "chunk file index checksum mismatch");
    }
    ChunkFileReader reader = new ChunkFileReader(path, channel, index, entries);
    reader.checkIndex(indexOffset);
    return reader;
  }

  private void checkIndex(long indexOffset) {
    for (int i = 0; i < seriesIds.length; i++) {
      String problem = null;
      if (seriesIds[i] < 0) {
        problem = "negative series id " + seriesIds[i];
      } else if (minTimes[i] > maxTimes[i]) {
        problem = "min time " + minTimes[i] + " after max time " + maxTimes[i];
      } else if (offsets[i] < SeriesFormat.CHUNK_FILE_HEADER_BYTES
          || lengths[i] < ChunkReader.MIN_CHUNK_BYTES
          || offsets[i] + lengths[i] > indexOffset) {
        problem =
            "chunk of " + lengths[i] + " bytes at offset " + offsets[i] + " is outside the data";
      } else if (i > 0
          && (seriesIds[i] < seriesIds[i - 1]
              || (seriesIds[i] == seriesIds[i - 1] && minTimes[i] < minTimes[i - 1]))) {
        problem = "entries are out of order";
      }
      if (problem != null) {
        throw new CorruptionException(
            path,
            indexOffset + (long) i * SeriesFormat.INDEX_ENTRY_BYTES,
            "bad index entry " + i + ": " + problem);
      }
    }
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The number of chunks in the file. */
  public int chunkCount() {
    return seriesIds.length;
  }

  /** The distinct series ids of the file, ascending. */
  public int[] seriesIds() {
    return Arrays.stream(seriesIds).distinct().toArray();
  }

  /** Every chunk of the file, in index order (series, then time). */
  public List<ChunkRef> chunks() {
    List<ChunkRef> all = new ArrayList<>(seriesIds.length);
    for (int i = 0; i < seriesIds.length; i++) {
      all.add(ref(i));
    }
    return all;
  }

  /**
   * The chunks of series {@code seriesId} that may hold a sample in {@code [from, to]} (both
   * inclusive), in time order; the others are pruned by the index without being read.
   */
  public List<ChunkRef> chunks(int seriesId, long from, long to) {
    List<ChunkRef> found = new ArrayList<>();
    for (int i = firstOf(seriesId); i < seriesIds.length && seriesIds[i] == seriesId; i++) {
      if (maxTimes[i] >= from && minTimes[i] <= to) {
        found.add(ref(i));
      }
    }
    return found;
  }

  /** The chunk of {@code seriesId} with the latest max time, or null when the file has none. */
  public ChunkRef latest(int seriesId) {
    int best = -1;
    for (int i = firstOf(seriesId); i < seriesIds.length && seriesIds[i] == seriesId; i++) {
      if (best < 0 || maxTimes[i] >= maxTimes[best]) {
        best = i;
      }
    }
    return best < 0 ? null : ref(best);
  }

  /** Reads and checks the latest chunk of {@code seriesId}; null when the file has none. */
  public ChunkReader readLatest(int seriesId) throws IOException {
    ChunkRef ref = latest(seriesId);
    return ref == null ? null : read(ref);
  }

  /**
   * Reads and checks one chunk.
   *
   * @throws CorruptionException when the chunk's checksum or structure does not check, or its
   *     header disagrees with {@code ref}
   */
  public ChunkReader read(ChunkRef ref) throws IOException {
    ByteBuffer bytes;
    synchronized (channel) {
      bytes = read(path, channel, ref.offset(), ref.length());
    }
    ChunkReader chunk = ChunkReader.parse(bytes.array(), 0, ref.length(), path, ref.offset());
    ChunkHeader header = chunk.header();
    if (header.seriesId() != ref.seriesId()
        || header.minTime() != ref.minTime()
        || header.maxTime() != ref.maxTime()) {
      throw new CorruptionException(
          path,
          ref.offset(),
          String.format(
              Locale.ROOT,
              "chunk says series %d [%d, %d], the index says series %d [%d, %d]",
              header.seriesId(),
              header.minTime(),
              header.maxTime(),
              ref.seriesId(),
              ref.minTime(),
              ref.maxTime()));
    }
    return chunk;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private ChunkRef ref(int i) {
    return new ChunkRef(seriesIds[i], minTimes[i], maxTimes[i], offsets[i], lengths[i]);
  }

  /** The first index position whose series id is at least {@code seriesId}. */
  private int firstOf(int seriesId) {
    int low = 0;
    int high = seriesIds.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (seriesIds[mid] < seriesId) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static void requireMagic(Path path, long offset, int magic) {
    if (magic != SeriesFormat.CHUNK_FILE_MAGIC) {
      throw new CorruptionException(
          path, offset, String.format(Locale.ROOT, "bad chunk file magic %08x", magic));
    }
  }

  private static void requireVersion(Path path, long offset, int version) {
    if (version != SeriesFormat.CHUNK_FILE_VERSION) {
      throw new CorruptionException(
          path,
          offset,
          "chunk file version " + version + " is not " + SeriesFormat.CHUNK_FILE_VERSION);
    }
  }

  private static ByteBuffer read(Path path, SeekableByteChannel channel, long offset, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    channel.position(offset);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new CorruptionException(
            path, offset + buffer.position(), "chunk file ends inside a " + length + "-byte read");
      }
    }
    return buffer.flip();
  }
}
