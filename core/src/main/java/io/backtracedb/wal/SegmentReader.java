package io.backtracedb.wal;

import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Reads one segment file: its header, its records one offset at a time, and a forward search for an
 * intact record after damage. It only reads; repairs are {@link WalRecovery}'s business.
 *
 * <p>Not thread-safe. {@link #readRecord} describes the record it read through {@link #lsn()},
 * {@link #recordSize()} and {@link #payload()} until the next call.
 */
final class SegmentReader implements Closeable {

  /** Bytes read per channel read: large enough for sequential replay, small enough to keep. */
  private static final int WINDOW_SIZE = 256 << 10;

  /** A segment header as read, or what is wrong with it. */
  record Header(long sequence, long firstLsn, String damage, boolean torn) {
    /** Whether the header checked out. */
    boolean intact() {
      return damage == null;
    }
  }

  private final Path path;
  private final SeekableByteChannel channel;
  private final long size;
  private ByteBuffer window = ByteBuffer.allocate(WINDOW_SIZE);
  private long windowStart;

  private long lsn;
  private int payloadSize;
  private long payloadOffset;
  private boolean lsnMismatch;

  private SegmentReader(Path path, SeekableByteChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    window.limit(0);
  }

  /**
   * Opens {@code path}, reading at most its first {@code limit} bytes ({@code -1} for all of them;
   * a limit lets a check of a live log ignore a record being appended).
   */
  static SegmentReader open(FileIO io, Path path, long limit) throws IOException {
    SeekableByteChannel channel = io.openRead(path);
    try {
      long fileSize = channel.size();
      return new SegmentReader(path, channel, limit < 0 ? fileSize : Math.min(limit, fileSize));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Whether segment {@code path} holds any data: a header that is damaged but not torn, or an
   * intact record anywhere after the header.
   */
  static boolean containsData(FileIO io, Path path) throws IOException {
    try (SegmentReader reader = open(io, path, -1)) {
      Header header = reader.readHeader();
      if (!header.intact() && !header.torn()) {
        return true;
      }
      return reader.containsRecords(header);
    }
  }

  /**
   * Whether an intact record follows the header; when the header is torn, its first LSN is unknown
   * and a record with any LSN counts.
   */
  boolean containsRecords(Header header) throws IOException {
    if (header.intact()) {
      return findRecord(WalFormat.SEGMENT_HEADER_SIZE, header.firstLsn()) >= 0;
    }
    return findRecord(WalFormat.SEGMENT_HEADER_SIZE, WalFormat.FIRST_LSN, Long.MAX_VALUE) >= 0;
  }

  /** The segment file. */
  Path path() {
    return path;
  }

  /** The number of bytes this reader sees. */
  long size() {
    return size;
  }

  /**
   * Reads and checks the header. It is torn (an interrupted creation rather than corruption) when
   * the file is shorter than a header or the header is all zeros.
   */
  Header readHeader() throws IOException {
    if (size < WalFormat.SEGMENT_HEADER_SIZE) {
      return new Header(-1, -1, "segment header incomplete: file has " + size + " bytes", true);
    }
    int at = ensure(0, WalFormat.SEGMENT_HEADER_SIZE);
    if (isZero(at, WalFormat.SEGMENT_HEADER_SIZE)) {
      return new Header(-1, -1, "segment header is all zeros", true);
    }
    int magic = window.getInt(at);
    int version = window.getInt(at + 4);
    long sequence = window.getLong(at + 8);
    long firstLsn = window.getLong(at + 16);
    int storedCrc = window.getInt(at + WalFormat.SEGMENT_HEADER_CRC_OFFSET);
    int crc = crcOfWindow(at, WalFormat.SEGMENT_HEADER_CRC_OFFSET);
    String damage = null;
    if (magic != WalFormat.SEGMENT_MAGIC) {
      damage =
          String.format(
              Locale.ROOT,
              "bad segment magic 0x%08x, expected 0x%08x",
              magic,
              WalFormat.SEGMENT_MAGIC);
    } else if (storedCrc != crc) {
      damage =
          String.format(
              Locale.ROOT,
              "segment header checksum mismatch (stored 0x%08x, computed 0x%08x)",
              storedCrc,
              crc);
    } else if (version != WalFormat.FORMAT_VERSION) {
      damage =
          "unsupported WAL format version "
              + version
              + " (this build reads "
              + WalFormat.FORMAT_VERSION
              + ")";
    } else if (firstLsn < WalFormat.FIRST_LSN) {
      damage = "segment header has an impossible first LSN " + firstLsn;
    }
    return new Header(sequence, firstLsn, damage, false);
  }

  /**
   * Reads the record at {@code offset}, which should carry {@code expectedLsn}. Returns null when
   * it is intact, else what is wrong; when the only fault is the LSN, {@link #lsnMismatch()} is
   * true.
   */
  String readRecord(long offset, long expectedLsn) throws IOException {
    lsnMismatch = false;
    long left = size - offset;
    if (left < WalFormat.RECORD_HEADER_SIZE) {
      return "incomplete record header (" + left + " bytes left in segment)";
    }
    int at = ensure(offset, WalFormat.RECORD_HEADER_SIZE);
    int storedCrc = window.getInt(at);
    int length = window.getInt(at + WalFormat.RECORD_LENGTH_OFFSET);
    long recordLsn = window.getLong(at + WalFormat.RECORD_LSN_OFFSET);
    byte type = window.get(at + WalFormat.RECORD_TYPE_OFFSET);
    if (length < 0 || length > WalFormat.MAX_PAYLOAD_SIZE) {
      return "impossible payload length " + Integer.toUnsignedString(length);
    }
    if (WalFormat.recordSize(length) > left) {
      return "record of "
          + WalFormat.recordSize(length)
          + " bytes runs past the end of the segment ("
          + left
          + " bytes left)";
    }
    int crc =
        crcOf(
            offset + WalFormat.RECORD_LENGTH_OFFSET,
            WalFormat.RECORD_HEADER_SIZE - WalFormat.RECORD_LENGTH_OFFSET + length);
    if (crc != storedCrc) {
      return String.format(
          Locale.ROOT, "record checksum mismatch (stored 0x%08x, computed 0x%08x)", storedCrc, crc);
    }
    if (type != WalFormat.TYPE_PAYLOAD) {
      return "unknown record type " + type;
    }
    this.lsn = recordLsn;
    this.payloadSize = length;
    this.payloadOffset = offset + WalFormat.RECORD_HEADER_SIZE;
    if (recordLsn != expectedLsn) {
      lsnMismatch = true;
      return "LSN discontinuity: expected " + expectedLsn + ", found " + recordLsn;
    }
    return null;
  }

  /** Whether the last {@link #readRecord} failed only because of an unexpected LSN. */
  boolean lsnMismatch() {
    return lsnMismatch;
  }

  /** The LSN of the record last read or found. */
  long lsn() {
    return lsn;
  }

  /** The size on disk of the record last read or found. */
  long recordSize() {
    return WalFormat.recordSize(payloadSize);
  }

  /** The payload of the record last read, read-only; valid until the next read. */
  ByteBuffer payload() throws IOException {
    if (payloadSize > window.capacity()) {
      ByteBuffer whole = ByteBuffer.allocate(payloadSize);
      readFully(payloadOffset, whole);
      return whole.flip().asReadOnlyBuffer();
    }
    int at = ensure(payloadOffset, payloadSize);
    return window.duplicate().position(at).limit(at + payloadSize).slice().asReadOnlyBuffer();
  }

  /**
   * The offset of the first intact record at or after {@code from} whose LSN is at least {@code
   * minLsn} and small enough to fit the bytes left, or -1. A plausible header is not enough: the
   * checksum must match, so random bytes are not taken for a record. On success, {@link #lsn()} and
   * {@link #recordSize()} describe the record found.
   */
  long findRecord(long from, long minLsn) throws IOException {
    return findRecord(from, minLsn, minLsn + (size - from) / WalFormat.RECORD_HEADER_SIZE);
  }

  /** Like {@link #findRecord(long, long)}, accepting LSNs up to {@code maxLsn}. */
  long findRecord(long from, long minLsn, long maxLsn) throws IOException {
    for (long offset = from; offset + WalFormat.RECORD_HEADER_SIZE <= size; offset++) {
      int at = ensure(offset, WalFormat.RECORD_HEADER_SIZE);
      if (window.get(at + WalFormat.RECORD_TYPE_OFFSET) != WalFormat.TYPE_PAYLOAD) {
        continue;
      }
      long candidate = window.getLong(at + WalFormat.RECORD_LSN_OFFSET);
      int length = window.getInt(at + WalFormat.RECORD_LENGTH_OFFSET);
      if (candidate < minLsn
          || candidate > maxLsn
          || length < 0
          || WalFormat.recordSize(length) > size - offset) {
        continue;
      }
      if (readRecord(offset, candidate) == null) {
        return offset;
      }
    }
    return -1;
  }

  /** Whether bytes [from, size) are all zero. */
  boolean isZeroFrom(long from) throws IOException {
    for (long offset = from; offset < size; ) {
      int chunk = (int) Math.min(WINDOW_SIZE, size - offset);
      if (!isZero(ensure(offset, chunk), chunk)) {
        return false;
      }
      offset += chunk;
    }
    return true;
  }

  private boolean isZero(int at, int length) {
    for (int i = at; i < at + length; i++) {
      if (window.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private int crcOf(long from, int length) throws IOException {
    CRC32C crc = new CRC32C();
    long offset = from;
    long end = from + length;
    while (offset < end) {
      int chunk = (int) Math.min(WINDOW_SIZE, end - offset);
      int at = ensure(offset, chunk);
      crc.update(window.duplicate().position(at).limit(at + chunk));
      offset += chunk;
    }
    return (int) crc.getValue();
  }

  private int crcOfWindow(int at, int length) {
    CRC32C crc = new CRC32C();
    crc.update(window.duplicate().position(at).limit(at + length));
    return (int) crc.getValue();
  }

  /** Makes [offset, offset + length) readable in the window and returns the index of offset. */
  private int ensure(long offset, int length) throws IOException {
    if (offset >= windowStart && offset + length <= windowStart + window.limit()) {
      return (int) (offset - windowStart);
    }
    if (window.capacity() < length) {
      window = ByteBuffer.allocate(length);
    } else if (window.capacity() > WINDOW_SIZE && length <= WINDOW_SIZE) {
      window = ByteBuffer.allocate(WINDOW_SIZE);
    }
    window.clear();
    window.limit((int) Math.min(window.capacity(), size - offset));
    readFully(offset, window);
    window.flip();
    windowStart = offset;
    return 0;
  }

  private void readFully(long offset, ByteBuffer target) throws IOException {
    channel.position(offset);
    while (target.hasRemaining()) {
      if (channel.read(target) < 0) {
        throw new EOFException(
            "segment " + path + " ended early at offset " + (offset + target.position()));
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
