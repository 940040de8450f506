package io.backtracedb.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * An engine reached through JDBC, in its default durable configuration: how to connect, the {@code
 * trades} table in its dialect, and the queries where dialects differ. {@code ts} is a BIGINT of
 * epoch microseconds everywhere, so that keys are unique (SQLite's rowid needs it) and the answers
 * are exact.
 */
enum JdbcEngine implements BenchEngine {
  /** BacktraceDB through its JDBC driver, durability {@code sync} (the default). */
  BACKTRACE(
      "backtrace",
      "BacktraceDB",
      "durability `sync` (default): each `commit()` returns after its WAL record is fsynced;"
          + " `ts BIGINT` time column (micros), default `block_rows` 1,000,000; no secondary index"
          + " unless the workload creates one (`CREATE INDEX`: the index workload), whose files"
          + " are read into memory in the background as they open, up to 1 GiB in all"
          + " (`index.preload_bytes`, default)",
      "ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE, qty BIGINT",
      "BIGINT NOT NULL",
      " WITH (time_column = 'ts', time_unit = 'micros')",
      "embedded `Table.append`, durability `none`"),
  /** SQLite through xerial's driver, rollback journal, {@code synchronous=FULL}. */
  SQLITE(
      "sqlite",
      "SQLite",
      "`PRAGMA synchronous=FULL` and the default rollback journal (fsync on every commit);"
          + " `ts INTEGER PRIMARY KEY`, so rows are clustered on `ts` in the rowid B-tree",
      "ts INTEGER PRIMARY KEY, symbol TEXT NOT NULL, price REAL, qty INTEGER",
      "INTEGER NOT NULL",
      "",
      null),
  /** H2 embedded, MVStore, defaults. */
  H2(
      "h2",
      "H2",
      "defaults (MVStore; a commit is written to the file but not fsynced) except"
          + " `OPTIMIZE_REUSE_RESULTS=0`, so that a repeated query runs again instead of"
          + " returning H2's cached result; `ts BIGINT PRIMARY KEY`",
      "ts BIGINT PRIMARY KEY, symbol VARCHAR NOT NULL, price DOUBLE PRECISION, qty BIGINT",
      "BIGINT NOT NULL",
      "",
      null),
  /** DuckDB embedded, defaults. */
  DUCKDB(
      "duckdb",
      "DuckDB",
      "defaults (its WAL is fsynced on every commit; as many threads as cores); no primary key"
          + " (an ART index would slow its ingest further), so Q7 scans with zone maps",
      "ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE, qty BIGINT",
      "BIGINT NOT NULL",
      "",
      "Appender, `flush()` per batch");

  private final String label;
  private final String displayName;
  private final String settings;
  private final String columns;
  private final String orderIdType;
  private final String tableSuffix;
  private final String nativeIngest;

  JdbcEngine(
      String label,
      String displayName,
      String settings,
      String columns,
      String orderIdType,
      String tableSuffix,
      String nativeIngest) {
    this.label = label;
    this.displayName = displayName;
    this.settings = settings;
    this.columns = columns;
    this.orderIdType = orderIdType;
    this.tableSuffix = tableSuffix;
    this.nativeIngest = nativeIngest;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public String nativeIngest() {
    return nativeIngest;
  }

  @Override
  public String createTable(boolean orderIds) {
    return "CREATE TABLE trades ("
        + columns
        + (orderIds ? ", order_id " + orderIdType : "")
        + ")"
        + tableSuffix;
  }

  /** SQLite and H2 key the table on {@code ts} already (Q7 uses that key): no second index. */
  @Override
  public String createIndex(String name, String column, boolean unique) {
    boolean keyedOnTs = this == SQLITE || this == H2;
    return keyedOnTs && column.equals("ts")
        ? null
        : BenchEngine.super.createIndex(name, column, unique);
  }

  @Override
  public String createCoveringTsIndex(String name) {
    return this == BACKTRACE
        ? "CREATE INDEX " + name + " ON trades (ts) INCLUDE (symbol, price, qty, order_id)"
        : null;
  }

  @Override
  public TradesSession open(Path dir) throws SQLException {
    return new JdbcSession(this, connect(dir));
  }

  @Override
  public TradesSession.Inserter openNativeInsert(Path dir, TradesData data) throws Exception {
    return switch (this) {
      case BACKTRACE -> NativeInserters.embedded(dir, data);
      case DUCKDB ->
          NativeInserters.duckDbAppender(connect(dir), createTable(data.hasOrderIds()), data);
      default -> BenchEngine.super.openNativeInsert(dir, data);
    };
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
  @Override
  public String versions() throws SQLException {
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

  /** The statement that shows the plan of {@code sql}. */
  String explain(String sql) {
    return switch (this) {
      case BACKTRACE -> "EXPLAIN PLAN FOR " + sql;
      case SQLITE -> "EXPLAIN QUERY PLAN " + sql;
      case H2, DUCKDB -> "EXPLAIN " + sql;
    };
  }

  @Override
  public String q5() {
    return switch (this) {
      // SQLite's documented bare-column rule: with max(), the other columns come from its row.
      case SQLITE -> "SELECT symbol, max(ts), price, qty FROM trades GROUP BY symbol";
      case DUCKDB ->
          "SELECT symbol, max(ts), arg_max(price, ts), arg_max(qty, ts) FROM trades"
              + " GROUP BY symbol";
      // last(x, ts): the newest value per group, which the scan serves reading newest blocks first.
      case BACKTRACE ->
          "SELECT symbol, max(ts), last(price, ts), last(qty, ts) FROM trades GROUP BY symbol";
      default ->
          "SELECT t.symbol, t.ts, t.price, t.qty FROM trades t JOIN (SELECT symbol, max(ts) AS"
              + " latest FROM trades GROUP BY symbol) m ON t.symbol = m.symbol AND t.ts = m.latest";
    };
  }

  @Override
  public String q6(long from) {
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
}
