package io.backtracedb.encoding;

/**
 * Encodes BIGINT values as deltas or deltas of deltas ({@link IntegerEncoding}) in {@link
 * Buckets#INTEGERS}; arithmetic wraps modulo 2^64, so every {@code long} sequence round-trips.
 *
 * <p>Not thread-safe.
 */
public final class IntegerAppender {
  private final BitWriter out;
  private final boolean deltaOfDelta;
  private long previous;
  private long previousDelta;
  private int count;

  /** Appends to {@code out}, which must be positioned where the stream starts. */
  public IntegerAppender(BitWriter out, IntegerEncoding encoding) {
    this.out = out;
    this.deltaOfDelta = encoding == IntegerEncoding.DELTA_OF_DELTA;
  }

  /** Appends one value. */
  public void append(long value) {
    long delta = value - previous;
    if (count++ == 0) {
      // The first value is its distance from 0; the first real delta starts the second-order chain.
      Buckets.INTEGERS.write(out, delta);
    } else {
      Buckets.INTEGERS.write(out, deltaOfDelta ? delta - previousDelta : delta);
      previousDelta = delta;
    }
    previous = value;
  }

  /** The number of bits {@code values[0..count)} take in {@code encoding}, without writing them. */
  public static long bitsFor(long[] values, int count, IntegerEncoding encoding) {
    long bits = 0;
    long previous = 0;
    long previousDelta = 0;
    for (int i = 0; i < count; i++) {
      long delta = values[i] - previous;
      if (i == 0 || encoding == IntegerEncoding.DELTA) {
        bits += Buckets.INTEGERS.bitsFor(delta);
      } else {
        bits += Buckets.INTEGERS.bitsFor(delta - previousDelta);
      }
      if (i > 0) {
        previousDelta = delta;
      }
      previous = values[i];
    }
    return bits;
  }

  /** The number of values appended. */
  public int count() {
    return count;
  }
}
