package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.util.SplittableRandom;

/**
 * The generated {@code trades} rows as an engine's insert binds them: the generator's arrays, plus
 * for the index workload a unique {@code order_id} per row in random order.
 *
 * @param trades the generator's rows
 * @param orderIds one distinct id per row, or null when the table has no {@code order_id}
 */
record TradesData(TradesWorkload trades, long[] orderIds) {
  /** First order id: far from row numbers, so that an id mistaken for a row ordinal shows. */
  static final long FIRST_ORDER_ID = 1_000_000_000L;

  /** The rows without order ids (the JDBC workload). */
  static TradesData of(TradesWorkload trades) {
    return new TradesData(trades, null);
  }

  /**
   * The rows with {@code order_id} = {@link #FIRST_ORDER_ID} plus a seeded random permutation of
   * the row numbers (Fisher-Yates), so that ids are unique and uncorrelated with time.
   */
  static TradesData withOrderIds(TradesWorkload trades, long seed) {
    int rows = trades.rows();
    long[] ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = FIRST_ORDER_ID + i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    return new TradesData(trades, ids);
  }

  int rows() {
    return trades.rows();
  }

  boolean hasOrderIds() {
    return orderIds != null;
  }

  long ts(int row) {
    return trades.tsMicros[row];
  }

  String symbol(int row) {
    return TradesWorkload.symbolName(trades.symbol[row]);
  }

  double price(int row) {
    return trades.price[row];
  }

  long qty(int row) {
    return trades.qty[row];
  }

  long orderId(int row) {
    return orderIds[row];
  }
}
