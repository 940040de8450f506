package io.backtracedb.sql.function;

/**
 * The order of samples that every series aggregate shares: by time, then by value, so that samples
 * with equal times have one order however the rows arrived ({@code first} takes the smallest value
 * at the earliest time, {@code last} the largest at the latest time).
 */
final class SampleOrder {
  private SampleOrder() {}

  /** Compares two double samples: by time, then by {@link Double#compare} of the values. */
  static int compare(long time, double value, long otherTime, double otherValue) {
    int byTime = Long.compare(time, otherTime);
    return byTime != 0 ? byTime : Double.compare(value, otherValue);
  }

  /** Compares two integer samples: by time, then by value. */
  static int compare(long time, long value, long otherTime, long otherValue) {
    int byTime = Long.compare(time, otherTime);
    return byTime != 0 ? byTime : Long.compare(value, otherValue);
  }
}
