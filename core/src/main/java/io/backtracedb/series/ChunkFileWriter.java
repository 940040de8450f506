package io.backtracedb.series;

import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * Writes a chunk file (docs/format/series.md): sealed chunks back to back, then a footer index of
 * every chunk's series, time range, offset and length, then a trailer.
 *
 * <p>The file is written under a temporary name and only {@link #publish()} makes it appear under
 * its real name: write, fsync, rename, fsync the directory, so a reader never sees a partial chunk
 * file, even after a crash. {@link #close()} without a publish deletes the temporary file. Not
 * thread-safe.
 */
public final class ChunkFileWriter implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final FileIO io;
  private final Path target;
  private final Path temp;
  private final FileIO.WritableFile file;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private long position;
  private int entries;
  private int[] seriesIds = new int[64];
  private long[] minTimes = new long[64];
  private long[] maxTimes = new long[64];
  private long[] offsets = new long[64];
  private int[] lengths = new int[64];
  private boolean finished;
  private boolean fileClosed;

  private ChunkFileWriter(FileIO io, Path target, Path temp, FileIO.WritableFile file) {
    this.io = io;
    this.target = target;
    this.temp = temp;
    this.file = file;
  }

  /** Starts a chunk file that {@link #publish()} will place at {@code target}. */
  public static ChunkFileWriter create(FileIO io, Path target) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + AtomicFile.TEMP_SUFFIX);
    ChunkFileWriter writer = new ChunkFileWriter(io, target, temp, io.create(temp));
    writer.buffer.putInt(SeriesFormat.CHUNK_FILE_MAGIC).putInt(SeriesFormat.CHUNK_FILE_VERSION);
    writer.position = SeriesFormat.CHUNK_FILE_HEADER_BYTES;
    return writer;
  }

  /** The number of chunks appended. */
  public int chunkCount() {
    return entries;
  }

  /** Appends a sealed chunk; chunks of any series may come in any order. */
  public void append(SealedChunk chunk) throws IOException {
    requireOpen();
    if (entries == seriesIds.length) {
      int capacity = entries * 2;
      seriesIds = Arrays.copyOf(seriesIds, capacity);
      minTimes = Arrays.copyOf(minTimes, capacity);
      maxTimes = Arrays.copyOf(maxTimes, capacity);
      offsets = Arrays.copyOf(offsets, capacity);
      lengths = Arrays.copyOf(lengths, capacity);
    }
    ChunkHeader header = chunk.header();
    seriesIds[entries] = header.seriesId();
    minTimes[entries] = header.minTime();
    maxTimes[entries] = header.maxTime();
    offsets[entries] = position;
    lengths[entries] = chunk.bytes().length;
    entries++;
    write(chunk.bytes());
  }

  /**
   * Writes the footer index and trailer, forces the file, renames it to its target and syncs the
   * directory; returns the file's size. The writer is closed afterwards.
   */
  public long publish() throws IOException {
    requireOpen();
    try {
      long indexOffset = position;
      byte[] index = index();
      write(index);
      CRC32C crc = new CRC32C();
      crc.update(index);
      ByteBuffer trailer = ByteBuffer.allocate(SeriesFormat.CHUNK_FILE_TRAILER_BYTES);
      trailer.putLong(indexOffset).putInt(entries).putInt((int) crc.getValue());
      trailer.putInt(SeriesFormat.CHUNK_FILE_VERSION);
      crc.reset();
      crc.update(trailer.array(), 0, trailer.position());
      trailer.putInt((int) crc.getValue()).putInt(SeriesFormat.CHUNK_FILE_MAGIC);
      write(trailer.array());
      drain();
      file.force();
      fileClosed = true;
      file.close();
      io.rename(temp, target);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    finished = true;
    io.syncDirectory(target.toAbsolutePath().getParent());
    return position;
  }

  /** Abandons an unpublished file and deletes it; does nothing after {@link #publish()}. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      if (!fileClosed) {
        fileClosed = true;
        file.close();
      }
    } finally {
      io.delete(temp);
    }
  }

  private byte[] index() {
    // Sorted by series, then time, so a reader finds a series' chunks by binary search.
    Integer[] order =
        IntStream.range(0, entries)
            .boxed()
            .sorted(
                Comparator.<Integer>comparingInt(i -> seriesIds[i])
                    .thenComparingLong(i -> minTimes[i])
                    .thenComparingLong(i -> offsets[i]))
            .toArray(Integer[]::new);
    ByteBuffer index = ByteBuffer.allocate(entries * SeriesFormat.INDEX_ENTRY_BYTES);
    for (int i : order) {
      index.putInt(seriesIds[i]).putLong(minTimes[i]).putLong(maxTimes[i]);
      index.putLong(offsets[i]).putInt(lengths[i]);
    }
    return index.array();
  }

  private void write(byte[] bytes) throws IOException {
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(buffer.remaining(), bytes.length - at);
      buffer.put(bytes, at, n);
      at += n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
    position += bytes.length;
  }

  private void drain() throws IOException {
    buffer.flip();
    file.write(buffer);
    buffer.clear();
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("cannot write chunk file " + target + ": it is closed");
    }
  }
}
