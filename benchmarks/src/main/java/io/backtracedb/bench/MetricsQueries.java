package io.backtracedb.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code rate()} queries of the metrics workload, as literal SQL in a new statement per run:
 * {@code rate_host}, 5-minute buckets of one host over the whole period, and {@code rate_hour},
 * 5-minute buckets of every host over one hour. Each runs at least {@code --warmup} times and for
 * {@code --warmup-ms}, then {@code --runs} timed times (reading every row is part of the time);
 * every answer is checked against {@link MetricsAnswers}.
 */
final class MetricsQueries {
  private final ChildTask task;
  private final MetricsEngine engine;
  private final MetricsData data;

  MetricsQueries(ChildTask task, MetricsEngine engine, MetricsData data) {
    this.task = task;
    this.engine = engine;
    this.data = data;
  }

  /** Runs and checks both queries on {@code connection}, emitting their times. */
  void run(Connection connection) throws SQLException {
    String host = data.host(MetricsAnswers.oneHost(data));
    List<MetricsAnswers.Bucket> oneHost = MetricsAnswers.rateOfOneHost(data);
    measure(
        connection,
        "rate_host",
        engine.rateOfOneHost(host),
        oneHost,
        rs -> new MetricsAnswers.Bucket(host, bucket(rs, 1), rate(rs, 2)));
    long from = MetricsAnswers.hourStart(data);
    long to = from + MetricsAnswers.HOUR_MILLIS;
    List<MetricsAnswers.Bucket> allHosts = MetricsAnswers.rateOfAllHosts(data, from, to);
    measure(
        connection,
        "rate_hour",
        engine.rateOfAllHosts(from, to),
        allHosts,
        rs -> new MetricsAnswers.Bucket(rs.getString(1), bucket(rs, 2), rate(rs, 3)));
  }

  /** Reads one row of a result into a bucket. */
  @FunctionalInterface
  private interface RowReader {
    MetricsAnswers.Bucket read(ResultSet rs) throws SQLException;
  }

  private void measure(
      Connection connection,
      String scenario,
      String sql,
      List<MetricsAnswers.Bucket> expected,
      RowReader reader)
      throws SQLException {
    task.note(scenario + ": " + sql);
    long warmUntil = System.nanoTime() + task.warmupMillis * 1_000_000L;
    int warmed = 0;
    while (warmed < task.warmup || System.nanoTime() < warmUntil) {
      MetricsAnswers.check(scenario, expected, runOnce(connection, sql, reader, null));
      warmed++;
    }
    long[] nanos = new long[task.runs];
    for (int i = 0; i < task.runs; i++) {
      long[] elapsed = new long[1];
      MetricsAnswers.check(scenario, expected, runOnce(connection, sql, reader, elapsed));
      nanos[i] = elapsed[0];
    }
    task.emit(scenario, "warmup_runs", warmed, "runs");
    task.emit(scenario, "rows", expected.size(), "rows");
    task.emit(scenario, "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    Arrays.sort(nanos);
    task.emit(scenario, "min_ms", nanos[0] / 1e6, "ms");
    task.emit(scenario, "max_ms", nanos[nanos.length - 1] / 1e6, "ms");
  }

  /**
   * Runs {@code sql} in a new statement and reads every row; the time from creating the statement
   * to the last row goes to {@code elapsed[0]} when it is given.
   */
  private static List<MetricsAnswers.Bucket> runOnce(
      Connection connection, String sql, RowReader reader, long[] elapsed) throws SQLException {
    List<MetricsAnswers.Bucket> rows = new ArrayList<>();
    long started = System.nanoTime();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(reader.read(rs));
      }
    }
    if (elapsed != null) {
      elapsed[0] = System.nanoTime() - started;
    }
    return rows;
  }

  /** A TIMESTAMP column as epoch milliseconds of its UTC wall clock. */
  private static long bucket(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static Double rate(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
