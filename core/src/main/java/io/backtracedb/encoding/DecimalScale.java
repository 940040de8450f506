package io.backtracedb.encoding;

/**
 * Doubles that are short decimals (a gauge rounded to two places, a percentage in steps of 0.5)
 * stored exactly as integers: {@code value = m / 10^scale}. XOR encoding spends most of 64 bits on
 * such values because their binary fractions never end; their scaled integers change by a few units
 * and fit the small integer buckets.
 *
 * <p>A scale is used only when every value comes back bit for bit from {@link #unscale}, so NaN,
 * infinities and -0.0 never take this path. Stateless and thread-safe.
 */
public final class DecimalScale {
  /** The largest scale; 10^15 is below 2^53, so every power is an exact double. */
  public static final int MAX_SCALE = 15;

  /** Four bits hold a scale of 0 to 15 at the start of a decimal stream. */
  public static final int SCALE_BITS = 4;

  /** |m| up to 2^53 converts to double exactly, so decoding is one correctly rounded division. */
  private static final long MAX_EXACT = 1L << 53;

  private static final double[] POWERS_OF_TEN = new double[MAX_SCALE + 1];

  static {
    double power = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  private DecimalScale() {}

  /**
   * The smallest scale at which every one of the first {@code count} values (raw double bits)
   * round-trips exactly, or -1 when there is none up to {@link #MAX_SCALE}.
   */
  public static int scaleOf(long[] rawBits, int count) {
    for (int scale = 0; scale <= MAX_SCALE; scale++) {
      if (fits(rawBits, count, scale)) {
        return scale;
      }
    }
    return -1;
  }

  private static boolean fits(long[] rawBits, int count, int scale) {
    for (int i = 0; i < count; i++) {
      double value = Double.longBitsToDouble(rawBits[i]);
      double scaled = value * POWERS_OF_TEN[scale];
      if (!(Math.abs(scaled) <= MAX_EXACT)) { // also false for NaN
        return false;
      }
      long m = Math.round(scaled);
      if (Double.doubleToRawLongBits(unscale(m, scale)) != rawBits[i]) {
        return false;
      }
    }
    return true;
  }

  /** The integer that stands for {@code value} at {@code scale}. */
  public static long scale(double value, int scale) {
    return Math.round(value * POWERS_OF_TEN[scale]);
  }

  /** The double that {@code m} stands for at {@code scale}. */
  public static double unscale(long m, int scale) {
    return (double) m / POWERS_OF_TEN[scale];
  }
}
