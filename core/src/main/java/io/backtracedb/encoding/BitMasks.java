package io.backtracedb.encoding;

/** Named helpers for the masks and sign tricks of the bit-level encodings. */
final class BitMasks {
  private BitMasks() {}

  /** The low {@code width} bits of {@code value}, the others cleared; width 0 to 64. */
  static long lowBits(long value, int width) {
    return width == 64 ? value : value & ((1L << width) - 1);
  }

  /** Reads the low {@code width} bits of {@code bits} as a two's complement number. */
  static long signExtend(long bits, int width) {
    int shift = 64 - width;
    return (bits << shift) >> shift;
  }

  /** Whether {@code value} fits a two's complement number of {@code width} bits (1 to 64). */
  static boolean fitsSigned(long value, int width) {
    return width == 64 || signExtend(value, width) == value;
  }

  /** Zig-zag: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... so small magnitudes have few bits. */
  static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  /** The inverse of {@link #zigZag}. */
  static long unZigZag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
