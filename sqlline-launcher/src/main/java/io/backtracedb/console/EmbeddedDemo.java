package io.backtracedb.console;

import io.backtracedb.BlockInfo;
import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.Predicate;
import io.backtracedb.Row;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import io.backtracedb.TableStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The scripted demo of the embedded engine: creates a {@code trades} table, ingests the trades
 * workload with progress, flushes, closes, reopens (recovering from manifests and the WAL), and
 * runs a few filtered reads, printing rows, blocks, bytes and blocks skipped.
 */
public final class EmbeddedDemo {
  private static final int ROWS = 1_000_000;
  private static final int BATCH = 10_000;

  private final PrintStream out;

  EmbeddedDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo in {@code args[0]} (default {@code demo-db}), replacing what is there. */
  @SuppressForbidden(reason = "the demo is a console program: it prints to standard output")
  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args.length > 0 ? args[0] : "demo-db");
    new EmbeddedDemo(System.out).run(directory);
  }

  void run(Path directory) throws IOException {
    deleteTree(directory);
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .notNull("symbol", ColumnType.VARCHAR)
            .column("price", ColumnType.DOUBLE)
            .column("qty", ColumnType.BIGINT)
            .build();
    TradesWorkload trades = TradesWorkload.generate(ROWS, 42);
    out.printf(Locale.ROOT, "BacktraceDB embedded demo in %s%n", directory.toAbsolutePath());
    try (Database db = Database.open(directory)) {
      Table table =
          db.createTable(
              "trades",
              schema,
              TableOptions.defaults().withTimeColumn("ts").withBlockRows(200_000));
      long started = System.nanoTime();
      ingest(table, trades);
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(
          Locale.ROOT,
          "ingested %,d rows in %.2f s (%,.0f rows/s, a durable commit per %,d rows)%n",
          ROWS,
          seconds,
          ROWS / seconds,
          BATCH);
      table.flush();
      describe(table);
    }
    out.println("closed; reopening (catalog, manifests, WAL replay)");
    long reopenStart = System.nanoTime();
    try (Database db = Database.open(directory)) {
      Table table = db.table("trades");
      out.printf(
          Locale.ROOT,
          "reopened in %.1f ms: %,d rows%n",
          (System.nanoTime() - reopenStart) / 1e6,
          table.stats().rowCount());
      query(table, trades);
    }
  }

  private void ingest(Table table, TradesWorkload trades) {
    RowBatch batch = table.newBatch();
    int nextReport = ROWS / 5;
    for (int i = 0; i < ROWS; i++) {
      batch
          .setLong(0, trades.tsMicros[i] / 1000)
          .setString(1, TradesWorkload.symbolName(trades.symbol[i]))
          .setDouble(2, trades.price[i])
          .setLong(3, trades.qty[i])
          .endRow();
      if (batch.rowCount() == BATCH) {
        table.append(batch);
        batch.clear();
      }
      if (i + 1 == nextReport) {
        out.printf(Locale.ROOT, "  ... %,d rows%n", i + 1);
        nextReport += ROWS / 5;
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  private void describe(Table table) {
    TableStats stats = table.stats();
    out.printf(
        Locale.ROOT,
        "flushed: %,d rows in %d Parquet blocks, %,d bytes on disk (%.2f bytes/row)%n",
        stats.rowCount(),
        stats.coldBlocks(),
        stats.bytesOnDisk(),
        stats.bytesOnDisk() / (double) Math.max(1, stats.rowCount()));
    for (BlockInfo block : table.blocks()) {
      if (block.file() != null) {
        out.printf(
            Locale.ROOT,
            "  block %d: %,d rows, %s .. %s, %,d bytes%n",
            block.blockId(),
            block.rowCount(),
            Instant.ofEpochMilli(block.minTime()),
            Instant.ofEpochMilli(block.maxTime()),
            block.bytes());
      }
    }
  }

  private void query(Table table, TradesWorkload trades) {
    long count = 0;
    try (TableReader reader = table.reader().select("ts")) {
      while (reader.next()) {
        count++;
      }
      out.printf(Locale.ROOT, "SELECT count(*): %,d  [%s]%n", count, reader.stats());
    }
    long from = trades.tsMicros[ROWS / 2] / 1000;
    long to = trades.tsMicros[ROWS / 2 + ROWS / 100] / 1000;
    double sum = 0;
    long matched = 0;
    try (TableReader reader =
        table
            .reader()
            .where(Predicate.between("ts", Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
            .select("price")) {
      for (Row row : reader) {
        sum += row.getDouble("price");
        matched++;
      }
      out.printf(
          Locale.ROOT,
          "1%% time window: %,d rows, avg(price) %.4f  [%s]%n",
          matched,
          sum / Math.max(1, matched),
          reader.stats());
    }
    try (TableReader reader =
        table
            .reader()
            .where(Predicate.between("ts", Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
            .filter("symbol", "=", "SYM000")
            .select("ts", "price", "qty")) {
      int shown = 0;
      long rows = 0;
      for (Row row : reader) {
        if (shown++ < 3) {
          out.printf(
              Locale.ROOT,
              "  %s SYM000 price=%.2f qty=%d%n",
              row.getInstant("ts"),
              row.getDouble("price"),
              row.getLong("qty"));
        }
        rows++;
      }
      out.printf(
          Locale.ROOT, "window AND symbol = 'SYM000': %,d rows  [%s]%n", rows, reader.stats());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
