package io.backtracedb.bench;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Where the metrics workload is stored: a BacktraceDB series table, an ordinary BacktraceDB
 * (Parquet) table, or DuckDB; with the tables' schema and the {@code rate()} queries in each
 * dialect.
 *
 * <p>Every engine holds the same tables: {@code metrics (ts, host, region, requests, bytes_sent,
 * cpu_percent, mem_used_bytes, up, load)} with all six metrics, and one table per metric, {@code
 * m_<metric> (ts, host, region, <metric>)}, for bytes per sample of each kind.
 */
enum MetricsEngine {
  /** A BacktraceDB series table: tags {@code host, region}, the metrics as fields. */
  SERIES(
      "series",
      "series table",
      "BacktraceDB `kind = 'series'`, tags `host,region`, default `block_rows` (1,000,000) and"
          + " chunks (120 samples or 2 hours); bytes = its chunk files after a clean close"),
  /** An ordinary BacktraceDB table: Parquet blocks. */
  TABLE(
      "table",
      "ordinary table",
      "BacktraceDB ordinary table, `time_column = 'ts'`, default `block_rows`; bytes = its Parquet"
          + " blocks after a clean close"),
  /** DuckDB, loaded with its Appender, one database file per table. */
  DUCKDB(
      "duckdb",
      "DuckDB",
      "DuckDB defaults, loaded with its Appender, one database file per table; bytes = the"
          + " file after `CHECKPOINT` and close");

  /** The six-metric table. */
  static final String MIX_TABLE = "metrics";

  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final String label;
  private final String displayName;
  private final String settings;

  MetricsEngine(String label, String displayName, String settings) {
    this.label = label;
    this.displayName = displayName;
    this.settings = settings;
  }

  /** The name on command lines and in the CSV. */
  String label() {
    return label;
  }

  /** The name in reports. */
  String displayName() {
    return displayName;
  }

  /** The configuration, for the report. */
  String settings() {
    return settings;
  }

  /** The table of one metric. */
  static String metricTable(int metric) {
    return "m_" + MetricsData.metricName(metric);
  }

  /** The metric (field) columns of a table: all six for the mix, or one. */
  static int[] metricsOf(String table) {
    if (table.equals(MIX_TABLE)) {
      int[] all = new int[MetricsData.METRICS];
      for (int m = 0; m < all.length; m++) {
        all[m] = m;
      }
      return all;
    }
    for (int m = 0; m < MetricsData.METRICS; m++) {
      if (metricTable(m).equals(table)) {
        return new int[] {m};
      }
    }
    throw new IllegalArgumentException("not a table of the metrics workload: '" + table + "'");
  }

  /** Every table of the workload: the mix, then one per metric. */
  static List<String> tables() {
    String[] names = new String[MetricsData.METRICS + 1];
    names[0] = MIX_TABLE;
    for (int m = 0; m < MetricsData.METRICS; m++) {
      names[m + 1] = metricTable(m);
    }
    return List.of(names);
  }

  /** {@code ts TIMESTAMP NOT NULL, host, region VARCHAR NOT NULL}, then the metrics' columns. */
  static Schema schema(int[] metrics) {
    Schema.Builder builder =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .notNull("host", ColumnType.VARCHAR)
            .notNull("region", ColumnType.VARCHAR);
    for (int m : metrics) {
      builder.column(
          MetricsData.metricName(m),
          MetricsData.isBigint(m) ? ColumnType.BIGINT : ColumnType.DOUBLE);
    }
    return builder.build();
  }

  /**
   * The embedded API's table options: a series table or an ordinary one, time column {@code ts}.
   */
  TableOptions options() {
    TableOptions options = TableOptions.defaults().withTimeColumn("ts");
    return switch (this) {
      case SERIES -> options.asSeries(List.of("host", "region"));
      case TABLE -> options;
      case DUCKDB -> throw new IllegalStateException("DuckDB has no BacktraceDB table options");
    };
  }

