package io.backtracedb.bench.micro;

import io.backtracedb.active.ActiveBlock;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.console.TradesWorkload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending trades rows to an {@link ActiveBlock}: ten commits of 10,000 rows into a fresh block,
 * reported per row. This is the in-memory part of a commit (statistics and column copies, with
 * dictionary re-mapping of symbols), without the WAL.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ActiveBlockBenchmark {
  private static final int BATCH_ROWS = 10_000;
  private static final int BATCHES = 10;

  private ColumnVector[][] batches;

  /** Builds the commits' column vectors from the generator. */
  @Setup(Level.Trial)
  public void generate() {
    TradesWorkload trades = TradesWorkload.generate(BATCH_ROWS * BATCHES, TradesColumns.SEED);
    batches = new ColumnVector[BATCHES][];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = TradesColumns.of(trades, b * BATCH_ROWS, (b + 1) * BATCH_ROWS);
    }
  }

  /** Ten commits into a new block, each published as the engine does after its sync. */
  @Benchmark
  @OperationsPerInvocation(BATCH_ROWS * BATCHES)
  public ActiveBlock appendRows() {
    ActiveBlock block = new ActiveBlock(1, TradesColumns.SCHEMA, 1024);
    for (int b = 0; b < BATCHES; b++) {
      block.append(batches[b], 0, BATCH_ROWS, b + 1);
      block.publish(block.rowCount());
    }
    return block;
  }
}
