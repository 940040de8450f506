package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Fixed-size pages of one index file, read and written whole through {@link FileIO}; every page's
 * first four bytes are the CRC-32C of the rest, set on write and checked on read.
 *
 * <p>Not thread-safe. Buffers returned by {@link #read} belong to the caller.
 */
final class PageFile implements Closeable {
  private final Path path;
  private final int pageSize;
  private final SeekableByteChannel reader;
  private final FileIO.WritableFile writer;
  private final CRC32C crc = new CRC32C();

  /** Reads land here first; like {@link #crc}, used by one caller at a time (the tree's lock). */
  private ByteBuffer direct;

  private PageFile(
      Path path, int pageSize, SeekableByteChannel reader, FileIO.WritableFile writer) {
    this.path = path;
    this.pageSize = pageSize;
    this.reader = reader;
    this.writer = writer;
  }

  /** Opens {@code path} (which must exist) for reading and writing pages of {@code pageSize}. */
  static PageFile open(FileIO io, Path path, int pageSize) throws IOException {
    SeekableByteChannel reader = io.openRead(path);
    try {
      return new PageFile(path, pageSize, reader, io.openForAppend(path));
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  int pageSize() {
    return pageSize;
  }

  /** The byte offset of page {@code pageId}. */
  long offsetOf(int pageId) {
    return (long) pageId * pageSize;
  }

  /**
   * Reads page {@code pageId} and checks its checksum.
   *
   * @throws CorruptionException when the page lies past the end of the file or its checksum fails
   */
  ByteBuffer read(int pageId) throws IOException {
    byte[] page = new byte[pageSize];
    readInto(pageId, page);
    return ByteBuffer.wrap(page);
  }

  private CorruptionException cutShort(int pageId, long offset, int read) {
    return new CorruptionException(
        path,
        offset,
        "page "
            + pageId
            + " is cut short: the file ends at byte "
            + (offset + read)
            + " (truncated file)");
  }

  /**
   * Reads page {@code pageId} into {@code into} (a whole page) and checks its checksum.
   *
   * @throws CorruptionException when the page lies past the end of the file or its checksum fails
   */
  void readInto(int pageId, byte[] into) throws IOException {
    long offset = offsetOf(pageId);
    if (reader instanceof FileChannel channel) {
      // A positional read into a reused direct buffer: one system call, no seek, no copy through
      // a temporary buffer; then one copy into the caller's array.
      if (direct == null) {
        direct = ByteBuffer.allocateDirect(pageSize);
      }
      direct.clear();
      while (direct.hasRemaining()) {
        if (channel.read(direct, offset + direct.position()) < 0) {
          throw cutShort(pageId, offset, direct.position());
        }
      }
      direct.flip();
      direct.get(into, 0, pageSize);
    } else {
      ByteBuffer page = ByteBuffer.wrap(into, 0, pageSize);
      reader.position(offset);
      while (page.hasRemaining()) {
        if (reader.read(page) < 0) {
          throw cutShort(pageId, offset, page.position());
        }
      }
    }
    ByteBuffer page = ByteBuffer.wrap(into, 0, pageSize);
    if (page.getInt(BTreeFormat.P_CRC) != checksum(page)) {
      throw new CorruptionException(path, offset, "checksum mismatch in page " + pageId);
    }
  }

  /** Sets the checksum of {@code page} (a whole page, position 0) and writes it at its place. */
  void write(int pageId, ByteBuffer page) throws IOException {
    page.putInt(BTreeFormat.P_CRC, checksum(page));
    writer.seek(offsetOf(pageId));
    writer.write(page.duplicate().position(0).limit(pageSize));
  }

  /** Forces every written page to stable storage. */
  void force() throws IOException {
    writer.force();
  }

  /** The current length of the file in bytes. */
  long size() throws IOException {
    return reader.size();
  }

  private int checksum(ByteBuffer page) {
    crc.reset();
    crc.update(page.array(), page.arrayOffset() + 4, pageSize - 4);
    return (int) crc.getValue();
  }

  @Override
  public void close() throws IOException {
    try {
      writer.close();
    } finally {
      reader.close();
    }
  }
}
