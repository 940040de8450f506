package io.backtracedb.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * JDBC: DDL with a time column, a prepared batch insert in one transaction, and a time-series query
 * with {@code time_bucket} and {@code rate} over a counter that resets.
 */
public final class JdbcExample {
  private JdbcExample() {}

  /** Runs the example in database directory {@code dir}; returns the number of buckets read. */
  public static int run(Path dir, PrintStream out) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS requests (ts TIMESTAMP NOT NULL, host VARCHAR NOT NULL,"
                + " total BIGINT) WITH (time_column = 'ts')");
      }
      connection.setAutoCommit(false);
      LocalDateTime start = LocalDateTime.of(2024, 6, 1, 0, 0);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO requests VALUES (?, ?, ?)")) {
        long total = 0;
        for (int second = 0; second < 3600; second += 10) {
          total = second == 1800 ? 5 : total + 50; // the counter resets at 00:30
          insert.setObject(1, start.plusSeconds(second));
          insert.setString(2, "web-1");
          insert.setLong(3, total);
          insert.addBatch();
        }
        insert.executeBatch(); // appended column-wise
      }
      connection.commit(); // one WAL record, fsynced
      connection.setAutoCommit(true);
      int buckets = 0;
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT time_bucket(INTERVAL '15' MINUTE, ts) AS quarter,"
                      + " rate(total, ts) AS per_second, increase(total, ts) AS requests"
                      + " FROM requests WHERE host = 'web-1'"
                      + " GROUP BY time_bucket(INTERVAL '15' MINUTE, ts) ORDER BY quarter")) {
        while (rs.next()) {
          buckets++;
          out.printf(
              Locale.ROOT,
              "%s  %.1f/s  %.0f%n",
              rs.getObject("quarter", LocalDateTime.class),
              rs.getDouble("per_second"),
              rs.getDouble("requests"));
        }
      }
      return buckets;
    }
  }

  /** Runs the example in {@code args[0]} (default {@code example-jdbc}). */
  public static void main(String[] args) throws SQLException {
    run(Path.of(args.length > 0 ? args[0] : "example-jdbc"), System.out);
  }
}