  /** {@code CREATE TABLE} in this engine's dialect. */
  String createTable(String table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    List<Column> columns = schema(metricsOf(table)).columns();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      sql.append(i == 0 ? "" : ", ").append(column.name()).append(' ').append(column.type());
      if (!column.nullable()) {
        sql.append(" NOT NULL");
      }
    }
    sql.append(')');
    String with =
        switch (this) {
          case SERIES -> " WITH (kind = 'series', time_column = 'ts', tags = 'host,region')";
          case TABLE -> " WITH (time_column = 'ts')";
          case DUCKDB -> "";
        };
    return sql.append(with).toString();
  }

  /** A connection to the database under {@code dir} (for DuckDB, the file of {@code table}). */
  Connection connect(Path dir, String table) throws SQLException {
    Path abs = dir.toAbsolutePath();
    return this == DUCKDB
        ? DriverManager.getConnection("jdbc:duckdb:" + duckDbFile(abs, table))
        : DriverManager.getConnection("jdbc:backtrace:" + abs);
  }

  /** DuckDB's database file of {@code table} under {@code dir}. */
  static Path duckDbFile(Path dir, String table) {
    return dir.resolve(table + ".duckdb");
  }

  /**
   * {@code rate(requests, ts)} per 5-minute bucket of host {@code host} over the whole period, as
   * {@code (bucket, per_second)} ordered by bucket.
   */
  String rateOfOneHost(String host) {
    String where = "host = '" + host + "'";
    if (this == DUCKDB) {
      return "SELECT bucket, "
          + duckDbRate()
          + " AS per_second FROM ("
          + duckDbSamples(where)
          + ") s GROUP BY bucket ORDER BY bucket";
    }
    return "SELECT time_bucket(INTERVAL '5' MINUTE, ts) AS bucket, rate(requests, ts) AS"
        + " per_second FROM metrics WHERE "
        + where
        + " GROUP BY time_bucket(INTERVAL '5' MINUTE, ts) ORDER BY bucket";
  }

  /**
   * {@code rate(requests, ts)} per host and 5-minute bucket over {@code [from, to)}, as {@code
   * (host, bucket, per_second)} ordered by host and bucket.
   */
  String rateOfAllHosts(long from, long to) {
    String where = "ts >= " + literal(from) + " AND ts < " + literal(to);
    if (this == DUCKDB) {
      return "SELECT host, bucket, "
          + duckDbRate()
          + " AS per_second FROM ("
          + duckDbSamples(where)
          + ") s GROUP BY host, bucket ORDER BY host, bucket";
    }
    return "SELECT host, time_bucket(INTERVAL '5' MINUTE, ts) AS bucket, rate(requests, ts) AS"
        + " per_second FROM metrics WHERE "
        + where
        + " GROUP BY host, time_bucket(INTERVAL '5' MINUTE, ts) ORDER BY host, bucket";
  }

  /**
   * DuckDB has no {@code rate}: each sample with the previous one of its host and bucket ({@code
   * lag} over a window), for {@link #duckDbRate()}.
   */
  private static String duckDbSamples(String where) {
    return "SELECT host, time_bucket(INTERVAL '5 minutes', ts) AS bucket, ts, requests,"
        + " lag(requests) OVER (PARTITION BY host, time_bucket(INTERVAL '5 minutes', ts)"
        + " ORDER BY ts) AS prev FROM metrics WHERE "
        + where;
  }

  /**
   * PromQL-style increase (a drop is a reset: the new value counts) over the seconds between the
   * first and last sample; NULL for a single sample, as BacktraceDB's {@code rate}.
   */
  private static String duckDbRate() {
    return "sum(CASE WHEN prev IS NULL THEN 0 WHEN requests >= prev THEN requests - prev"
        + " ELSE requests END) / (nullif(epoch_ms(max(ts)) - epoch_ms(min(ts)), 0) / 1000.0)";
  }

  /** A TIMESTAMP literal both dialects read as this UTC wall-clock time. */
  private static String literal(long millis) {
    return "TIMESTAMP '"
        + LITERAL.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC))
        + "'";
  }

  /** Parses a label. */
  static MetricsEngine parse(String text) {
    for (MetricsEngine engine : values()) {
      if (engine.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return engine;
      }
    }
    throw new IllegalArgumentException(
        "metrics engine must be one of series, table, duckdb, got '" + text + "'");
  }
}
