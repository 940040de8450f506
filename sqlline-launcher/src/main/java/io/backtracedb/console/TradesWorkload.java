package io.backtracedb.console;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The deterministic {@code trades} workload of docs/performance.md: timestamps from
 * 2024-01-01T00:00:00Z growing by a uniform 1..19,999 microseconds per row, symbols SYM000..SYM999
 * with Zipf (s = 1) skew, a per-symbol multiplicative random walk price rounded to 0.01, and a
 * uniform quantity 1..1000. Generated into arrays before any timing starts.
 */
public final class TradesWorkload {
  /** 2024-01-01T00:00:00Z in epoch microseconds. */
  public static final long START_MICROS = 1_704_067_200_000_000L;

  /** Distinct symbols. */
  public static final int SYMBOLS = 1000;

  /** Epoch microseconds per row, ascending. */
  public final long[] tsMicros;

  /** Symbol index per row (0..999); see {@link #symbolName(int)}. */
  public final int[] symbol;

  /** Price per row. */
  public final double[] price;

  /** Quantity per row. */
  public final long[] qty;

  private TradesWorkload(int rows) {
    tsMicros = new long[rows];
    symbol = new int[rows];
    price = new double[rows];
    qty = new long[rows];
  }

  /** Generates {@code rows} rows from {@code seed}. */
  public static TradesWorkload generate(int rows, long seed) {
    TradesWorkload w = new TradesWorkload(rows);
    SplittableRandom random = new SplittableRandom(seed);
    double[] cdf = zipfCdf(SYMBOLS);
    double[] walk = new double[SYMBOLS];
    for (int s = 0; s < SYMBOLS; s++) {
      walk[s] = 20.0 + (s * 7919 % 480);
    }
    long ts = START_MICROS;
    for (int i = 0; i < rows; i++) {
      ts += 1 + random.nextInt(19_999);
      int s = pick(cdf, random.nextDouble());
      walk[s] *= 1.0 + (random.nextDouble() - 0.5) * 0.002;
      w.tsMicros[i] = ts;
      w.symbol[i] = s;
      w.price[i] = Math.round(walk[s] * 100.0) / 100.0;
      w.qty[i] = 1 + random.nextInt(1000);
    }
    return w;
  }

  /** The row count. */
  public int rows() {
    return tsMicros.length;
  }

  /** {@code SYM000} .. {@code SYM999}. */
  public static String symbolName(int index) {
    return SYMBOL_NAMES[index];
  }

  private static final String[] SYMBOL_NAMES = new String[SYMBOLS];

  static {
    for (int i = 0; i < SYMBOLS; i++) {
      SYMBOL_NAMES[i] = "SYM" + (i < 10 ? "00" : i < 100 ? "0" : "") + i;
    }
  }

  private static double[] zipfCdf(int n) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1.0 / k;
      cdf[k - 1] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    return cdf;
  }

  private static int pick(double[] cdf, double u) {
    int index = Arrays.binarySearch(cdf, u);
    int pos = index >= 0 ? index : -index - 1;
    return Math.min(pos, cdf.length - 1);
  }
}
