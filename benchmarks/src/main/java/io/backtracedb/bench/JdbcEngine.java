package io.backtracedb.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * An engine of the JDBC workload, in its default durable configuration: how to connect, the {@code
 * trades} table in its dialect, and the queries where dialects differ. {@code ts} is a BIGINT of
 * epoch microseconds everywhere, so that keys are unique (SQLite's rowid needs it) and the answers
 * are exact.
 */
enum JdbcEngine {
  /** BacktraceDB through its JDBC driver, durability {@code sync} (the default). */
  BACKTRACE(
      "backtrace",
      "BacktraceDB",
      "durability `sync` (default): each `commit()` returns after its WAL record is fsynced;"
          + " `ts BIGINT` time column (micros), default `block_rows` 1,000,000, no index (B-tree"
          + " indexes are not built yet)",
      "CREATE TABLE trades (ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE, qty BIGINT)"
          + " WITH (time_column = 'ts', time_unit = 'micros')"),
  /** SQLite through xerial's driver, rollback journal, {@code synchronous=FULL}. */
  SQLITE(
      "sqlite",
      "SQLite",
      "`PRAGMA synchronous=FULL` and the default rollback journal (fsync on every commit);"
          + " `ts INTEGER PRIMARY KEY`, so rows are clustered on `ts` in the rowid B-tree",
      "CREATE TABLE trades (ts INTEGER PRIMARY KEY, symbol TEXT NOT NULL, price REAL,"
          + " qty INTEGER)"),
  /** H2 embedded, MVStore, defaults. */
  H2(
      "h2",
      "H2",
      "defaults (MVStore; a commit is written to the file but not fsynced) except"
          + " `OPTIMIZE_REUSE_RESULTS=0`, so that a repeated query runs again instead of"
          + " returning H2's cached result; `ts BIGINT PRIMARY KEY`",
      "CREATE TABLE trades (ts BIGINT PRIMARY KEY, symbol VARCHAR NOT NULL,"
          + " price DOUBLE PRECISION, qty BIGINT)"),
  /** DuckDB embedded, defaults. */
  DUCKDB(
      "duckdb",
      "DuckDB",
      "defaults (its WAL is fsynced on every commit; as many threads as cores); no primary key"
          + " (an ART index would slow its ingest further), so Q7 scans with zone maps",
      "CREATE TABLE trades (ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE,"
          + " qty BIGINT)");

  /** Microseconds in a minute: Q6's bucket width. */
  static final long MINUTE_MICROS = 60_000_000L;

  private final String label;
  private final String displayName;
  private final String settings;
  private final String createTable;

  JdbcEngine(String label, String displayName, String settings, String createTable) {
    this.label = label;
    this.displayName = displayName;
    this.settings = settings;
    this.createTable = createTable;
  }

  /** The name on command lines and in the CSV. */
  String label() {
    return label;
  }

  /** The product name for reports. */
  String displayName() {
    return displayName;
  }

  /** The configuration this harness runs, for the report. */
  String settings() {
    return settings;
  }

  /** {@code CREATE TABLE trades ...} in this engine's dialect. */
  String createTable() {
    return createTable;
  }

  /** Opens a connection to the database kept under {@code dir}, with the benchmark's settings. */
  Connection connect(Path dir) throws SQLException {
    Path abs = dir.toAbsolutePath();
    Connection connection =
        switch (this) {
          case BACKTRACE -> DriverManager.getConnection("jdbc:backtrace:" + abs);
          case SQLITE -> DriverManager.getConnection("jdbc:sqlite:" + abs.resolve("trades.db"));
          case H2 ->
              DriverManager.getConnection(
                  "jdbc:h2:file:" + abs.resolve("trades") + ";OPTIMIZE_REUSE_RESULTS=0");
          case DUCKDB -> DriverManager.getConnection("jdbc:duckdb:" + abs.resolve("trades.duckdb"));
        };
    if (this == SQLITE) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA synchronous=FULL");
      }
    }
    return connection;
  }

  /**
   * The product and driver versions, read from an in-memory database of the engine (nothing on
   * disk).
   */
  String versions() throws SQLException {
    String url =
        switch (this) {
          case BACKTRACE -> "jdbc:backtrace:mem:versions";
          case SQLITE -> "jdbc:sqlite::memory:";
          case H2 -> "jdbc:h2:mem:versions";
          case DUCKDB -> "jdbc:duckdb:";
        };
    try (Connection connection = DriverManager.getConnection(url)) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName()
          + " "
          + meta.getDatabaseProductVersion()
          + ", driver "
          + meta.getDriverName()
          + " "
          + meta.getDriverVersion();
    }
  }

  /** Q1: {@code count(*), avg(price)} over {@code ts BETWEEN low AND high}. */
  String q1(long low, long high) {
    return "SELECT count(*), avg(price) FROM trades WHERE ts BETWEEN " + low + " AND " + high;
  }

  /** Q2: Q1 restricted to one symbol. */
  String q2(long low, long high, String symbol) {
    return q1(low, high) + " AND symbol = '" + symbol + "'";
  }

  /** Q3: per symbol, {@code count(*), avg(price), max(qty)} over the whole table. */
  String q3() {
    return "SELECT symbol, count(*), avg(price), max(qty) FROM trades GROUP BY symbol";
  }

  /** Q4: {@code sum(qty)} of rows whose price is above {@code threshold}. */
  String q4(double threshold) {
    return "SELECT sum(qty) FROM trades WHERE price > " + Double.toString(threshold);
  }

  /** Q5: the latest row per symbol, as {@code symbol, ts, price, qty}. */
  String q5() {
    return switch (this) {
      // SQLite's documented bare-column rule: with max(), the other columns come from its row.
      case SQLITE -> "SELECT symbol, max(ts), price, qty FROM trades GROUP BY symbol";
      case DUCKDB ->
          "SELECT symbol, max(ts), arg_max(price, ts), arg_max(qty, ts) FROM trades"
              + " GROUP BY symbol";
      default ->
          "SELECT t.symbol, t.ts, t.price, t.qty FROM trades t JOIN (SELECT symbol, max(ts) AS"
              + " latest FROM trades GROUP BY symbol) m ON t.symbol = m.symbol AND t.ts = m.latest";
    };
  }

  /** Q6: one-minute buckets of {@code count(*), avg(price)} over {@code [from, from + 1 hour)}. */
  String q6(long from) {
    String bucket = this == DUCKDB ? "ts // " + MINUTE_MICROS : "ts / " + MINUTE_MICROS;
    return String.format(
        Locale.ROOT,
        "SELECT %s AS bucket, count(*), avg(price) FROM trades WHERE ts >= %d AND ts < %d"
            + " GROUP BY %s ORDER BY 1",
        bucket,
        from,
        from + 60 * MINUTE_MICROS,
        bucket);
  }

  /** Q7: the prepared point lookup. */
  String q7() {
    return "SELECT ts, symbol, price, qty FROM trades WHERE ts = ?";
  }

  /** Parses a label. */
  static JdbcEngine parse(String text) {
    for (JdbcEngine engine : values()) {
      if (engine.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return engine;
      }
    }
    throw new IllegalArgumentException(
        "engine must be one of backtrace, sqlite, h2, duckdb, got '" + text + "'");
  }
}
