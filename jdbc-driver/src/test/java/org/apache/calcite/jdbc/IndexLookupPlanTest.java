package org.apache.calcite.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups on an indexed column through JDBC: a prepared statement and literal statements of one
 * shape each keep one plan, and each execution decides by its values whether the index serves it.
 */
class IndexLookupPlanTest {
  private static final int ROWS = 60_000;

  @TempDir Path dir;

  private String url() {
    return "jdbc:backtrace:" + dir;
  }

  /** 60,000 rows in three cold blocks (closing the connection flushes them), id = 59,999 - n. */
  @BeforeEach
  void fill() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (ts BIGINT NOT NULL, id BIGINT NOT NULL, name VARCHAR)"
              + " WITH (time_column = 'ts', block_rows = 20000)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        for (int n = 0; n < ROWS; n++) {
          insert.setLong(1, 1000L * n);
          insert.setLong(2, ROWS - 1 - n);
          insert.setString(3, "row" + n);
          insert.addBatch();
          if ((n + 1) % 20_000 == 0) {
            // A commit lives in one block: three commits, three blocks.
            insert.executeBatch();
            connection.commit();
          }
        }
      }
      connection.setAutoCommit(true);
      statement.execute("CREATE UNIQUE INDEX t_id ON t (id)");
    }
  }

  private static long scans(Statement statement) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery("SELECT scans FROM sys.indexes WHERE index_name = 't_id'")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void aPreparedLookupUsesTheIndexWhenItsValuesAreSelective() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement();
        PreparedStatement lookup = connection.prepareStatement("SELECT * FROM t WHERE id = ?");
        PreparedStatement above =
            connection.prepareStatement("SELECT count(*) FROM t WHERE id > ?")) {
      long before = scans(statement);
      for (int i = 0; i < 50; i++) {
        long id = i * 1_117L;
        lookup.setLong(1, id);
        try (ResultSet rs = lookup.executeQuery()) {
          assertTrue(rs.next(), "id " + id);
          assertEquals(1000L * (ROWS - 1 - id), rs.getLong("ts"));
          assertEquals("row" + (ROWS - 1 - id), rs.getString("name"));
          assertFalse(rs.next());
        }
      }
      assertEquals(before + 50, scans(statement), "every lookup was served by the index");
      above.setLong(1, 10);
      try (ResultSet rs = above.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(ROWS - 11, rs.getLong(1));
      }
      assertEquals(before + 50, scans(statement), "most of the table: scanned");
      above.setLong(1, ROWS - 4);
      try (ResultSet rs = above.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(3, rs.getLong(1));
      }
      assertEquals(before + 51, scans(statement), "three rows: the index again");
    }
  }

  @Test
  void literalLookupsShareOnePlanAndStillUseTheIndex() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      BacktracePlanCache plans = connection.unwrap(BacktraceConnection.class).plans();
      long scansBefore = scans(statement);
      long hitsBefore = plans.hits();
      for (int i = 0; i < 10; i++) {
        long id = 5 + i * 3_001L;
        try (ResultSet rs = statement.executeQuery("SELECT name FROM t WHERE id = " + id)) {
          assertTrue(rs.next());
          assertEquals("row" + (ROWS - 1 - id), rs.getString(1));
        }
      }
      assertTrue(plans.hits() - hitsBefore >= 9, "one plan for the shape");
      assertEquals(scansBefore + 10, scans(statement));
      try (ResultSet rs =
          statement.executeQuery("EXPLAIN PLAN FOR SELECT name FROM t WHERE id = 42")) {
        assertTrue(rs.next());
        String plan = rs.getString(1);
        // One cold block of three holds id 42; the active block is empty.
        assertTrue(plan.contains("index=[t_id: [42..42]], blocks=[1/4]"), plan);
      }
    }
  }
}
