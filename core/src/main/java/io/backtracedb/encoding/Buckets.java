package io.backtracedb.encoding;

/**
 * Variable-length signed numbers: zero is the single bit {@code 0}; any other value takes the first
 * bucket wide enough for it, announced by a unary prefix ({@code 10}, {@code 110}, ...; the last
 * bucket's prefix is all ones with no closing zero) and followed by the value in that many bits of
 * two's complement.
 *
 * <p>Immutable and thread-safe.
 */
public final class Buckets {
  /**
   * The Gorilla paper's timestamp buckets (7, 9, 12 and 32 bits), plus a 64-bit escape so that any
   * delta of delta, however huge, round-trips.
   */
  public static final Buckets TIMESTAMPS = new Buckets(7, 9, 12, 32, 64);

  /**
   * Buckets for BIGINT fields, tuned on the metrics workload: counters that move by small amounts
   * fit the 4- and 8-bit buckets, byte counters the 16-bit one; the 64-bit escape holds anything.
   */
  public static final Buckets INTEGERS = new Buckets(4, 8, 16, 32, 64);

  private final int[] widths;

  private Buckets(int... widths) {
    // Invariant: widths ascend and the last is 64, so every long fits some bucket.
    assert widths[widths.length - 1] == 64;
    this.widths = widths;
  }

  /** Appends {@code value}. */
  public void write(BitWriter out, long value) {
    if (value == 0) {
      out.writeBit(false);
      return;
    }
    int last = widths.length - 1;
    for (int i = 0; i < last; i++) {
      if (BitMasks.fitsSigned(value, widths[i])) {
        // i + 1 ones then a zero: one writeBits call for the whole prefix.
        out.writeBits(((1L << (i + 1)) - 1) << 1, i + 2);
        out.writeBits(value, widths[i]);
        return;
      }
    }
    out.writeBits((1L << widths.length) - 1, widths.length);
    out.writeBits(value, widths[last]);
  }

  /** Reads a value that {@link #write} appended. */
  public long read(BitReader in) {
    int ones = in.readOnes(widths.length);
    if (ones == 0) {
      return 0L;
    }
    int width = widths[ones - 1];
    return BitMasks.signExtend(in.readBits(width), width);
  }

  /** The number of bits {@link #write} spends on {@code value}. */
  public int bitsFor(long value) {
    if (value == 0) {
      return 1;
    }
    int last = widths.length - 1;
    for (int i = 0; i < last; i++) {
      if (BitMasks.fitsSigned(value, widths[i])) {
        return i + 2 + widths[i];
      }
    }
    return widths.length + widths[last];
  }
}
