package io.backtracedb.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The constants of the WAL's on-disk format (specified in {@code docs/format/wal.md}) and the small
 * encoding helpers shared by {@link SegmentWriter} and {@link SegmentReader}.
 *
 * <p>All integers are big-endian. A segment is a header followed by records, nothing else.
 */
final class WalFormat {

  /** "BTWL" in ASCII: readable in a hex dump and never all zeros, unlike a zero-filled file. */
  static final int SEGMENT_MAGIC = 0x4254574C;

  /** Format version 1; a reader refuses versions it does not know rather than guess. */
  static final int FORMAT_VERSION = 1;

  /**
   * magic(4) version(4) sequence(8) firstLsn(8) crc(4): fixed, so records start at a known place.
   */
  static final int SEGMENT_HEADER_SIZE = 28;

  /** Offset of the header CRC32C, which covers bytes [0, 24) of the header. */
  static final int SEGMENT_HEADER_CRC_OFFSET = 24;

  /** crc(4) length(4) lsn(8) type(1): the smallest a record can be, used to bound LSN guesses. */
  static final int RECORD_HEADER_SIZE = 17;

  /** Offset of the payload length inside a record; the CRC covers from here to the record's end. */
  static final int RECORD_LENGTH_OFFSET = 4;

  /** Offset of the LSN inside a record. */
  static final int RECORD_LSN_OFFSET = 8;

  /** Offset of the record-type byte inside a record. */
  static final int RECORD_TYPE_OFFSET = 16;

  /**
   * A record carrying one opaque payload; 1 rather than 0 so that zero-filled bytes never parse.
   */
  static final byte TYPE_PAYLOAD = 1;

  /** 1 GiB: far above any commit, and it bounds what a damaged length field makes a reader scan. */
  static final int MAX_PAYLOAD_SIZE = 1 << 30;

  /** The first LSN of a new log; 0 means "no record" (an empty log's last LSN). */
  static final long FIRST_LSN = 1;

  /** The sequence number of the first segment of a new log. */
  static final long FIRST_SEQUENCE = 1;

  /** Segment files are named by 20 decimal digits, the width of the largest long, then this. */
  static final String SEGMENT_SUFFIX = ".wal";

  /** Digits in a segment file name: 20 so names sort in sequence order. */
  static final int SEGMENT_NAME_DIGITS = 20;

  private WalFormat() {}

  /** The file name of segment {@code sequence}, e.g. {@code 00000000000000000001.wal}. */
  static String segmentName(long sequence) {
    return String.format(Locale.ROOT, "%020d", sequence) + SEGMENT_SUFFIX;
  }

  /** The sequence number in a segment file name, or -1 when it is not one. */
  static long parseSegmentName(Path file) {
    String name = file.getFileName().toString();
    if (name.length() != SEGMENT_NAME_DIGITS + SEGMENT_SUFFIX.length()
        || !name.endsWith(SEGMENT_SUFFIX)) {
      return -1;
    }
    for (int i = 0; i < SEGMENT_NAME_DIGITS; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name.substring(0, SEGMENT_NAME_DIGITS));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The header of segment {@code sequence} whose first record will have {@code firstLsn}. */
  static ByteBuffer encodeSegmentHeader(long sequence, long firstLsn) {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
    header.putInt(SEGMENT_MAGIC).putInt(FORMAT_VERSION).putLong(sequence).putLong(firstLsn);
    header.putInt(crc(header.array(), 0, SEGMENT_HEADER_CRC_OFFSET));
    return header.flip();
  }

  /**
   * Encodes a payload record with {@code lsn} into {@code target}, which must have room for {@link
   * #recordSize} bytes, and returns it ready to write. {@code payload}'s position does not move.
   */
  static ByteBuffer encodeRecord(ByteBuffer target, long lsn, ByteBuffer payload) {
    target.clear();
    target.putInt(0).putInt(payload.remaining()).putLong(lsn).put(TYPE_PAYLOAD);
    target.put(payload.duplicate()).flip();
    CRC32C crc = new CRC32C();
    crc.update(target.duplicate().position(RECORD_LENGTH_OFFSET));
    target.putInt(0, (int) crc.getValue());
    return target;
  }

  /** The total size on disk of a record with a payload of {@code payloadSize} bytes. */
  static long recordSize(int payloadSize) {
    return (long) RECORD_HEADER_SIZE + payloadSize;
  }

  /** The CRC32C of {@code length} bytes of {@code bytes} from {@code offset}, as an int. */
  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
