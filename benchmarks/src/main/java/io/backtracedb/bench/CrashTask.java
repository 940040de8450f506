package io.backtracedb.bench;

import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.LongVector;
import io.backtracedb.console.TradesWorkload;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Reopen after a crash with every row still in the WAL. {@code crash-ingest} commits the rows
 * durably into a table whose block size exceeds them (so nothing is flushed), prints {@code ready}
 * and waits for the parent to kill it with SIGKILL; {@code crash-reopen}, in a fresh JVM, times
 * {@code Database.open} (which replays the WAL) plus a full count, checks the rows, and stops
 * without flushing, so that the parent can repeat it in further fresh JVMs.
 */
final class CrashTask extends ChildTask {
  /** The line that tells the parent the rows are committed and the process may be killed. */
  static final String READY = "ready";

  private final boolean reopen;
  private final InputStream in;

  CrashTask(Args args, PrintStream out, InputStream in, boolean reopen) {
    super(args, out);
    this.in = in;
    this.reopen = reopen;
  }

  @Override
  void run() throws Exception {
    if (reopen) {
      reopen();
    } else {
      ingest();
    }
  }

  private void ingest() throws Exception {
    TradesWorkload trades = generate(rows);
    long[] ts = variant.timeValues(trades.tsMicros);
    DiskUsage.deleteTree(dir);
    Database db = Database.open(dir, DatabaseOptions.defaults().withDurability(Durability.SYNC));
    Table table = db.createTable(TimeVariant.TABLE, variant.schema(), variant.options(rows + 1));
    appendAll(table, trades, ts);
    check(
        table.stats().memoryRows() == rows,
        "expected all " + rows + " rows in memory, " + table.stats());
    emit("crash_reopen", "wal_bytes", DiskUsage.of(dir).bytes(), "bytes");
    out.println(READY);
    out.flush();
    // The parent kills this process now. Should it go away instead, stop without a clean close.
    while (in.read() >= 0) {
      // Ignore anything written to standard input.
    }
    db.engine().closeAbruptly();
  }

  private void reopen() {
    TradesWorkload trades = generate(rows);
    long expectedQty = new TradesAnswers(trades, trades.tsMicros).qtySum();
    long opening = System.nanoTime();
    Database db = Database.open(dir);
    long opened = System.nanoTime();
    Table table = db.table(TimeVariant.TABLE);
    long counted = TradesQueries.count(table).rows();
    long done = System.nanoTime();
    try {
      check(counted == rows, "count(*) after the crash is " + counted + ", expected " + rows);
      check(
          table.stats().memoryRows() == rows,
          "expected the rows to come back from the WAL, " + table.stats());
      long qty = 0;
      try (TableReader reader = table.reader().select("qty")) {
        ColumnBatch batch;
        while ((batch = reader.nextBatch()) != null) {
          long[] values = ((LongVector) batch.vector(3)).values();
          for (int i = 0; i < batch.selectedCount(); i++) {
            qty += values[batch.selectedRow(i)];
          }
        }
      }
      check(qty == expectedQty, "sum(qty) after the crash is " + qty + ", expected " + expectedQty);
      emit("crash_reopen", "rows", rows, "rows");
      emit("crash_reopen", "open_ms", (opened - opening) / 1e6, "ms");
      emit("crash_reopen", "count_ms", (done - opened) / 1e6, "ms");
      emit("crash_reopen", "total_ms", (done - opening) / 1e6, "ms");
      // Stop again without flushing and replay the same WAL in this, now warm, JVM.
      db.engine().closeAbruptly();
      opening = System.nanoTime();
      db = Database.open(dir);
      opened = System.nanoTime();
      counted = TradesQueries.count(db.table(TimeVariant.TABLE)).rows();
      done = System.nanoTime();
      check(counted == rows, "count(*) after the second replay is " + counted);
      emit("crash_reopen", "warm_open_ms", (opened - opening) / 1e6, "ms");
      emit("crash_reopen", "warm_total_ms", (done - opening) / 1e6, "ms");
    } finally {
      // Stop as a crash does, so that the next fresh JVM finds the same rows in the WAL.
      db.engine().closeAbruptly();
    }
  }
}
