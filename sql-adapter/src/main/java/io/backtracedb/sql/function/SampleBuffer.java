package io.backtracedb.sql.function;

import java.util.Arrays;

/**
 * The samples of one group as parallel {@code (time, value)} arrays, for the series aggregates
 * whose answer depends on the order of every sample ({@code increase}, {@code rate}). Rows may
 * arrive in any order: the buffer sorts itself by time, then by value, before it answers, and skips
 * the sort when the samples arrived in that order. Not thread-safe: one instance serves one group
 * of one running query.
 */
public final class SampleBuffer {
  private static final int INITIAL_CAPACITY = 16;

  private final SeriesTimeUnit unit;
  private long[] times = new long[INITIAL_CAPACITY];
  private double[] values = new double[INITIAL_CAPACITY];
  private int size;
  // Invariant: sorted is true when samples [0, size) are in (time, value) order.
  private boolean sorted = true;

  /**
   * An empty buffer whose times count {@code unitsPerSecond} units per second, or 0 when every
   * sample brings its own (the three-argument forms).
   */
  public SampleBuffer(long unitsPerSecond) {
    this.unit = new SeriesTimeUnit("rate", unitsPerSecond);
  }

  /** Appends one sample. */
  public void add(double value, long time) {
    if (size == times.length) {
      int capacity = Math.max(INITIAL_CAPACITY, size + (size >> 1));
      times = Arrays.copyOf(times, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    if (size > 0 && SampleOrder.compare(time, value, times[size - 1], values[size - 1]) < 0) {
      sorted = false;
    }
    times[size] = time;
    values[size] = value;
    size++;
  }

  /** Appends one sample whose time counts {@code unitsPerSecond} units per second. */
  public void add(double value, long time, long unitsPerSecond) {
    unit.accept(unitsPerSecond);
    add(value, time);
  }

  /** The number of samples appended so far. */
  public int size() {
    return size;
  }

  /**
   * The sum of the increases between consecutive samples in time order, where a drop is a counter
   * reset and the new value counts as the increase; 0 for a single sample.
   */
  public double increase() {
    sortByTime();
    double increase = 0;
    for (int i = 1; i < size; i++) {
      double step = values[i] - values[i - 1];
      increase += step >= 0 ? step : values[i];
    }
    return increase;
  }

  /**
   * {@link #increase()} per second between the first and the last sample, or null with fewer than
   * two samples or no time between them.
   */
  public Double rate() {
    if (size < 2) {
      return null;
    }
    sortByTime();
    double span = unit.seconds(times[0], times[size - 1]);
    return span == 0 ? null : increase() / span;
  }

  /** Sorts the samples by time, then value, with a bottom-up merge sort of both arrays. */
  private void sortByTime() {
    if (sorted) {
      return;
    }
    long[] timesFrom = times;
    double[] valuesFrom = values;
    long[] timesTo = new long[times.length];
    double[] valuesTo = new double[values.length];
    for (int width = 1; width < size; width <<= 1) {
      for (int low = 0; low < size; low += width << 1) {
        int middle = Math.min(low + width, size);
        int high = Math.min(low + (width << 1), size);
        merge(timesFrom, valuesFrom, low, middle, high, timesTo, valuesTo);
      }
      long[] timesSwap = timesFrom;
      timesFrom = timesTo;
      timesTo = timesSwap;
      double[] valuesSwap = valuesFrom;
      valuesFrom = valuesTo;
      valuesTo = valuesSwap;
    }
    times = timesFrom;
    values = valuesFrom;
    sorted = true;
  }

  /** Merges the sorted runs [low, middle) and [middle, high) of the source into the target. */
  private static void merge(
      long[] times,
      double[] values,
      int low,
      int middle,
      int high,
      long[] timesTo,
      double[] valuesTo) {
    int left = low;
    int right = middle;
    for (int out = low; out < high; out++) {
      boolean takeLeft =
          right >= high
              || (left < middle
                  && SampleOrder.compare(times[left], values[left], times[right], values[right])
                      <= 0);
      int from = takeLeft ? left++ : right++;
      timesTo[out] = times[from];
      valuesTo[out] = values[from];
    }
  }
}
