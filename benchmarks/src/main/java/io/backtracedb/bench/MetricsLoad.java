package io.backtracedb.bench;

import io.backtracedb.RowBatch;
import io.backtracedb.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes the metrics workload's rows into a table, in scrape order, through one of three paths:
 * BacktraceDB's embedded API ({@code Table.append(RowBatch)}), a prepared JDBC {@code INSERT} with
 * {@code executeBatch}, or DuckDB's Appender. Columns are {@code ts, host, region} and then the
 * table's metrics ({@link MetricsEngine#metricsOf}).
 */
final class MetricsLoad {
  private MetricsLoad() {}

  /**
   * Appends every row through the embedded API, one commit per {@code batchRows} rows; returns the
   * number of commits.
   */
  static int append(Table table, MetricsData data, int[] metrics, int batchRows) {
    long[] times = data.rowTimes();
    int[] hosts = data.rowHosts();
    long[][] values = rowValues(data, metrics);
    RowBatch batch = table.newBatch();
    int commits = 0;
    for (int row = 0; row < times.length; row++) {
      int h = hosts[row];
      batch.setLong(0, times[row]).setString(1, data.host(h)).setString(2, data.region(h));
      for (int i = 0; i < metrics.length; i++) {
        if (MetricsData.isBigint(metrics[i])) {
          batch.setLong(3 + i, values[i][row]);
        } else {
          batch.setDouble(3 + i, Double.longBitsToDouble(values[i][row]));
        }
      }
      batch.endRow();
      if (batch.rowCount() == batchRows) {
        table.append(batch);
        batch.clear();
        commits++;
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
      commits++;
    }
    return commits;
  }

  /** The row-order value arrays of {@code metrics}, in that order. */
  private static long[][] rowValues(MetricsData data, int[] metrics) {
    long[][] values = new long[metrics.length][];
    for (int i = 0; i < metrics.length; i++) {
      values[i] = data.rowValues(metrics[i]);
    }
    return values;
  }

  /** {@code INSERT INTO table VALUES (?, ...)} with a parameter per column. */
  static String insertSql(String table) {
    int metrics = MetricsEngine.metricsOf(table).length;
    return "INSERT INTO " + table + " VALUES (?, ?, ?" + ", ?".repeat(metrics) + ")";
  }

  /**
   * Inserts every row with {@code insert}, prepared from {@link #insertSql}: {@code executeBatch}
   * and {@code commit()} per {@code batchRows} rows (autocommit off, restored after); {@code ts} is
   * bound as an {@link Instant}. Returns the number of commits.
   */
  static int insert(
      Connection connection,
      PreparedStatement insert,
      String table,
      MetricsData data,
      int batchRows)
      throws SQLException {
    int[] metrics = MetricsEngine.metricsOf(table);
    connection.setAutoCommit(false);
    long[] times = data.rowTimes();
    int[] hosts = data.rowHosts();
    long[][] values = rowValues(data, metrics);
    int commits = 0;
    try {
      int pending = 0;
      for (int row = 0; row < times.length; row++) {
        int h = hosts[row];
        insert.setObject(1, Instant.ofEpochMilli(times[row]));
        insert.setString(2, data.host(h));
        insert.setString(3, data.region(h));
        for (int i = 0; i < metrics.length; i++) {
          if (MetricsData.isBigint(metrics[i])) {
            insert.setLong(4 + i, values[i][row]);
          } else {
            insert.setDouble(4 + i, Double.longBitsToDouble(values[i][row]));
          }
        }
        insert.addBatch();
        if (++pending == batchRows) {
          insert.executeBatch();
          connection.commit();
          commits++;
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
        connection.commit();
        commits++;
      }
    } finally {
      connection.setAutoCommit(true);
    }
    return commits;
  }

  /** Appends every row with DuckDB's Appender, which commits when it closes. */
  static void appendDuckDb(Connection connection, String table, MetricsData data)
      throws SQLException {
    int[] metrics = MetricsEngine.metricsOf(table);
    DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
    long[] times = data.rowTimes();
    int[] hosts = data.rowHosts();
    long[][] values = rowValues(data, metrics);
    try (DuckDBAppender appender = duck.createAppender("main", table)) {
      for (int row = 0; row < times.length; row++) {
        int h = hosts[row];
        appender.beginRow();
        // DuckDB's TIMESTAMP counts microseconds.
        appender.appendEpochMicros(times[row] * 1000);
        appender.append(data.host(h));
        appender.append(data.region(h));
        for (int i = 0; i < metrics.length; i++) {
          if (MetricsData.isBigint(metrics[i])) {
            appender.append(values[i][row]);
          } else {
            appender.append(Double.longBitsToDouble(values[i][row]));
          }
        }
        appender.endRow();
      }
    }
  }
}
