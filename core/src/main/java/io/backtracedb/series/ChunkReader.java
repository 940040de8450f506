package io.backtracedb.series;

import io.backtracedb.CorruptionException;
import io.backtracedb.encoding.BitReader;
import io.backtracedb.encoding.DecimalIterator;
import io.backtracedb.encoding.EncodingException;
import io.backtracedb.encoding.IntegerEncoding;
import io.backtracedb.encoding.IntegerIterator;
import io.backtracedb.encoding.SampleIterator;
import io.backtracedb.encoding.TimestampIterator;
import io.backtracedb.encoding.XorIterator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Checks a chunk's bytes (CRC32C first, then the header's structure) and hands out lazy iterators
 * over its timestamps and fields, or decodes it whole with every consistency check ({@link
 * #decode()}).
 *
 * <p>The reader keeps a reference to the caller's bytes, which must not change while it is used.
 * Not thread-safe; each iterator is independent, so several may walk one chunk.
 */
public final class ChunkReader {
  /** Series id, min time, one-byte span, count and field count, timestamp length, CRC. */
  static final int MIN_CHUNK_BYTES = 4 + 8 + 1 + 1 + 1 + 1 + SeriesFormat.CHUNK_CRC_BYTES;

  private final byte[] bytes;
  private final int offset;
  private final Path file;
  private final long fileOffset;
  private final ChunkHeader header;
  private final int[] encodings;
  private final boolean[] withPresence;
  private final int[] dataOffsets;
  private final int[] dataLengths;
  private final int timestampOffset;
  private final int timestampLength;

  private ChunkReader(
      byte[] bytes,
      int offset,
      Path file,
      long fileOffset,
      ChunkHeader header,
      int[] encodings,
      boolean[] withPresence,
      int[] dataOffsets,
      int[] dataLengths,
      int timestampOffset,
      int timestampLength) {
    this.bytes = bytes;
    this.offset = offset;
    this.file = file;
    this.fileOffset = fileOffset;
    this.header = header;
    this.encodings = encodings;
    this.withPresence = withPresence;
    this.dataOffsets = dataOffsets;
    this.dataLengths = dataLengths;
    this.timestampOffset = timestampOffset;
    this.timestampLength = timestampLength;
  }

  /**
   * Checks and parses the chunk in {@code bytes[offset, offset + length)}, which lies at {@code
   * fileOffset} of {@code file} (both only name the place in errors).
   *
   * @throws CorruptionException when the checksum or the structure does not check
   */
  public static ChunkReader parse(
      byte[] bytes, int offset, int length, Path file, long fileOffset) {
    if (length < MIN_CHUNK_BYTES) {
      throw new CorruptionException(
          file,
          fileOffset,
          "chunk of "
              + length
              + " bytes is shorter than the smallest chunk ("
              + MIN_CHUNK_BYTES
              + ")");
    }
    int crcAt = offset + length - SeriesFormat.CHUNK_CRC_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, crcAt - offset);
    int stored = ByteBuffer.wrap(bytes, crcAt, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptionException(
          file,
          fileOffset + crcAt - offset,
          String.format(
              Locale.ROOT,
              "chunk checksum mismatch: stored %08x, computed %08x",
              stored,
              (int) crc.getValue()));
    }
    Varints.Cursor in = new Varints.Cursor(bytes, offset, crcAt);
    try {
      int seriesId = in.readInt();
      long minTime = in.readLong();
      long span = in.readVarint();
      long maxTime = minTime + span;
      long count = in.readVarint();
      if (seriesId < 0) {
        throw new IllegalStateException("negative series id " + seriesId);
      }
      if (maxTime < minTime) {
        throw new IllegalStateException("time span " + Long.toUnsignedString(span) + " overflows");
      }
      if (count < 1 || count > SeriesFormat.MAX_CHUNK_SAMPLES || (count == 1) != (span == 0)) {
        throw new IllegalStateException(
            "sample count " + count + " does not fit a time span of " + span);
      }
      int fieldCount = in.readByte();
      int[] encodings = new int[fieldCount];
      boolean[] withPresence = new boolean[fieldCount];
      int[] dataLengths = new int[fieldCount];
      long total = 0;
      for (int f = 0; f < fieldCount; f++) {
        int code = in.readByte();
        encodings[f] = code & SeriesFormat.FIELD_ENCODING_MASK;
        withPresence[f] = (code & SeriesFormat.FIELD_HAS_PRESENCE) != 0;
        if (typeOf(encodings[f]) == null) {
          throw new IllegalStateException("field " + f + " has unknown encoding " + encodings[f]);
        }
        long fieldLength = in.readVarint();
        if (fieldLength > length
            || (withPresence[f] && fieldLength < ChunkWriter.presenceBytes((int) count))) {
          throw new IllegalStateException(
              "field " + f + " length " + fieldLength + " is impossible");
        }
        dataLengths[f] = (int) fieldLength;
        total += fieldLength;
      }
      long timestampLength = in.readVarint();
      total += timestampLength;
      int dataStart = in.position();
      if (total != crcAt - dataStart) {
        throw new IllegalStateException(
            "streams of " + total + " bytes do not fill the " + (crcAt - dataStart) + " left");
      }
      int[] dataOffsets = new int[fieldCount];
      int next = dataStart + (int) timestampLength;
      for (int f = 0; f < fieldCount; f++) {
        dataOffsets[f] = next;
        next += dataLengths[f];
      }
      ChunkHeader header = new ChunkHeader(seriesId, minTime, maxTime, (int) count);
      return new ChunkReader(
          bytes,
          offset,
          file,
          fileOffset,
          header,
          encodings,
          withPresence,
          dataOffsets,
          dataLengths,
          dataStart,
          (int) timestampLength);
    } catch (IllegalStateException e) {
      throw new CorruptionException(
          file, fileOffset + in.position() - offset, "bad chunk header: " + e.getMessage(), e);
    }
  }

  private static FieldType typeOf(int encoding) {
    switch (encoding) {
      case SeriesFormat.ENCODING_XOR:
      case SeriesFormat.ENCODING_DECIMAL_DELTA:
      case SeriesFormat.ENCODING_DECIMAL_DELTA_OF_DELTA:
        return FieldType.DOUBLE;
      case SeriesFormat.ENCODING_INTEGER_DELTA:
      case SeriesFormat.ENCODING_INTEGER_DELTA_OF_DELTA:
        return FieldType.BIGINT;
      default:
        return null;
    }
  }

  /** The chunk's series, time range and sample count. */
  public ChunkHeader header() {
    return header;
  }

  /** The number of fields. */
  public int fieldCount() {
    return encodings.length;
  }

  /** The on-disk encoding of field {@code field}: one of the {@code SeriesFormat.ENCODING_*}. */
  public int fieldEncoding(int field) {
    return encodings[field];
  }

  /** The type of field {@code field}. */
  public FieldType fieldType(int field) {
    return typeOf(encodings[field]);
  }

  /** A fresh iterator over the timestamps. */
  public TimestampIterator timestamps() {
    return TimestampIterator.afterFirst(
        BitReader.ofBytes(bytes, timestampOffset, timestampLength),
        header.sampleCount(),
        header.minTime());
  }

  /**
   * A fresh iterator over field {@code field}: every sample's timestamp with the field's value or
   * its absence. Decoding is lazy: a stream that the CRC did not catch as damaged throws {@link
   * EncodingException} from {@code next()}; use {@link #decode()} to check everything up front.
   */
  public SampleIterator field(int field) {
    if (field < 0 || field >= encodings.length) {
      throw new IllegalArgumentException(
          "cannot read field " + field + ": the chunk has " + encodings.length + " fields");
    }
    return iterator(field, timestamps(), valueBits(field));
  }

  private SampleIterator iterator(int field, TimestampIterator times, BitReader values) {
    long[] present = presentBits(field);
    switch (encodings[field]) {
      case SeriesFormat.ENCODING_XOR:
        return new XorIterator(times, present, values);
      case SeriesFormat.ENCODING_INTEGER_DELTA:
        return new IntegerIterator(times, present, values, IntegerEncoding.DELTA);
      case SeriesFormat.ENCODING_DECIMAL_DELTA:
        return new DecimalIterator(times, present, values, IntegerEncoding.DELTA);
      case SeriesFormat.ENCODING_DECIMAL_DELTA_OF_DELTA:
        return new DecimalIterator(times, present, values, IntegerEncoding.DELTA_OF_DELTA);
      default:
        return new IntegerIterator(times, present, values, IntegerEncoding.DELTA_OF_DELTA);
    }
  }

  private long[] presentBits(int field) {
    if (!withPresence[field]) {
      return null;
    }
    int start = dataOffsets[field];
    int presenceBytes = ChunkWriter.presenceBytes(header.sampleCount());
    long[] present = new long[(presenceBytes + 7) >>> 3];
    for (int i = 0; i < presenceBytes; i++) {
      present[i >>> 3] |= (bytes[start + i] & 0xFFL) << ((i & 7) * 8);
    }
    return present;
  }

  private BitReader valueBits(int field) {
    int skip = withPresence[field] ? ChunkWriter.presenceBytes(header.sampleCount()) : 0;
    return BitReader.ofBytes(bytes, dataOffsets[field] + skip, dataLengths[field] - skip);
  }

  /**
   * Decodes every timestamp and field, checking that timestamps strictly ascend from the header's
   * min time to its max time and that every stream ends exactly where its bytes end.
   *
   * @throws CorruptionException naming the file and the offset of the stream that does not check
   */
  public DecodedChunk decode() {
    int count = header.sampleCount();
    long[] times = new long[count];
    BitReader timeBits = BitReader.ofBytes(bytes, timestampOffset, timestampLength);
    TimestampIterator it = TimestampIterator.afterFirst(timeBits, count, header.minTime());
    long streamAt = timestampOffset;
    try {
      for (int i = 0; i < count; i++) {
        it.next();
        times[i] = it.timestamp();
        if (i > 0 && times[i] <= times[i - 1]) {
          throw new EncodingException(
              "timestamp " + times[i] + " of sample " + i + " is not after " + times[i - 1]);
        }
      }
      if (times[count - 1] != header.maxTime()) {
        throw new EncodingException(
            "last timestamp " + times[count - 1] + " is not the max time " + header.maxTime());
      }
      requireEnd(timeBits);
      long[][] values = new long[encodings.length][count];
      boolean[][] present = new boolean[encodings.length][count];
      for (int f = 0; f < encodings.length; f++) {
        streamAt = dataOffsets[f];
        BitReader valueBits = valueBits(f);
        SampleIterator field =
            iterator(
                f,
                TimestampIterator.afterFirst(
                    BitReader.ofBytes(bytes, timestampOffset, timestampLength),
                    count,
                    header.minTime()),
                valueBits);
        for (int i = 0; i < count; i++) {
          field.next();
          present[f][i] = field.present();
          if (present[f][i]) {
            values[f][i] =
                fieldType(f) == FieldType.DOUBLE
                    ? Double.doubleToRawLongBits(field.value())
                    : field.longValue();
          }
        }
        requireEnd(valueBits);
      }
      return new DecodedChunk(header, fieldTypes(), times, values, present);
    } catch (EncodingException e) {
      throw new CorruptionException(
          file,
          fileOffset + streamAt - offset,
          "cannot decode chunk of series " + header.seriesId() + ": " + e.getMessage(),
          e);
    }
  }

  /** A stream is padded to whole bytes only: more than seven unread bits mean it is damaged. */
  private static void requireEnd(BitReader stream) {
    if (stream.remaining() >= 8) {
      throw new EncodingException(
          stream.remaining() + " bits are left after the last value at bit " + stream.position());
    }
  }

  private FieldType[] fieldTypes() {
    FieldType[] types = new FieldType[encodings.length];
    for (int f = 0; f < types.length; f++) {
      types[f] = fieldType(f);
    }
    return types;
  }
}
