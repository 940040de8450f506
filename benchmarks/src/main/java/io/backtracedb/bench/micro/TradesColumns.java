package io.backtracedb.bench.micro;

import io.backtracedb.ColumnType;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.console.TradesWorkload;

/**
 * Trades rows as column vectors for the microbenchmarks: {@code ts TIMESTAMP} (milliseconds),
 * {@code symbol}, {@code price}, {@code qty}, built through {@link RowBatch} as the engine receives
 * them.
 */
final class TradesColumns {
  /** The schema of the vectors. */
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("symbol", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .build();

  /** The seed every benchmark generates from. */
  static final long SEED = 42;

  private TradesColumns() {}

  /** Rows {@code [from, to)} of {@code trades} as one vector per column. */
  static ColumnVector[] of(TradesWorkload trades, int from, int to) {
    RowBatch batch = new RowBatch("trades", SCHEMA);
    for (int i = from; i < to; i++) {
      batch
          .setLong(0, trades.tsMicros[i] / 1000)
          .setString(1, TradesWorkload.symbolName(trades.symbol[i]))
          .setDouble(2, trades.price[i])
          .setLong(3, trades.qty[i])
          .endRow();
    }
    return batch.columns();
  }

  /** The median price of {@code trades} (the upper median for an even count). */
  static double medianPrice(TradesWorkload trades) {
    double[] sorted = trades.price.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
