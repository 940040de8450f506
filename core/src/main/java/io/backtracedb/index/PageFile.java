package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Fixed-size pages of one index file, read and written whole through {@link FileIO}; every page's
 * first four bytes are the CRC-32C of the rest, set on write and checked on read.
 *
 * <p>A local file is also mapped read-only, in segments of 1 GiB, for {@link #mapped}: a leaf a
 * cursor reads is searched where it lies in the page cache, without a system call or a copy. Its
 * checksum is checked on its first such read after the file was opened or the page last written
 * here, as a buffer pool checks a page when it loads it; {@link #read} and {@link #readInto} check
 * it on every read. A mapping lives until it is garbage collected, which on Linux does not keep the
 * file from being deleted or replaced.
 *
 * <p>Not thread-safe. Buffers returned by {@link #read} belong to the caller.
 */
final class PageFile implements Closeable {
  /** The size of a mapped segment: a whole number of pages of every size. */
  private static final long SEGMENT = 1L << 30;

  private final Path path;
  private final int pageSize;
  private final SeekableByteChannel reader;
  private final FileIO.WritableFile writer;
  private final CRC32C crc = new CRC32C();

  /** Reads land here first; like {@link #crc}, used by one caller at a time (the tree's lock). */
  private ByteBuffer direct;

  /** The mapped segments, null where none is mapped yet. */
  private MappedByteBuffer[] segments = new MappedByteBuffer[0];

  /** Pages whose checksum was checked in the mapping since they were last written. */
  private final BitSet verified = new BitSet();

  /** Pages written since the file opened. */
  private long writes;

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

  /**
   * Page {@code pageId} where it lies in the file's mapping, as a read-only buffer of one page at
   * position 0, its checksum checked if it was not since the page was last written; null when the
   * file is not a local one or the mapping does not reach the page (then {@link #readInto} reads it
   * or reports it cut short).
   *
   * @throws CorruptionException when its checksum fails
   */
  ByteBuffer mapped(int pageId) throws IOException {
    long offset = offsetOf(pageId);
    MappedByteBuffer segment = segmentHolding(offset);
    if (segment == null) {
      return null;
    }
    ByteBuffer page = segment.slice((int) (offset & (SEGMENT - 1)), pageSize);
    if (!verified.get(pageId)) {
      crc.reset();
      crc.update(page.position(4));
      page.position(0);
      if (page.getInt(BTreeFormat.P_CRC) != (int) crc.getValue()) {
        throw new CorruptionException(path, offset, "checksum mismatch in page " + pageId);
      }
      verified.set(pageId);
    }
    return page;
  }

  /**
   * The mapped segment holding the page at {@code offset}, mapped again when the file has grown
   * past it by an eighth (until then, pages past its end are read); null when there is none.
   */
  private MappedByteBuffer segmentHolding(long offset) throws IOException {
    if (!(reader instanceof FileChannel channel)) {
      return null;
    }
    int index = (int) (offset / SEGMENT);
    long start = (long) index * SEGMENT;
    long end = offset - start + pageSize;
    MappedByteBuffer segment = index < segments.length ? segments[index] : null;
    if (segment != null && end <= segment.capacity()) {
      return segment;
    }
    long length = Math.min(SEGMENT, channel.size() - start);
    if (length < end || (segment != null && length < segment.capacity() + segment.capacity() / 8)) {
      return null;
    }
    if (index >= segments.length) {
      segments = Arrays.copyOf(segments, index + 1);
    }
    segment = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
    segments[index] = segment;
    return segment;
  }

  /** A stretch of the mapping: whole pages from {@code firstPage}. */
  record Slice(MappedByteBuffer bytes, int firstPage) {}

  /**
   * The whole file as it stands, mapped, in slices of at most {@code chunk} bytes (a multiple of
   * the page size); empty when the file is not a local one.
   */
  List<Slice> mappedSlices(int chunk) throws IOException {
    List<Slice> slices = new ArrayList<>();
    if (!(reader instanceof FileChannel channel)) {
      return slices;
    }
    long size = channel.size();
    for (long start = 0; start < size; start += SEGMENT) {
      MappedByteBuffer segment = segmentHolding(start);
      if (segment == null) {
        break;
      }
      for (int at = 0; at < segment.capacity(); at += chunk) {
        int firstPage = (int) ((start + at) / pageSize);
        slices.add(
            new Slice(segment.slice(at, Math.min(chunk, segment.capacity() - at)), firstPage));
      }
    }
    return slices;
  }

  /**
   * The pages of {@code slice} whose checksums match, found without the tree's lock (with a CRC of
   * the caller's): what {@link #markVerified} then records under it.
   */
  static BitSet checksummed(Slice slice, int pageSize, CRC32C crc) {
    BitSet matched = new BitSet();
    ByteBuffer bytes = slice.bytes().duplicate();
    for (int at = 0; at + pageSize <= bytes.capacity(); at += pageSize) {
      crc.reset();
      crc.update(bytes.limit(at + pageSize).position(at + 4));
      if (bytes.getInt(at + BTreeFormat.P_CRC) == (int) crc.getValue()) {
        matched.set(slice.firstPage() + at / pageSize);
      }
    }
    return matched;
  }

  /** Changes written since the file opened: tells checksums found without the lock if they hold. */
  long writes() {
    return writes;
  }

  /**
   * Records pages whose checksums {@link #checksummed} found matching when {@link #writes} was
   * {@code writesThen}; nothing when a page was written since.
   */
  void markVerified(BitSet pages, long writesThen) {
    if (writes == writesThen) {
      verified.or(pages);
    }
  }

  /** Sets the checksum of {@code page} (a whole page, position 0) and writes it at its place. */
  void write(int pageId, ByteBuffer page) throws IOException {
    writes++;
    verified.clear(pageId);
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
