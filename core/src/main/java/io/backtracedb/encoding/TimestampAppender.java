package io.backtracedb.encoding;

/**
 * Encodes timestamps as Gorilla does: the first in 64 raw bits, every later one as the difference
 * between its delta and the previous delta, in {@link Buckets#TIMESTAMPS}.
 *
 * <p>Any sequence of {@code long} values round-trips, including descending and wrapping ones:
 * deltas are computed modulo 2^64 and the 64-bit escape bucket holds any difference. Not
 * thread-safe.
 */
public final class TimestampAppender {
  private final BitWriter out;
  private int count;
  private long previous;
  private long previousDelta;
  private int skipped;

  /** Appends to {@code out}, which must be positioned where the stream starts. */
  public TimestampAppender(BitWriter out) {
    this.out = out;
  }

  /**
   * Appends the timestamps that follow {@code first} to {@code out}; {@code first} itself is not
   * written because the reader knows it from elsewhere (a chunk header's min time) and passes it to
   * {@link TimestampIterator#afterFirst}.
   */
  public static TimestampAppender afterFirst(BitWriter out, long first) {
    TimestampAppender appender = new TimestampAppender(out);
    appender.previous = first;
    appender.count = 1;
    appender.skipped = 1;
    return appender;
  }

  /** Appends one timestamp. */
  public void append(long timestamp) {
    if (count == 0) {
      out.writeBits(timestamp, 64);
    } else {
      long delta = timestamp - previous; // wraps modulo 2^64; decoding wraps back the same way
      Buckets.TIMESTAMPS.write(out, delta - previousDelta);
      previousDelta = delta;
    }
    previous = timestamp;
    count++;
  }

  /** The number of timestamps appended (not counting a first one known from elsewhere). */
  public int count() {
    return count - skipped;
  }
}
