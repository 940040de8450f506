package io.backtracedb.bench;

import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.Table;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest of the six-metric table into a BacktraceDB series or ordinary table, through the embedded
 * API ({@code --api embedded}: {@code Table.append(RowBatch)} per {@code --batch} rows, in the
 * durability mode given) or JDBC ({@code --api jdbc}: a prepared INSERT, {@code executeBatch} and
 * {@code commit()} per batch). Timed from the first row to the return of the last commit; the close
 * that follows (which flushes the rows still in memory) is timed on its own.
 */
final class MetricsIngestTask extends MetricsTask {
  private final boolean jdbc;

  MetricsIngestTask(Args args, PrintStream out) {
    super(args, out);
    String api = args.get("api", "embedded");
    if (!api.equals("embedded") && !api.equals("jdbc")) {
      throw new IllegalArgumentException("api must be embedded or jdbc, got '" + api + "'");
    }
    if (engine == MetricsEngine.DUCKDB) {
      throw new IllegalArgumentException("the metrics ingest task runs BacktraceDB tables only");
    }
    this.jdbc = api.equals("jdbc");
  }

  @Override
  void run() throws Exception {
    MetricsData data = generateMetrics();
    DiskUsage.deleteTree(dir);
    Files.createDirectories(dir);
    if (jdbc) {
      ingestJdbc(data);
    } else {
      ingestEmbedded(data);
    }
  }

  private void ingestEmbedded(MetricsData data) {
    int[] metrics = MetricsEngine.metricsOf(MetricsEngine.MIX_TABLE);
    Database db = Database.open(dir, DatabaseOptions.defaults().withDurability(durability));
    Table table =
        db.createTable(MetricsEngine.MIX_TABLE, MetricsEngine.schema(metrics), engine.options());
    // Start from a quiet heap so that garbage from generation is not charged to ingest.
    System.gc();
    Map<Long, Long> cpuBefore = CpuTime.allThreads();
    long mainBefore = CpuTime.currentThread();
    long started = System.nanoTime();
    int commits = MetricsLoad.append(table, data, metrics, batchRows);
    long ingested = System.nanoTime();
    long mainCpu = CpuTime.currentThread() - mainBefore;
    // The committing thread plus the background flush, measured before close stops the latter.
    long cpu = CpuTime.since(cpuBefore);
    long visible = table.stats().rowCount();
    db.close();
    long closed = System.nanoTime();
    check(visible == data.rows(), "row count is " + visible + ", expected " + data.rows());
    emitIngest(data, ingested - started, commits, closed - ingested);
    emitCpu(data, cpu, mainCpu);
  }

  /**
   * CPU time of every Java thread (the committing thread, the background flush and, through JDBC,
   * the driver's) and of the committing thread alone: on a shared machine wall time also measures
   * the other work on the cores.
   */
  private void emitCpu(MetricsData data, long cpu, long committerCpu) {
    emit("ingest", "java_cpu_s", cpu / 1e9, "s");
    emit("ingest", "committer_cpu_s", committerCpu / 1e9, "s");
    emit("ingest", "samples_per_java_cpu_s", data.samples() / (cpu / 1e9), "samples/s");
  }

  private void ingestJdbc(MetricsData data) throws SQLException {
    String url = "jdbc:backtrace:" + dir.toAbsolutePath();
    if (durability != Durability.SYNC) {
      url += ";durability=" + durability.name().toLowerCase(Locale.ROOT);
    }
    String table = MetricsEngine.MIX_TABLE;
    Connection connection = DriverManager.getConnection(url);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute(engine.createTable(table));
      }
      // Prepared outside the timed loop: in a fresh JVM it is mostly Calcite's start-up.
      long preparing = System.nanoTime();
      try (PreparedStatement insert = connection.prepareStatement(MetricsLoad.insertSql(table))) {
        emit("ingest", "prepare_ms", (System.nanoTime() - preparing) / 1e6, "ms");
        System.gc();
        Map<Long, Long> cpuBefore = CpuTime.allThreads();
        long mainBefore = CpuTime.currentThread();
        long started = System.nanoTime();
        int commits = MetricsLoad.insert(connection, insert, table, data, batchRows);
        long ingested = System.nanoTime();
        long mainCpu = CpuTime.currentThread() - mainBefore;
        long cpu = CpuTime.since(cpuBefore);
        long counted;
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counted = rs.getLong(1);
        }
        check(counted == data.rows(), "count(*) is " + counted + ", expected " + data.rows());
        long closing = System.nanoTime();
        connection.close();
        emitIngest(data, ingested - started, commits, System.nanoTime() - closing);
        emitCpu(data, cpu, mainCpu);
      }
    } finally {
      connection.close();
    }
  }

  private void emitIngest(MetricsData data, long nanos, int commits, long closeNanos) {
    double seconds = nanos / 1e9;
    emit("ingest", "samples_per_s", data.samples() / seconds, "samples/s");
    emit("ingest", "rows_per_s", data.rows() / seconds, "rows/s");
    emit("ingest", "ingest_s", seconds, "s");
    emit("ingest", "commits", commits, "commits");
    emit("ingest", "close_ms", closeNanos / 1e6, "ms");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "metrics ingest %s %s %s, %,d hosts x %,d scrapes",
        engine.label(),
        jdbc ? "jdbc" : "embedded",
        durability.name().toLowerCase(Locale.ROOT),
        hosts,
        scrapes);
  }
}
