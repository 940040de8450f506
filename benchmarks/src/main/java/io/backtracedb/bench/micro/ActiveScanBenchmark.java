package io.backtracedb.bench.micro;

import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.Predicate;
import io.backtracedb.RowBatch;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.console.TradesWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scans of rows that are still in the active block, through the public reader: a count, a 1% time
 * window and a filtered sum over the whole block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ActiveScanBenchmark {
  /** Rows in the active block. */
  @Param({"1000000"})
  public int rows;

  private Path dir;
  private Database db;
  private Table table;
  private Predicate window;
  private double median;

  /** Commits the rows (no fsync) into a block larger than them, so that nothing is flushed. */
  @Setup(Level.Trial)
  public void load() throws IOException {
    TradesWorkload trades = TradesWorkload.generate(rows, TradesColumns.SEED);
    median = TradesColumns.medianPrice(trades);
    long from = trades.tsMicros[rows / 2] / 1000;
    long to = trades.tsMicros[rows / 2 + rows / 100] / 1000;
    window = Predicate.between("ts", Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
    dir = Files.createTempDirectory("backtrace-scan-bench");
    db =
        Database.open(
            dir,
            DatabaseOptions.defaults().withDurability(Durability.NONE).withBackgroundFlush(false));
    table =
        db.createTable(
            "trades",
            TradesColumns.SCHEMA,
            TableOptions.defaults().withTimeColumn("ts").withBlockRows(rows + 1));
    RowBatch batch = table.newBatch();
    for (int i = 0; i < rows; i++) {
      batch
          .setLong(0, trades.tsMicros[i] / 1000)
          .setString(1, TradesWorkload.symbolName(trades.symbol[i]))
          .setDouble(2, trades.price[i])
          .setLong(3, trades.qty[i])
          .endRow();
      if (batch.rowCount() == 10_000) {
        table.append(batch);
        batch.clear();
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  /** Closes the database and deletes its directory. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    db.engine().closeAbruptly();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** {@code count(*)}: batches of the time column. */
  @Benchmark
  public long count() {
    long count = 0;
    try (TableReader reader = table.reader().select("ts")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        count += batch.selectedCount();
      }
    }
    return count;
  }

  /** {@code avg(price)} over a 1% time window. */
  @Benchmark
  public double windowAvgPrice() {
    double sum = 0;
    long count = 0;
    try (TableReader reader = table.reader().where(window).select("price")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        double[] values = ((DoubleVector) batch.vector(2)).values();
        for (int i = 0; i < batch.selectedCount(); i++) {
          sum += values[batch.selectedRow(i)];
        }
        count += batch.selectedCount();
      }
    }
    return sum / count;
  }

  /** {@code sum(qty) WHERE price > median}: half the rows pass. */
  @Benchmark
  public long sumQtyAboveMedian() {
    long sum = 0;
    try (TableReader reader = table.reader().where(Predicate.gt("price", median)).select("qty")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        long[] values = ((LongVector) batch.vector(3)).values();
        for (int i = 0; i < batch.selectedCount(); i++) {
          sum += values[batch.selectedRow(i)];
        }
      }
    }
    return sum;
  }
}
