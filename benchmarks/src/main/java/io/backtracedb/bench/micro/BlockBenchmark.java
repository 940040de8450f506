package io.backtracedb.bench.micro;

import io.backtracedb.Predicate;
import io.backtracedb.block.BlockReadOptions;
import io.backtracedb.block.BlockReader;
import io.backtracedb.block.BlockWriteOptions;
import io.backtracedb.block.BlockWriter;
import io.backtracedb.block.WrittenBlock;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.console.TradesWorkload;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.scan.PredicateBinder;
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
 * Parquet block files: writing trades rows (zstd, statistics, column indexes, forced to disk), and
 * reading them back whole, one column, or a 1% time window that page pruning narrows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class BlockBenchmark {
  /** Rows per block file. */
  @Param({"100000"})
  public int rows;

  /** Whether whole column chunks decode page by page (false: parquet-java's column readers). */
  @Param({"true", "false"})
  public boolean pageDecoding;

  private Path dir;
  private ColumnVector[] columns;
  private Path written;
  private Predicate window;
  private Predicate aboveMedian;

  /** Generates the rows and writes the file the read benchmarks use. */
  @Setup(Level.Trial)
  public void generate() throws IOException {
    TradesWorkload trades = TradesWorkload.generate(rows, TradesColumns.SEED);
    columns = TradesColumns.of(trades, 0, rows);
    long from = trades.tsMicros[rows / 2] / 1000;
    long to = trades.tsMicros[rows / 2 + rows / 100] / 1000;
    window =
        PredicateBinder.bind(
            "trades",
            TradesColumns.SCHEMA,
            Predicate.between("ts", Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)));
    aboveMedian =
        PredicateBinder.bind(
            "trades",
            TradesColumns.SCHEMA,
            Predicate.gt("price", TradesColumns.medianPrice(trades)));
    dir = Files.createTempDirectory("backtrace-block-bench");
    written = dir.resolve("read.parquet");
    write(written);
  }

  /** Deletes the files. */
  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private WrittenBlock write(Path path) throws IOException {
    return BlockWriter.write(
        LocalFileIO.INSTANCE,
        path,
        TradesColumns.SCHEMA,
        columns,
        rows,
        null,
        BlockWriteOptions.defaults());
  }

  /** Writes and forces one block file. */
  @Benchmark
  public long write() throws IOException {
    return write(dir.resolve("write.parquet")).bytes();
  }

  /** Decodes every column of every row. */
  @Benchmark
  public long readAll() throws IOException {
    return drain(null, null);
  }

  /** Decodes the price column only. */
  @Benchmark
  public long readPrice() throws IOException {
    return drain(new int[] {2}, null);
  }

  /** Decodes the price of the pages a 1% time window keeps. */
  @Benchmark
  public long readWindow() throws IOException {
    return drain(new int[] {2}, window);
  }

  /** Decodes qty where row groups and pages may hold prices above the median (all of them). */
  @Benchmark
  public long readAboveMedian() throws IOException {
    return drain(new int[] {3}, aboveMedian);
  }

  private long drain(int[] projection, Predicate predicate) throws IOException {
    long decoded = 0;
    try (BlockReader reader =
        BlockReader.open(
            LocalFileIO.INSTANCE,
            written,
            TradesColumns.SCHEMA,
            projection,
            predicate,
            BlockReadOptions.defaults().withPageDecoding(pageDecoding))) {
      ColumnBatch batch;
      while ((batch = reader.next()) != null) {
        decoded += batch.end() - batch.start();
      }
    }
    return decoded;
  }
}
