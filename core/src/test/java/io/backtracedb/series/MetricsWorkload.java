package io.backtracedb.series;

import java.util.Random;

/**
 * The {@code metrics} workload of docs/performance.md as plain arrays: what a Prometheus server
 * scrapes from many hosts every 10 s, with occasional millisecond jitter. Deterministic for a seed;
 * each host draws from its own generator, so hosts can be produced one at a time and in any order.
 *
 * <p>Per host, one series per metric:
 *
 * <ul>
 *   <li>{@code requests} (BIGINT counter): grows by a host-specific rate of 5 to 50 per scrape,
 *       give or take 5, and resets to 0 once in about 5,000 scrapes;
 *   <li>{@code bytes_sent} (BIGINT counter): grows by about 850 bytes per request, resetting with
 *       {@code requests};
 *   <li>{@code cpu_percent} (DOUBLE gauge): moves by 0.5 in one scrape of five, within 0 to 100;
 *   <li>{@code mem_used_bytes} (BIGINT gauge): moves by 1 to 4 steps of 64 MiB in one scrape of 20;
 *   <li>{@code up} (DOUBLE gauge): 1, and 0 for one scrape in about 10,000;
 *   <li>{@code load} (DOUBLE gauge, the noisy one): a random walk with two decimals.
 * </ul>
 *
 * <p>Kept free of engine classes so that the benchmarks module can reuse it (through this module's
 * test jar).
 */
public final class MetricsWorkload {
  /** The metric names, in field order. */
  public static final String[] METRICS = {
    "requests", "bytes_sent", "cpu_percent", "mem_used_bytes", "up", "load"
  };

  /** Whether each metric is a BIGINT (true) or a DOUBLE (false), in field order. */
  public static final boolean[] IS_BIGINT = {true, true, false, true, false, false};

  /** The scrape interval: 10 seconds. */
  public static final long INTERVAL_MILLIS = 10_000;

  private static final long MIB = 1024L * 1024;

  private final long seed;
  private final long startMillis;
  private final int scrapes;

  /**
   * A workload of {@code scrapes} scrapes per host from {@code startMillis}, seeded by {@code
   * seed}.
   */
  public MetricsWorkload(long seed, long startMillis, int scrapes) {
    this.seed = seed;
    this.startMillis = startMillis;
    this.scrapes = scrapes;
  }

  /** The number of scrapes per host. */
  public int scrapes() {
    return scrapes;
  }

  /**
   * One host's samples.
   *
   * @param timestamps the scrape times, epoch milliseconds, strictly ascending
   * @param values per metric (in {@link #METRICS} order) and scrape: a BIGINT, or the raw bits of a
   *     DOUBLE ({@link Double#doubleToRawLongBits})
   */
  public record Host(long[] timestamps, long[][] values) {
    /** The DOUBLE value of metric {@code metric} at scrape {@code i}. */
    public double doubleValue(int metric, int i) {
      return Double.longBitsToDouble(values[metric][i]);
    }
  }

  /** Generates host {@code host}'s samples. */
  public Host host(int host) {
    Random random = new Random(seed * 1_000_003L + host);
    long[] times = new long[scrapes];
    long[][] values = new long[METRICS.length][scrapes];
    // Hosts are scraped at different phases of the interval, as a scraper spreads its targets.
    long phase = random.nextInt((int) INTERVAL_MILLIS);
    long rate = 5 + random.nextInt(46);
    long requests = random.nextInt(1_000_000);
    long bytes = requests * 850;
    double cpu = 10 + random.nextInt(60);
    long mem = (2 + random.nextInt(6)) * 1024 * MIB;
    double load = Math.round(random.nextDouble() * 400) / 100.0;
    for (int i = 0; i < scrapes; i++) {
      long jitter = random.nextInt(10) == 0 ? random.nextInt(11) - 5 : 0;
      times[i] = startMillis + phase + i * INTERVAL_MILLIS + jitter;
      if (random.nextInt(5000) == 0) {
        requests = 0;
        bytes = 0;
      } else {
        long served = Math.max(0, rate + random.nextInt(11) - 5);
        requests += served;
        bytes += served * 850 + random.nextInt(200);
      }
      if (random.nextInt(5) == 0) {
        cpu = Math.min(100, Math.max(0, cpu + (random.nextBoolean() ? 0.5 : -0.5)));
      }
      if (random.nextInt(20) == 0) {
        long steps = 1 + random.nextInt(4);
        mem = Math.max(64 * MIB, mem + (random.nextBoolean() ? steps : -steps) * 64 * MIB);
      }
      load = Math.round((load + random.nextGaussian() * 0.05) * 100) / 100.0;
      values[0][i] = requests;
      values[1][i] = bytes;
      values[2][i] = Double.doubleToRawLongBits(cpu);
      values[3][i] = mem;
      values[4][i] = Double.doubleToRawLongBits(random.nextInt(10_000) == 0 ? 0.0 : 1.0);
      values[5][i] = Double.doubleToRawLongBits(load);
    }
    return new Host(times, values);
  }
}
