package io.backtracedb.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The exact answers to the {@code rate()} queries of the metrics workload, computed from the
 * generator's arrays before anything is timed, and the check of an engine's rows against them.
 *
 * <p>{@code rate(requests, ts)} per 5-minute bucket is, as docs/sql.md defines it: the samples of
 * the bucket in time order, {@code increase} = the sum of {@code v(i) - v(i-1)}, or of {@code v(i)}
 * where the counter dropped (a reset), divided by the seconds from the first to the last sample;
 * NULL for a bucket with a single sample.
 */
final class MetricsAnswers {
  /** Five minutes: the bucket width of both queries. */
  static final long BUCKET_MILLIS = 5 * 60_000L;

  /** One hour: the window of the all-hosts query. */
  static final long HOUR_MILLIS = 3_600_000L;

  /** The counter both queries take the rate of ({@code requests}). */
  static final int COUNTER = 0;

  /** Relative tolerance for rates: engines sum and divide in other orders. */
  static final double TOLERANCE = 1e-9;

  /**
   * The origin of {@code time_bucket} for day-time intervals: Monday 2000-01-03T00:00:00Z, in
   * BacktraceDB and DuckDB alike (a multiple of five minutes from the epoch, so buckets align to
   * the clock).
   */
  private static final long ORIGIN_MILLIS = 946_857_600_000L;

  private MetricsAnswers() {}

  /**
   * One row of a rate query's answer.
   *
   * @param host the host's tag value
   * @param bucket the bucket's start, epoch milliseconds
   * @param rate per second, or null when the bucket has a single sample
   */
  record Bucket(String host, long bucket, Double rate) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %s %s", host, Instant.ofEpochMilli(bucket), rate);
    }
  }

  /** The host the one-host query asks for: the middle one. */
  static int oneHost(MetricsData data) {
    return data.hosts() / 2;
  }

  /**
   * The start of the hour the all-hosts query covers: the whole hour in the middle of the data (the
   * first hour when the data is an hour or less).
   */
  static long hourStart(MetricsData data) {
    long middle = (MetricsData.START_MILLIS + data.lastTime()) / 2;
    long start = middle - Math.floorMod(middle - MetricsData.START_MILLIS, HOUR_MILLIS);
    return start + HOUR_MILLIS <= data.lastTime() ? start : MetricsData.START_MILLIS;
  }

  /** The start of the 5-minute bucket holding {@code time}. */
  static long bucketOf(long time) {
    return time - Math.floorMod(time - ORIGIN_MILLIS, BUCKET_MILLIS);
  }

  /** {@code rate(requests, ts)} per bucket of the one host, over the whole period. */
  static List<Bucket> rateOfOneHost(MetricsData data) {
    List<Bucket> rows = new ArrayList<>();
    addRates(data, oneHost(data), Long.MIN_VALUE, Long.MAX_VALUE, rows);
    return rows;
  }

  /** {@code rate(requests, ts)} per host and bucket over {@code [from, to)}, by host and bucket. */
  static List<Bucket> rateOfAllHosts(MetricsData data, long from, long to) {
    List<Bucket> rows = new ArrayList<>();
    for (int h = 0; h < data.hosts(); h++) {
      addRates(data, h, from, to, rows);
    }
    return rows;
  }

  private static void addRates(MetricsData data, int h, long from, long to, List<Bucket> rows) {
    long[] times = data.times(h);
    long[] counter = data.values(h, COUNTER);
    int i = 0;
    while (i < times.length && times[i] < from) {
      i++;
    }
    while (i < times.length && times[i] < to) {
      long bucket = bucketOf(times[i]);
      int first = i;
      while (i < times.length && times[i] < to && bucketOf(times[i]) == bucket) {
        i++;
      }
      rows.add(new Bucket(data.host(h), bucket, rate(times, counter, first, i)));
    }
  }

  /**
   * The rate of samples {@code [from, to)} (times strictly ascending), or null for one sample; the
   * increase is summed exactly as a long.
   */
  static Double rate(long[] times, long[] values, int from, int to) {
    if (to - from < 2) {
      return null;
    }
    long increase = 0;
    for (int i = from + 1; i < to; i++) {
      long step = values[i] - values[i - 1];
      increase += step >= 0 ? step : values[i];
    }
    return increase / ((times[to - 1] - times[from]) / 1000.0);
  }

  /**
   * Fails with {@link ChildTask.WrongAnswerException} unless {@code actual} has the rows of {@code
   * expected} in the same order, rates equal within {@link #TOLERANCE} relative.
   */
  static void check(String what, List<Bucket> expected, List<Bucket> actual) {
    if (expected.size() != actual.size()) {
      throw new ChildTask.WrongAnswerException(
          what + ": " + actual.size() + " rows, expected " + expected.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      Bucket e = expected.get(i);
      Bucket a = actual.get(i);
      if (!e.host().equals(a.host()) || e.bucket() != a.bucket() || !close(e.rate(), a.rate())) {
        throw new ChildTask.WrongAnswerException(
            what + ": row " + i + " is " + a + ", expected " + e);
      }
    }
  }

  private static boolean close(Double expected, Double actual) {
    if (expected == null || actual == null) {
      return Objects.equals(expected, actual);
    }
    double e = expected;
    double a = actual;
    return Math.abs(e - a) <= TOLERANCE * Math.max(Math.abs(e), Math.abs(a));
  }
}
