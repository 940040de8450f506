package io.backtracedb.bench;

import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * W1: ingests the workload through the embedded API in one durability mode, a commit per batch,
 * then closes the database and measures what is on disk.
 */
final class IngestTask extends ChildTask {
  IngestTask(Args args, PrintStream out) {
    super(args, out);
  }

  @Override
  void run() throws Exception {
    TradesWorkload trades = generate(rows);
    long[] ts = variant.timeValues(trades.tsMicros);
    DiskUsage.deleteTree(dir);
    String scenario = "w1_" + durability.name().toLowerCase(Locale.ROOT);
    Database db = Database.open(dir, DatabaseOptions.defaults().withDurability(durability));
    Table table =
        db.createTable(
            TimeVariant.TABLE, variant.schema(), variant.options(TableOptions.DEFAULT_BLOCK_ROWS));
    // Start timing from a quiet heap so that garbage from generation is not charged to ingest.
    System.gc();
    Map<Long, Long> cpuBefore = CpuTime.allThreads();
    long started = System.nanoTime();
    int commits = appendAll(table, trades, ts);
    long ingested = System.nanoTime();
    // The committing thread plus the background flush, measured before close stops the latter.
    long cpu = CpuTime.since(cpuBefore);
    long visible = table.stats().rowCount();
    db.close();
    long closed = System.nanoTime();
    check(visible == rows, "row count after ingest is " + visible + ", expected " + rows);
    double seconds = (ingested - started) / 1e9;
    emit(scenario, "rows_per_s", rows / seconds, "rows/s");
    emit(scenario, "ingest_s", seconds, "s");
    emit(scenario, "commits", commits, "commits");
    emit(scenario, "java_cpu_s", cpu / 1e9, "s");
    emit(scenario, "close_ms", (closed - ingested) / 1e6, "ms");
    DiskUsage disk = DiskUsage.of(dir);
    String diskScenario = "disk_" + durability.name().toLowerCase(Locale.ROOT);
    emit(diskScenario, "bytes", disk.bytes(), "bytes");
    emit(diskScenario, "bytes_per_row", disk.bytes() / (double) rows, "bytes/row");
    emit(diskScenario, "block_bytes", disk.blockBytes(), "bytes");
    emit(diskScenario, "block_files", disk.blockFiles(), "files");
    emit(diskScenario, "files", disk.files(), "files");
  }
}
