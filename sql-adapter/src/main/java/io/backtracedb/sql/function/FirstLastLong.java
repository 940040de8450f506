package io.backtracedb.sql.function;

/**
 * The earliest and the latest sample of one group of BIGINT or INTEGER values, kept exactly (a
 * double would round values above 2^53) as rows arrive in any order. Ties in time follow {@link
 * SampleOrder}. Not thread-safe: one instance serves one group of one running query.
 */
public final class FirstLastLong {
  private long count;
  private long firstTime;
  private long firstValue;
  private long lastTime;
  private long lastValue;

  /** An empty group. */
  public FirstLastLong() {}

  /** Takes one sample. */
  public void add(long value, long time) {
    if (count++ == 0) {
      firstTime = lastTime = time;
      firstValue = lastValue = value;
      return;
    }
    if (SampleOrder.compare(time, value, firstTime, firstValue) < 0) {
      firstTime = time;
      firstValue = value;
    }
    if (SampleOrder.compare(time, value, lastTime, lastValue) > 0) {
      lastTime = time;
      lastValue = value;
    }
  }

  /** The value of the earliest sample (the smallest of those at the earliest time). */
  public long first() {
    return firstValue;
  }

  /** The value of the latest sample (the largest of those at the latest time). */
  public long last() {
    return lastValue;
  }
}
