package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.util.Arrays;

/**
 * The exact answers to the trades queries, computed from the generator's arrays before anything is
 * timed; the queries' results are checked against them.
 */
final class TradesAnswers {
  /** The Q1 window: rows {@code [first, first + count)}, {@code ts} between low and high. */
  record Window(int first, int count, long low, long high) {}

  /** Q3: per symbol index, rows, sum of price and maximum qty. */
  record Groups(long[] counts, double[] priceSums, long[] maxQty) {
    /** How many symbols have rows. */
    int nonEmpty() {
      int groups = 0;
      for (long count : counts) {
        if (count > 0) {
          groups++;
        }
      }
      return groups;
    }
  }

  private final long[] ts;
  private final TradesWorkload trades;

  TradesAnswers(TradesWorkload trades, long[] ts) {
    this.trades = trades;
    this.ts = ts;
  }

  /** Rows in the table. */
  long rows() {
    return ts.length;
  }

  /**
   * A window of exactly 1% of the rows (at least one), starting at the middle row or the first row
   * after it whose {@code ts} differs from its neighbours', so that {@code ts BETWEEN low AND high}
   * matches exactly those rows even when timestamps repeat.
   */
  Window window() {
    int rows = ts.length;
    int count = Math.max(1, rows / 100);
    for (int first = rows / 2; first + count <= rows; first++) {
      int last = first + count - 1;
      boolean cleanStart = first == 0 || ts[first - 1] < ts[first];
      boolean cleanEnd = last + 1 == rows || ts[last] < ts[last + 1];
      if (cleanStart && cleanEnd) {
        return new Window(first, count, ts[first], ts[last]);
      }
    }
    throw new IllegalStateException("no window of " + count + " rows with distinct edges");
  }

  /** The sum of price over the window's rows. */
  double windowPriceSum(Window window) {
    double sum = 0;
    for (int i = window.first(); i < window.first() + window.count(); i++) {
      sum += trades.price[i];
    }
    return sum;
  }

  /** Q2: rows of the window with symbol {@code symbol}: their count and sum of price. */
  Aggregate windowOfSymbol(Window window, int symbol) {
    long count = 0;
    double sum = 0;
    for (int i = window.first(); i < window.first() + window.count(); i++) {
      if (trades.symbol[i] == symbol) {
        count++;
        sum += trades.price[i];
      }
    }
    return new Aggregate(count, sum);
  }

  /** A count of rows and their sum of price. */
  record Aggregate(long count, double priceSum) {}

  /**
   * Q5: per symbol index, the row with the latest {@code ts} (the last one generated, since
   * timestamps grow strictly), or -1 for a symbol without rows.
   */
  int[] latestRowPerSymbol() {
    int[] latest = new int[TradesWorkload.SYMBOLS];
    Arrays.fill(latest, -1);
    for (int i = 0; i < ts.length; i++) {
      latest[trades.symbol[i]] = i;
    }
    return latest;
  }

  /**
   * Q6's hour: the one-hour range {@code [from, from + bucket * 60)} of {@code ts} values aligned
   * to the hour that holds the middle row, where {@code bucket} is one minute in {@code ts} units.
   */
  long hourStart(long minute) {
    long hour = minute * 60;
    return Math.floorDiv(ts[ts.length / 2], hour) * hour;
  }

  /**
   * Q6: one-minute buckets over {@code [from, from + 60 * minute)}: per bucket that has rows, its
   * key {@code ts / minute}, row count and sum of price, in key order.
   */
  Buckets minuteBuckets(long from, long minute) {
    long to = from + 60 * minute;
    long[] keys = new long[60];
    long[] counts = new long[60];
    double[] sums = new double[60];
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] >= from && ts[i] < to) {
        int slot = (int) ((ts[i] - from) / minute);
        keys[slot] = Math.floorDiv(ts[i], minute);
        counts[slot]++;
        sums[slot] += trades.price[i];
      }
    }
    int used = 0;
    for (int slot = 0; slot < 60; slot++) {
      if (counts[slot] > 0) {
        keys[used] = keys[slot];
        counts[used] = counts[slot];
        sums[used] = sums[slot];
        used++;
      }
    }
    return new Buckets(
        Arrays.copyOf(keys, used), Arrays.copyOf(counts, used), Arrays.copyOf(sums, used));
  }

  /** Q6's expected buckets, in key order. */
  record Buckets(long[] keys, long[] counts, double[] priceSums) {}

  /** Q3 per symbol. */
  Groups groups() {
    long[] counts = new long[TradesWorkload.SYMBOLS];
    double[] sums = new double[TradesWorkload.SYMBOLS];
    long[] max = new long[TradesWorkload.SYMBOLS];
    Arrays.fill(max, Long.MIN_VALUE);
    for (int i = 0; i < ts.length; i++) {
      int s = trades.symbol[i];
      counts[s]++;
      sums[s] += trades.price[i];
      max[s] = Math.max(max[s], trades.qty[i]);
    }
    return new Groups(counts, sums, max);
  }

  /** Q4's threshold: the median price (the upper median for an even count). */
  double medianPrice() {
    double[] sorted = trades.price.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Q4: the sum of qty over rows whose price is above {@code threshold}. */
  long qtyAbove(double threshold) {
    long sum = 0;
    for (int i = 0; i < ts.length; i++) {
      if (trades.price[i] > threshold) {
        sum += trades.qty[i];
      }
    }
    return sum;
  }

  /** The sum of qty over all rows. */
  long qtySum() {
    long sum = 0;
    for (long q : trades.qty) {
      sum += q;
    }
    return sum;
  }

  /** Whether a floating sum computed in another order equals the expected one. */
  static boolean sameSum(double actual, double expected) {
    // Summing up to 10^7 prices in another order moves the result by far less than 1e-9.
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1.0, Math.abs(expected));
  }
}
