package io.backtracedb.sql.function;

/**
 * How many time units make a second for one group of a series aggregate: fixed by the signature
 * (1,000 for TIMESTAMP, whose values are milliseconds; 1,000,000 for a BIGINT time in the default
 * microseconds) or taken from the third argument of {@code rate} and {@code deriv}.
 */
final class SeriesTimeUnit {
  private final String function;
  private long unitsPerSecond;

  /**
   * A unit of {@code unitsPerSecond}, or 0 to take it from the first sample, for the SQL function
   * named in errors.
   */
  SeriesTimeUnit(String function, long unitsPerSecond) {
    this.function = function;
    this.unitsPerSecond = unitsPerSecond;
  }

  /** Takes the unit of one sample: the same for every sample of a group, and positive. */
  void accept(long unitsPerSecond) {
    if (unitsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "cannot compute "
              + function
              + ": units_per_second must be positive, got "
              + unitsPerSecond);
    }
    if (this.unitsPerSecond == 0) {
      this.unitsPerSecond = unitsPerSecond;
    } else if (this.unitsPerSecond != unitsPerSecond) {
      throw new IllegalArgumentException(
          "cannot compute "
              + function
              + ": units_per_second changes within a group, from "
              + this.unitsPerSecond
              + " to "
              + unitsPerSecond);
    }
  }

  /** The seconds from {@code from} to {@code to}. */
  double seconds(long from, long to) {
    return difference(from, to) / unitsPerSecond;
  }

  /** {@code to - from} in time units, exact below 2^53 and never overflowing. */
  static double difference(long from, long to) {
    long difference = to - from;
    // Times at opposite ends of the long range overflow a long difference (the test that
    // Math.subtractExact makes); a difference of doubles cannot.
    boolean overflows = ((to ^ from) & (to ^ difference)) < 0;
    return overflows ? (double) to - (double) from : difference;
  }

  /** The units per second. */
  long unitsPerSecond() {
    return unitsPerSecond;
  }
}
