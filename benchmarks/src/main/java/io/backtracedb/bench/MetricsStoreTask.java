package io.backtracedb.bench;

import io.backtracedb.Database;
import io.backtracedb.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Storage and queries of the metrics workload in one engine: loads the six-metric table and the six
 * one-metric tables (BacktraceDB through the embedded API in its default durability, DuckDB with
 * its Appender), closes (BacktraceDB's clean close flushes everything; DuckDB runs {@code
 * CHECKPOINT}), measures the bytes each table takes per sample, then runs the two {@code rate()}
 * queries through JDBC and checks every row against the generator ({@link MetricsQueries}).
 */
final class MetricsStoreTask extends MetricsTask {
  MetricsStoreTask(Args args, PrintStream out) {
    super(args, out);
  }

  @Override
  void run() throws Exception {
    MetricsData data = generateMetrics();
    DiskUsage.deleteTree(dir);
    Files.createDirectories(dir);
    if (engine == MetricsEngine.DUCKDB) {
      loadDuckDb(data);
    } else {
      loadBacktrace(data);
    }
    long perMetricTables = 0;
    for (String table : MetricsEngine.tables()) {
      long bytes = storedBytes(table, data);
      if (!table.equals(MetricsEngine.MIX_TABLE)) {
        perMetricTables += bytes;
      }
    }
    emit("bytes_per_metric_tables", "bytes", perMetricTables, "bytes");
    emit(
        "bytes_per_metric_tables",
        "bytes_per_sample",
        perMetricTables / (double) data.samples(),
        "bytes/sample");
    try (Connection connection = engine.connect(dir, MetricsEngine.MIX_TABLE)) {
      if (engine == MetricsEngine.SERIES) {
        seriesTable(connection, data);
      }
      new MetricsQueries(this, engine, data).run(connection);
    }
  }

  /** Loads every table through the embedded API; the mix's load is timed. */
  private void loadBacktrace(MetricsData data) {
    Database db = Database.open(dir);
    for (String name : MetricsEngine.tables()) {
      int[] metrics = MetricsEngine.metricsOf(name);
      Table table = db.createTable(name, MetricsEngine.schema(metrics), engine.options());
      long started = System.nanoTime();
      int commits = MetricsLoad.append(table, data, metrics, batchRows);
      long loaded = System.nanoTime();
      if (name.equals(MetricsEngine.MIX_TABLE)) {
        emitLoad(data, loaded - started);
        emit("load", "commits", commits, "commits");
      }
      long rows = table.stats().rowCount();
      check(rows == data.rows(), name + " holds " + rows + " rows, expected " + data.rows());
    }
    long closing = System.nanoTime();
    db.close();
    emit("load", "close_ms", (System.nanoTime() - closing) / 1e6, "ms");
  }

  /**
   * Loads every table with the Appender, one database file each; the mix's load is timed. Also
   * measures the file of an empty six-metric table: DuckDB's fixed cost, which small tables feel.
   */
  private void loadDuckDb(MetricsData data) throws SQLException, IOException {
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    try (Connection connection = engine.connect(empty, MetricsEngine.MIX_TABLE);
        Statement statement = connection.createStatement()) {
      statement.execute(engine.createTable(MetricsEngine.MIX_TABLE));
      statement.execute("CHECKPOINT");
    }
    emit(
        "duckdb_empty",
        "bytes",
        Files.size(MetricsEngine.duckDbFile(empty, MetricsEngine.MIX_TABLE)),
        "bytes");
    DiskUsage.deleteTree(empty);
    for (String table : MetricsEngine.tables()) {
      try (Connection connection = engine.connect(dir, table);
          Statement statement = connection.createStatement()) {
        statement.execute(engine.createTable(table));
        long started = System.nanoTime();
        MetricsLoad.appendDuckDb(connection, table, data);
        long loaded = System.nanoTime();
        if (table.equals(MetricsEngine.MIX_TABLE)) {
          emitLoad(data, loaded - started);
        }
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          check(rs.getLong(1) == data.rows(), table + " holds " + rs.getLong(1) + " rows");
        }
        statement.execute("CHECKPOINT");
      }
    }
  }

  private void emitLoad(MetricsData data, long nanos) {
    double seconds = nanos / 1e9;
    emit("load", "samples_per_s", data.samples() / seconds, "samples/s");
    emit("load", "rows_per_s", data.rows() / seconds, "rows/s");
    emit("load", "ingest_s", seconds, "s");
  }

  /**
   * Emits the bytes of {@code table}'s data files (chunk files, Parquet blocks, or DuckDB's
   * database file with its WAL) and of everything the table keeps on disk; returns the first.
   */
  private long storedBytes(String table, MetricsData data) throws IOException {
    long dataBytes = 0;
    long allBytes = 0;
    int files = 0;
    List<Path> paths;
    if (engine == MetricsEngine.DUCKDB) {
      Path file = MetricsEngine.duckDbFile(dir, table);
      Path wal = file.resolveSibling(file.getFileName() + ".wal");
      paths = Files.exists(wal) ? List.of(file, wal) : List.of(file);
    } else {
      try (Stream<Path> walk = Files.walk(dir.resolve("tables").resolve(table))) {
        paths = walk.filter(Files::isRegularFile).toList();
      }
    }
    for (Path path : paths) {
      long size = Files.size(path);
      allBytes += size;
      String name = path.getFileName().toString();
      if (engine == MetricsEngine.DUCKDB || name.endsWith(".chunks") || name.endsWith(".parquet")) {
        dataBytes += size;
        files++;
      }
    }
    long samples = data.rows() * MetricsEngine.metricsOf(table).length;
    String scenario = "bytes_" + table;
    emit(scenario, "bytes", dataBytes, "bytes");
    emit(scenario, "bytes_per_sample", dataBytes / (double) samples, "bytes/sample");
    emit(scenario, "data_files", files, "files");
    emit(scenario, "table_bytes", allBytes, "bytes");
    emit(scenario, "table_bytes_per_sample", allBytes / (double) samples, "bytes/sample");
    return dataBytes;
  }

  /** {@code sys.series} of the six-metric table: its series, samples, chunks and chunk bytes. */
  private void seriesTable(Connection connection, MetricsData data) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*), sum(samples), sum(chunks), sum(bytes) FROM sys.series"
                    + " WHERE table_name = '"
                    + MetricsEngine.MIX_TABLE
                    + "'")) {
      rs.next();
      check(rs.getLong(1) == data.hosts(), "sys.series has " + rs.getLong(1) + " series");
      check(rs.getLong(2) == data.rows(), "sys.series has " + rs.getLong(2) + " samples");
      emit("sys_series", "series", rs.getLong(1), "series");
      emit("sys_series", "chunks", rs.getLong(3), "chunks");
      emit("sys_series", "bytes", rs.getLong(4), "bytes");
      emit(
          "sys_series",
          "bytes_per_sample",
          rs.getLong(4) / (double) data.samples(),
          "bytes/sample");
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "metrics store %s, %,d hosts x %,d scrapes", engine.label(), hosts, scrapes);
  }
}
