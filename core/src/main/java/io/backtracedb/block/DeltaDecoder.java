package io.backtracedb.block;

import java.io.IOException;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Decodes a page of Parquet's DELTA_BINARY_PACKED integers from a byte array into a {@code long[]}
 * in one pass: the header (block size, miniblocks per block, value count, first value), then per
 * block a minimum delta, the miniblocks' bit widths and the bit-packed miniblocks, unpacked eight
 * values at a time with Parquet's own packers. Parquet's reader decodes the same way but through a
 * {@code ByteBuffer} value by value, several times slower for one page read for a few rows. INT32
 * columns decode the same way and fit an {@code int} (their arithmetic wraps at 32 bits).
 */
final class DeltaDecoder {
  private static final BytePackerForLong[] PACKERS = new BytePackerForLong[65];

  /** Writers use 32 values per miniblock; far more is damage, not worth a buffer that large. */
  private static final int MAX_MINIBLOCK_VALUES = 1 << 16;

  static {
    for (int width = 0; width <= 64; width++) {
      PACKERS[width] = Packer.LITTLE_ENDIAN.newBytePackerForLong(width);
    }
  }

  private final byte[] data;
  private final int end;
  private int position;

  private DeltaDecoder(byte[] data, int offset, int length) {
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  /**
   * The values encoded in {@code data[offset, offset + length)}, which must number {@code
   * expected}.
   *
   * @throws IOException when the bytes are malformed, truncated or hold another number of values
   */
  static long[] decode(byte[] data, int offset, int length, int expected) throws IOException {
    return new DeltaDecoder(data, offset, length).decode(expected);
  }

  private long[] decode(int expected) throws IOException {
    int blockSize = readInt();
    int miniblocks = readInt();
    int count = readInt();
    if (blockSize <= 0
        || miniblocks <= 0
        || blockSize % miniblocks != 0
        || (blockSize / miniblocks) % 8 != 0
        || blockSize / miniblocks > MAX_MINIBLOCK_VALUES) {
      throw new IOException(
          "malformed DELTA_BINARY_PACKED header: blocks of "
              + blockSize
              + " values in "
              + miniblocks
              + " miniblocks");
    }
    if (count != expected) {
      throw new IOException(
          "DELTA_BINARY_PACKED page holds " + count + " values, its header says " + expected);
    }
    long[] values = new long[count];
    if (count == 0) {
      return values;
    }
    long previous = zigZag(readLong());
    values[0] = previous;
    int perMiniblock = blockSize / miniblocks;
    long[] deltas = new long[perMiniblock];
    int n = 1;
    while (n < count) {
      long minDelta = zigZag(readLong());
      int widths = position;
      need(miniblocks);
      position += miniblocks;
      for (int m = 0; m < miniblocks && n < count; m++) {
        int width = data[widths + m] & 0xFF;
        if (width > 64) {
          throw new IOException("DELTA_BINARY_PACKED miniblock of " + width + "-bit values");
        }
        int bytes = perMiniblock / 8 * width;
        need(bytes);
        if (width == 0) {
          // Parquet's 0-bit packer writes nothing: every delta is the minimum.
          java.util.Arrays.fill(deltas, 0L);
        } else {
          BytePackerForLong packer = PACKERS[width];
          for (int k = 0; k < perMiniblock; k += 8) {
            packer.unpack8Values(data, position + k / 8 * width, deltas, k);
          }
        }
        position += bytes;
        int take = Math.min(perMiniblock, count - n);
        for (int k = 0; k < take; k++) {
          previous += minDelta + deltas[k];
          values[n++] = previous;
        }
      }
    }
    return values;
  }

  private void need(int bytes) throws IOException {
    if (bytes < 0 || position + bytes > end) {
      throw new IOException("DELTA_BINARY_PACKED page ends before its values");
    }
  }

  private int readInt() throws IOException {
    long value = readLong();
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IOException("DELTA_BINARY_PACKED header value " + value + " out of range");
    }
    return (int) value;
  }

  /** An unsigned LEB128 varint of up to 64 bits. */
  private long readLong() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      int b = data[position++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("DELTA_BINARY_PACKED varint longer than 64 bits");
  }

  private static long zigZag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
