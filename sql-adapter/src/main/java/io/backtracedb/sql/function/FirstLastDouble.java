package io.backtracedb.sql.function;

/**
 * The earliest and the latest sample of one group of DOUBLE values, kept as rows arrive in any
 * order: {@code first}, {@code last} and {@code delta} need nothing else. Ties in time follow
 * {@link SampleOrder}. Not thread-safe: one instance serves one group of one running query.
 */
public final class FirstLastDouble {
  private long count;
  private long firstTime;
  private double firstValue;
  private long lastTime;
  private double lastValue;

  /** An empty group. */
  public FirstLastDouble() {}

  /** Takes one sample. */
  public void add(double value, long time) {
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
  public double first() {
    return firstValue;
  }

  /** The value of the latest sample (the largest of those at the latest time). */
  public double last() {
    return lastValue;
  }

  /** The last value minus the first; 0 for a single sample. */
  public double delta() {
    return lastValue - firstValue;
  }
}
