package io.backtracedb.sql.function;

/**
 * The least-squares slope of value over time for one group, kept as running means and co-moments
 * (Welford's update), so rows may arrive in any order and no sample is stored. Times and values are
 * taken relative to the group's first sample, so that epoch times and large counters do not swamp
 * the means (two doubles within a factor of two subtract exactly). Not thread-safe: one instance
 * serves one group of one running query.
 */
public final class SlopeAccumulator {
  private final SeriesTimeUnit unit;
  private long count;
  private long originTime;
  private double originValue;
  private double meanTime;
  private double meanValue;
  // Sum of (time - meanTime) * (value - meanValue) and of (time - meanTime)^2, in time units.
  private double coMoment;
  private double timeMoment;

  /**
   * An empty group whose times count {@code unitsPerSecond} units per second, or 0 when every
   * sample brings its own.
   */
  public SlopeAccumulator(long unitsPerSecond) {
    this.unit = new SeriesTimeUnit("deriv", unitsPerSecond);
  }

  /** Takes one sample. */
  public void add(double value, long time) {
    if (count == 0) {
      originTime = time;
      originValue = value;
    }
    count++;
    double offset = SeriesTimeUnit.difference(originTime, time);
    double rise = value - originValue;
    double timeStep = offset - meanTime;
    meanTime += timeStep / count;
    meanValue += (rise - meanValue) / count;
    coMoment += timeStep * (rise - meanValue);
    timeMoment += timeStep * (offset - meanTime);
  }

  /** Takes one sample whose time counts {@code unitsPerSecond} units per second. */
  public void add(double value, long time, long unitsPerSecond) {
    unit.accept(unitsPerSecond);
    add(value, time);
  }

  /** The slope per second, or null unless the group has at least two distinct times. */
  public Double slope() {
    // timeMoment is exactly 0 when every time equals the first (each step is then 0).
    if (timeMoment == 0) {
      return null;
    }
    return coMoment / timeMoment * unit.unitsPerSecond();
  }
}
