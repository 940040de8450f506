package io.backtracedb.series;

import io.backtracedb.encoding.BitWriter;
import io.backtracedb.encoding.DecimalScale;
import io.backtracedb.encoding.IntegerAppender;
import io.backtracedb.encoding.IntegerEncoding;
import io.backtracedb.encoding.TimestampAppender;
import io.backtracedb.encoding.XorAppender;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Collects the samples of one series and seals them into a chunk (layout in docs/format/series.md):
 * timestamps, then one column per field, each field of each sample present or absent.
 *
 * <p>Usage: {@link #append(long)} a timestamp, then {@link #setDouble} / {@link #setLong} the
 * fields it has (the others stay absent); {@link #seal()} when {@link #canAppend(long)} says the
 * next sample does not fit. Samples are buffered in primitive arrays and encoded at seal time,
 * which lets each BIGINT field pick whichever of delta and delta-of-delta is shorter. Timestamps
 * must strictly ascend. Not thread-safe; the writer is reused for the series' next chunk after a
 * seal.
 */
public final class ChunkWriter {
  private final int seriesId;
  private final FieldType[] fields;
  private final ChunkLimits limits;
  private final BitWriter timestampBits = new BitWriter();
  private final BitWriter[] fieldBits;
  private final CRC32C crc = new CRC32C();
  private long[] timestamps;
  private long[][] values; // per field: raw double bits or longs, indexed by sample
  private long[][] presentBits; // per field: bit i set when sample i has a value
  private long[] compacted; // the present values of one field, reused at seal
  private long[] scaled; // those values as scaled decimals, reused at seal
  private int count;

  /** A writer for series {@code seriesId} whose samples carry {@code fields}. */
  public ChunkWriter(int seriesId, FieldType[] fields, ChunkLimits limits) {
    if (seriesId < 0) {
      throw new IllegalArgumentException("series id must not be negative, got " + seriesId);
    }
    if (fields.length > SeriesFormat.MAX_FIELDS) {
      throw new IllegalArgumentException(
          "a chunk holds at most " + SeriesFormat.MAX_FIELDS + " fields, got " + fields.length);
    }
    this.seriesId = seriesId;
    this.fields = fields.clone();
    this.limits = limits;
    this.fieldBits = new BitWriter[fields.length];
    for (int f = 0; f < fields.length; f++) {
      fieldBits[f] = new BitWriter();
    }
    int capacity = Math.min(limits.maxSamples(), 128);
    timestamps = new long[capacity];
    values = new long[fields.length][capacity];
    presentBits = new long[fields.length][words(capacity)];
    compacted = new long[capacity];
    scaled = new long[capacity];
  }

  /** The series this writer collects. */
  public int seriesId() {
    return seriesId;
  }

  /** The number of samples collected since the last seal. */
  public int sampleCount() {
    return count;
  }

  /** Whether a sample at {@code timestamp} would fit: not full, ascending, within the time span. */
  public boolean canAppend(long timestamp) {
    if (count == 0) {
      return true;
    }
    long last = timestamps[count - 1];
    // timestamp > first, so the unsigned difference is the true span even when it overflows a long.
    return count < limits.maxSamples()
        && timestamp > last
        && Long.compareUnsigned(timestamp - timestamps[0], limits.maxSpanMillis()) < 0;
  }

  /**
   * Starts a sample at {@code timestamp} with every field absent.
   *
   * @throws IllegalArgumentException when {@code timestamp} is not after the previous sample's
   * @throws IllegalStateException when the chunk is full (seal it first)
   */
  public void append(long timestamp) {
    if (count > 0 && timestamp <= timestamps[count - 1]) {
      throw new IllegalArgumentException(
          "cannot append to series "
              + seriesId
              + ": timestamp "
              + timestamp
              + " is not after "
              + timestamps[count - 1]);
    }
    if (!canAppend(timestamp)) {
      throw new IllegalStateException(
          "cannot append to series "
              + seriesId
              + ": the chunk is full ("
              + count
              + " samples from "
              + timestamps[0]
              + "); seal it first");
    }
    if (count == timestamps.length) {
      grow();
    }
    timestamps[count] = timestamp;
    for (long[] bits : presentBits) {
      bits[count >>> 6] &= ~(1L << (count & 63));
    }
    count++;
  }

  /** Sets DOUBLE field {@code field} of the current sample. */
  public void setDouble(int field, double value) {
    set(field, FieldType.DOUBLE, Double.doubleToRawLongBits(value));
  }

  /** Sets BIGINT field {@code field} of the current sample. */
  public void setLong(int field, long value) {
    set(field, FieldType.BIGINT, value);
  }

  private void set(int field, FieldType type, long bits) {
    if (count == 0) {
      throw new IllegalStateException(
          "cannot set field " + field + " of series " + seriesId + ": append a timestamp first");
    }
    if (field < 0 || field >= fields.length || fields[field] != type) {
      throw new IllegalArgumentException(
          "cannot set field "
              + field
              + " of series "
              + seriesId
              + " as "
              + type
              + ": the fields are "
              + Arrays.toString(fields));
    }
    int sample = count - 1;
    values[field][sample] = bits;
    presentBits[field][sample >>> 6] |= 1L << (sample & 63);
  }

  /**
   * Encodes the collected samples into a chunk and empties the writer.
   *
   * @throws IllegalStateException when no sample was appended
   */
  public SealedChunk seal() {
    if (count == 0) {
      throw new IllegalStateException(
          "cannot seal a chunk of series " + seriesId + ": it is empty");
    }
    timestampBits.reset();
    TimestampAppender times = TimestampAppender.afterFirst(timestampBits, timestamps[0]);
    for (int i = 1; i < count; i++) {
      times.append(timestamps[i]);
    }
    int[] encodings = new int[fields.length];
    boolean[] withPresence = new boolean[fields.length];
    int fieldBytes = 0;
    for (int f = 0; f < fields.length; f++) {
      int present = compactPresent(f);
      withPresence[f] = present < count;
      encodings[f] = encodeField(f, present);
      fieldBytes += fieldLength(f, withPresence[f]);
    }
    long span = timestamps[count - 1] - timestamps[0];
    int size =
        4
            + 8
            + Varints.size(span)
            + Varints.size(count)
            + 1
            + Varints.size(timestampBits.byteCount());
    for (int f = 0; f < fields.length; f++) {
      size += 1 + Varints.size(fieldLength(f, withPresence[f]));
    }
    size += timestampBits.byteCount() + fieldBytes + SeriesFormat.CHUNK_CRC_BYTES;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(seriesId);
    out.putLong(timestamps[0]);
    Varints.write(out, span);
    Varints.write(out, count);
    out.put((byte) fields.length);
    for (int f = 0; f < fields.length; f++) {
      out.put((byte) (encodings[f] | (withPresence[f] ? SeriesFormat.FIELD_HAS_PRESENCE : 0)));
      Varints.write(out, fieldLength(f, withPresence[f]));
    }
    Varints.write(out, timestampBits.byteCount());
    timestampBits.writeTo(out);
    for (int f = 0; f < fields.length; f++) {
      if (withPresence[f]) {
        writePresence(out, presentBits[f]);
      }
      fieldBits[f].writeTo(out);
    }
    crc.reset();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    // Invariant: the size computed up front is exactly what was written.
    assert !out.hasRemaining();
    ChunkHeader header = new ChunkHeader(seriesId, timestamps[0], timestamps[count - 1], count);
    count = 0;
    return new SealedChunk(header, out.array());
  }

  private int compactPresent(int field) {
    int present = 0;
    long[] bits = presentBits[field];
    long[] column = values[field];
    for (int i = 0; i < count; i++) {
      if ((bits[i >>> 6] & (1L << (i & 63))) != 0) {
        compacted[present++] = column[i];
      }
    }
    return present;
  }

  private int encodeField(int field, int present) {
    BitWriter bits = fieldBits[field];
    bits.reset();
    if (fields[field] == FieldType.BIGINT) {
      IntegerEncoding encoding = shorterIntegerEncoding(compacted, present);
      appendIntegers(bits, compacted, present, encoding);
      return encoding == IntegerEncoding.DELTA
          ? SeriesFormat.ENCODING_INTEGER_DELTA
          : SeriesFormat.ENCODING_INTEGER_DELTA_OF_DELTA;
    }
    XorAppender xor = new XorAppender(bits);
    for (int i = 0; i < present; i++) {
      xor.append(Double.longBitsToDouble(compacted[i]));
    }
    int scale = present == 0 ? -1 : DecimalScale.scaleOf(compacted, present);
    if (scale < 0) {
      return SeriesFormat.ENCODING_XOR;
    }
    // Short decimals: keep whichever of XOR and scaled integers is smaller.
    for (int i = 0; i < present; i++) {
      scaled[i] = DecimalScale.scale(Double.longBitsToDouble(compacted[i]), scale);
    }
    IntegerEncoding encoding = shorterIntegerEncoding(scaled, present);
    long decimalBits = DecimalScale.SCALE_BITS + IntegerAppender.bitsFor(scaled, present, encoding);
    if (decimalBits >= bits.bitCount()) {
      return SeriesFormat.ENCODING_XOR;
    }
    bits.reset();
    bits.writeBits(scale, DecimalScale.SCALE_BITS);
    appendIntegers(bits, scaled, present, encoding);
    return encoding == IntegerEncoding.DELTA
        ? SeriesFormat.ENCODING_DECIMAL_DELTA
        : SeriesFormat.ENCODING_DECIMAL_DELTA_OF_DELTA;
  }

  private static IntegerEncoding shorterIntegerEncoding(long[] values, int count) {
    long deltaBits = IntegerAppender.bitsFor(values, count, IntegerEncoding.DELTA);
    long secondOrderBits = IntegerAppender.bitsFor(values, count, IntegerEncoding.DELTA_OF_DELTA);
    return secondOrderBits < deltaBits ? IntegerEncoding.DELTA_OF_DELTA : IntegerEncoding.DELTA;
  }

  private static void appendIntegers(
      BitWriter bits, long[] values, int count, IntegerEncoding encoding) {
    IntegerAppender appender = new IntegerAppender(bits, encoding);
    for (int i = 0; i < count; i++) {
      appender.append(values[i]);
    }
  }

  private int fieldLength(int field, boolean withPresence) {
    return (withPresence ? presenceBytes(count) : 0) + fieldBits[field].byteCount();
  }

  private void writePresence(ByteBuffer out, long[] bits) {
    int bytes = presenceBytes(count);
    for (int i = 0; i < bytes; i++) {
      int b = (int) (bits[i >>> 3] >>> ((i & 7) * 8)) & 0xFF;
      if (i == bytes - 1 && (count & 7) != 0) {
        b &= (1 << (count & 7)) - 1; // bits past the last sample are stale from earlier chunks
      }
      out.put((byte) b);
    }
  }

  /** The bytes of a presence bitmap for {@code samples} samples: one bit each, rounded up. */
  static int presenceBytes(int samples) {
    return (samples + 7) >>> 3;
  }

  private void grow() {
    int capacity = Math.min(limits.maxSamples(), timestamps.length * 2);
    timestamps = Arrays.copyOf(timestamps, capacity);
    compacted = new long[capacity];
    scaled = new long[capacity];
    for (int f = 0; f < fields.length; f++) {
      values[f] = Arrays.copyOf(values[f], capacity);
      presentBits[f] = Arrays.copyOf(presentBits[f], words(capacity));
    }
  }

  private static int words(int bits) {
    return (bits + 63) >>> 6;
  }
}
