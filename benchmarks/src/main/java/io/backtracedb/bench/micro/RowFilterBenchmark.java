package io.backtracedb.bench.micro;

import io.backtracedb.Predicate;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.console.TradesWorkload;
import io.backtracedb.scan.PredicateBinder;
import io.backtracedb.scan.RowFilter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Predicate evaluation on one batch of trades rows, reported per row tested: a double comparison
 * (half the rows pass), a time range, a dictionary string equality, and a conjunction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RowFilterBenchmark {
  private static final int ROWS = 65_536;

  /** Which predicate to evaluate. */
  @Param({"price_gt_median", "ts_between", "symbol_eq", "ts_between_and_symbol_eq"})
  public String predicate;

  private ColumnBatch batch;
  private RowFilter filter;
  private int[] candidates;
  private int[] survivors;

  /** Builds the batch and compiles the predicate. */
  @Setup(Level.Trial)
  public void compile() {
    TradesWorkload trades = TradesWorkload.generate(ROWS, TradesColumns.SEED);
    batch = new ColumnBatch(TradesColumns.of(trades, 0, ROWS), 0, ROWS);
    Predicate between =
        Predicate.between(
            "ts",
            Instant.ofEpochMilli(trades.tsMicros[ROWS / 4] / 1000),
            Instant.ofEpochMilli(trades.tsMicros[ROWS * 3 / 4] / 1000));
    Predicate symbol = Predicate.eq("symbol", "SYM000");
    Predicate chosen =
        switch (predicate) {
          case "price_gt_median" -> Predicate.gt("price", TradesColumns.medianPrice(trades));
          case "ts_between" -> between;
          case "symbol_eq" -> symbol;
          case "ts_between_and_symbol_eq" -> Predicate.and(between, symbol);
          default -> throw new IllegalArgumentException("unknown predicate " + predicate);
        };
    filter =
        RowFilter.compile(
            PredicateBinder.bind("trades", TradesColumns.SCHEMA, chosen), TradesColumns.SCHEMA);
    candidates = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      candidates[i] = i;
    }
    survivors = new int[ROWS];
  }

  /** Narrows every row of the batch. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int filter() {
    return filter.filter(batch, candidates, ROWS, survivors);
  }
}
