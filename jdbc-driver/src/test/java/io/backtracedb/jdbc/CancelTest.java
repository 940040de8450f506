package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Statement.cancel()} and {@code setQueryTimeout} stop long statements; the statement stays
 * usable.
 */
class CancelTest {
  /**
   * A nested-loop join over 10^10 pairs: far longer than any test may take, so the statement only
   * ends by being stopped. The outer side streams from the table scan, which checks for a cancel on
   * every row it hands up.
   */
  private static final String ENDLESS =
      "SELECT count(*) FROM numbers a JOIN numbers b ON a.n < b.n";

  @TempDir Path dir;

  @BeforeEach
  void createNumbers() {
    try (Database db = Database.open(dir)) {
      Table numbers =
          db.createTable(
              "numbers",
              Schema.builder()
                  .notNull("n", ColumnType.BIGINT)
                  .notNull("k", ColumnType.INTEGER)
                  .build());
      RowBatch batch = numbers.newBatch();
      for (int i = 0; i < 100_000; i++) {
        batch.addRow((long) i, i % 10);
      }
      numbers.append(batch);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir);
  }

  @Test
  void queryTimeoutStopsALongStatement() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException error = assertThrows(SQLException.class, () -> drain(statement, ENDLESS));
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertInstanceOf(SQLTimeoutException.class, error, error::toString);
      assertEquals("57014", error.getSQLState());
      assertTrue(seconds < 60, "stopped long before the join could finish: " + seconds + " s");
      statement.setQueryTimeout(0);
      assertEquals(100_000, count(statement), "the statement runs again after a timeout");
    }
  }

  @Test
  void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      AtomicBoolean done = new AtomicBoolean();
      // Cancel repeatedly: a cancel that lands before the statement starts is forgotten by design.
      CompletableFuture<Void> canceller =
          CompletableFuture.runAsync(
              () -> {
                while (!done.get()) {
                  try {
                    statement.cancel();
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
              });
      SQLException error;
      try {
        error = assertThrows(SQLException.class, () -> drain(statement, ENDLESS));
      } finally {
        done.set(true);
      }
      canceller.get(30, TimeUnit.SECONDS);
      assertEquals("57014", error.getSQLState(), error::toString);
      assertEquals(100_000, count(statement), "the statement runs again after a cancel");
    }
  }

  @Test
  void cancelBetweenRowsEndsTheResultSet() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT n FROM numbers")) {
      assertTrue(rs.next());
      statement.cancel();
      SQLException error = assertThrows(SQLException.class, rs::next);
      assertEquals("57014", error.getSQLState(), error::toString);
    }
  }

  private static void drain(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rs.getLong(1);
      }
    }
  }

  private static long count(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM numbers")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
