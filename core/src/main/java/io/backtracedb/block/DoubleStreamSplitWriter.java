package io.backtracedb.block;

import java.util.Arrays;
import java.util.Locale;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;

/**
 * Encodes a page of DOUBLE values as BYTE_STREAM_SPLIT: byte {@code k} (little-endian) of every
 * value, then byte {@code k + 1} of every value, for {@code k} from 0 to 7.
 *
 * <p>Parquet's own writer splits each value into eight streams as it arrives and allocates an array
 * per value; this one keeps the values' bits in a {@code long[]} and splits the page once, when its
 * bytes are asked for. The bytes, the reported buffered size and the encoding are the same, so
 * pages are cut at the same rows. The returned bytes stay valid until the next call to {@link
 * #getBytes()}, which Parquet makes only after the page has been copied. Not thread-safe.
 */
final class DoubleStreamSplitWriter extends ValuesWriter {
  /** Values a new writer has room for; grows by doubling to the largest page seen. */
  private static final int INITIAL_VALUES = 1024;

  private long[] bits = new long[INITIAL_VALUES];
  private int count;
  private byte[] encoded = new byte[0];

  @Override
  public void writeDouble(double value) {
    if (count == bits.length) {
      bits = Arrays.copyOf(bits, count * 2);
    }
    bits[count++] = Double.doubleToRawLongBits(value); // raw: a NaN keeps its payload bits
  }

  @Override
  public long getBufferedSize() {
    return (long) count * Double.BYTES;
  }

  @Override
  public BytesInput getBytes() {
    int values = count;
    int size = values * Double.BYTES;
    if (encoded.length < size) {
      encoded = new byte[size];
    }
    for (int k = 0; k < Double.BYTES; k++) {
      int shift = k * Byte.SIZE;
      int stream = k * values;
      for (int i = 0; i < values; i++) {
        encoded[stream + i] = (byte) (bits[i] >>> shift);
      }
    }
    return BytesInput.from(encoded, 0, size);
  }

  @Override
  public Encoding getEncoding() {
    return Encoding.BYTE_STREAM_SPLIT;
  }

  @Override
  public void reset() {
    count = 0;
  }

  @Override
  public void close() {
    count = 0;
    bits = new long[0];
    encoded = new byte[0];
  }

  @Override
  public long getAllocatedSize() {
    return (long) bits.length * Long.BYTES + encoded.length;
  }

  @Override
  public String memUsageString(String prefix) {
    return String.format(
        Locale.ROOT,
        "%s DoubleStreamSplitWriter{%d values, %d bytes allocated}",
        prefix,
        count,
        getAllocatedSize());
  }
}
