package io.backtracedb.bench;

import io.backtracedb.series.MetricsWorkload;
import java.util.Locale;

/**
 * The {@code metrics} workload of one run as arrays, generated before anything is timed: {@code
 * hosts} hosts scraped {@code scrapes} times every 10 s from 2024-01-01T00:00:00Z by core's {@link
 * MetricsWorkload} (two counters, three step gauges, one noisy gauge per host), kept per host for
 * the expected answers and in row order for loading. Rows go to the tables in scrape order (every
 * host's row of scrape 0, then of scrape 1, ...), as a scraper delivers them.
 *
 * <p>A <em>sample</em> is one metric's value of one host at one scrape time, as in Prometheus: a
 * row of the six-metric table holds six samples; tags and timestamps are not counted as samples.
 */
final class MetricsData {
  /** 2024-01-01T00:00:00Z: the first scrape round starts here. */
  static final long START_MILLIS = 1_704_067_200_000L;

  /** The metrics per host, in field order. */
  static final int METRICS = MetricsWorkload.METRICS.length;

  /** Regions the hosts are spread over (a second tag, as in a Prometheus target's labels). */
  private static final String[] REGIONS = {
    "eu-west", "eu-north", "us-east", "us-west", "ap-south", "ap-east"
  };

  private final int hosts;
  private final int scrapes;
  private final MetricsWorkload.Host[] data;
  private final String[] hostNames;
  private final String[] regionNames;
  // The same samples in row (scrape) order, so that loading reads them sequentially.
  private final long[] rowTimes;
  private final int[] rowHosts;
  private final long[][] rowValues;

  private MetricsData(int hosts, int scrapes, MetricsWorkload.Host[] data) {
    this.hosts = hosts;
    this.scrapes = scrapes;
    this.data = data;
    this.hostNames = new String[hosts];
    this.regionNames = new String[hosts];
    for (int h = 0; h < hosts; h++) {
      hostNames[h] = hostName(h);
      regionNames[h] = REGIONS[h % REGIONS.length];
    }
    int rows = Math.toIntExact(rows());
    rowTimes = new long[rows];
    rowHosts = new int[rows];
    rowValues = new long[METRICS][rows];
    for (int s = 0, row = 0; s < scrapes; s++) {
      for (int h = 0; h < hosts; h++, row++) {
        rowTimes[row] = data[h].timestamps()[s];
        rowHosts[row] = h;
        for (int m = 0; m < METRICS; m++) {
          rowValues[m][row] = data[h].values()[m][s];
        }
      }
    }
  }

  /** Generates every host's samples with {@code seed}. */
  static MetricsData generate(int hosts, int scrapes, long seed) {
    if (hosts < 1 || scrapes < 1) {
      throw new IllegalArgumentException(
          "hosts and scrapes must be at least 1, got " + hosts + " and " + scrapes);
    }
    MetricsWorkload workload = new MetricsWorkload(seed, START_MILLIS, scrapes);
    MetricsWorkload.Host[] data = new MetricsWorkload.Host[hosts];
    for (int h = 0; h < hosts; h++) {
      data[h] = workload.host(h);
    }
    return new MetricsData(hosts, scrapes, data);
  }

  /** The tag value {@code host} of host {@code h}: {@code host-0042}. */
  static String hostName(int h) {
    return String.format(Locale.ROOT, "host-%04d", h);
  }

  /** The metric's name, which is also its column name. */
  static String metricName(int metric) {
    return MetricsWorkload.METRICS[metric];
  }

  /** Whether the metric is a BIGINT (else a DOUBLE). */
  static boolean isBigint(int metric) {
    return MetricsWorkload.IS_BIGINT[metric];
  }

  /** The number of hosts (series). */
  int hosts() {
    return hosts;
  }

  /** Scrapes per host. */
  int scrapes() {
    return scrapes;
  }

  /** Rows of the six-metric table: one per host and scrape. */
  long rows() {
    return (long) hosts * scrapes;
  }

  /** Samples in the six-metric table, or in all six one-metric tables together. */
  long samples() {
    return rows() * METRICS;
  }

  /** Host {@code h}'s tag value. */
  String host(int h) {
    return hostNames[h];
  }

  /** Host {@code h}'s region tag. */
  String region(int h) {
    return regionNames[h];
  }

  /**
   * The scrape time of each row in load order (scrape by scrape, hosts in order within a scrape),
   * epoch milliseconds; not a copy.
   */
  long[] rowTimes() {
    return rowTimes;
  }

  /** The host of each row in load order; not a copy. */
  int[] rowHosts() {
    return rowHosts;
  }

  /**
   * The values of {@code metric} of each row in load order: BIGINTs or raw DOUBLE bits; not a copy.
   */
  long[] rowValues(int metric) {
    return rowValues[metric];
  }

  /** Host {@code h}'s scrape times, epoch milliseconds, strictly ascending; not a copy. */
  long[] times(int h) {
    return data[h].timestamps();
  }

  /**
   * Host {@code h}'s values of {@code metric}: BIGINTs, or the raw bits of DOUBLEs ({@link
   * Double#longBitsToDouble}); not a copy.
   */
  long[] values(int h, int metric) {
    return data[h].values()[metric];
  }

  /** The time of the last scrape of any host. */
  long lastTime() {
    long last = Long.MIN_VALUE;
    for (MetricsWorkload.Host host : data) {
      last = Math.max(last, host.timestamps()[scrapes - 1]);
    }
    return last;
  }
}
