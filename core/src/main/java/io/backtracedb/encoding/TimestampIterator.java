package io.backtracedb.encoding;

/**
 * Decodes what a {@link TimestampAppender} wrote, one timestamp at a time.
 *
 * <p>Starts before the first timestamp. {@link #timestamp()} is defined after {@link #next()} or
 * {@link #seek(long)} returned true; once either returns false the iterator stays exhausted. Not
 * thread-safe.
 */
public final class TimestampIterator {
  private final BitReader in;
  private final int count;
  private final boolean firstKnown;
  private int index = -1;
  private long timestamp;
  private long delta;

  /** Reads {@code count} timestamps from {@code in}. */
  public TimestampIterator(BitReader in, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("cannot read timestamps: count " + count + " < 0");
    }
    this.in = in;
    this.count = count;
    this.firstKnown = false;
  }

  private TimestampIterator(BitReader in, int count, long first) {
    if (count < 1) {
      throw new IllegalArgumentException("cannot read timestamps: count " + count + " < 1");
    }
    this.in = in;
    this.count = count;
    this.firstKnown = true;
    this.timestamp = first;
  }

  /**
   * Reads {@code count} timestamps (at least 1) of which the first is {@code first} and the rest
   * come from a stream written by {@link TimestampAppender#afterFirst}.
   */
  public static TimestampIterator afterFirst(BitReader in, int count, long first) {
    return new TimestampIterator(in, count, first);
  }

  /** Moves to the next timestamp; false when there is none. */
  public boolean next() {
    if (index + 1 >= count) {
      index = count;
      return false;
    }
    index++;
    if (index == 0) {
      if (!firstKnown) {
        timestamp = in.readBits(64);
      }
    } else {
      delta += Buckets.TIMESTAMPS.read(in);
      timestamp += delta;
    }
    return true;
  }

  /**
   * Moves to the first timestamp at or after {@code target}, never backwards: if the current one is
   * already at or after it, stays. Assumes ascending timestamps. False when there is none.
   */
  public boolean seek(long target) {
    if (index >= count) {
      return false;
    }
    if (index >= 0 && timestamp >= target) {
      return true;
    }
    while (next()) {
      if (timestamp >= target) {
        return true;
      }
    }
    return false;
  }

  /** The current timestamp. */
  public long timestamp() {
    return timestamp;
  }

  /** The position of the current timestamp: 0 for the first; -1 before it; count when exhausted. */
  public int index() {
    return index;
  }

  /** The number of timestamps in the stream. */
  public int count() {
    return count;
  }
}
