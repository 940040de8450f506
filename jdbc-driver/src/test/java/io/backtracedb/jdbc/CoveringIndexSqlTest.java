package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE INDEX ... INCLUDE (...)} through DriverManager: the included columns in {@code
 * sys.indexes}, EXPLAIN naming an index-only read, prepared lookups giving the rows a scan gives
 * (also after a reopen), and errors that name the column.
 */
class CoveringIndexSqlTest {
  private static final int ROWS = 30_000;

  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir);
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    return ResultRows.of(rs);
  }

  private static String plan(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  /** Three cold blocks of trades (closing the connection flushes them) and a covering index. */
  private void fill() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE trades (ts TIMESTAMP NOT NULL, symbol VARCHAR, price DOUBLE,"
              + " qty BIGINT, note VARCHAR) WITH (time_column = 'ts', block_rows = 10000)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?, ?)")) {
        for (int n = 0; n < ROWS; n++) {
          insert.setTimestamp(1, new java.sql.Timestamp(1_700_000_000_000L + 1000L * n));
          insert.setString(2, n % 17 == 0 ? null : "S" + (n % 40));
          insert.setDouble(3, n / 8.0);
          insert.setLong(4, n % 1000);
          insert.setString(5, "note" + n);
          insert.addBatch();
          if ((n + 1) % 10_000 == 0) {
            insert.executeBatch();
            connection.commit();
          }
        }
      }
      connection.setAutoCommit(true);
      statement.execute("CREATE INDEX trades_ts ON trades (ts) INCLUDE (symbol, price, qty)");
    }
  }

  @Test
  void aCoveringIndexAnswersLookupsOfItsColumns() throws SQLException {
    fill();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertEquals(
          List.of("trades_ts|ts|symbol, price, qty|" + ROWS),
          rows(
              statement.executeQuery(
                  "SELECT index_name, column_name, included_columns, entries FROM sys.indexes")));
      String covered =
          "SELECT ts, symbol, price, qty FROM trades WHERE ts = TIMESTAMP '2023-11-14 22:16:40'";
      String explained = plan(statement, covered);
      assertTrue(
          explained.contains("trades_ts: ") && explained.contains("(index-only)"), explained);
      String withNote = "SELECT ts, note FROM trades WHERE ts = TIMESTAMP '2023-11-14 22:16:40'";
      String notCovered = plan(statement, withNote);
      assertTrue(notCovered.contains("trades_ts: "), notCovered);
      assertFalse(notCovered.contains("index-only"), notCovered);

      try (PreparedStatement lookup =
              connection.prepareStatement(
                  "SELECT ts, symbol, price, qty FROM trades WHERE ts = ?");
          PreparedStatement all =
              connection.prepareStatement("SELECT * FROM trades WHERE ts = ?")) {
        for (int i = 0; i < 40; i++) {
          int n = i * 743 % ROWS;
          java.sql.Timestamp ts = new java.sql.Timestamp(1_700_000_000_000L + 1000L * n);
          lookup.setTimestamp(1, ts);
          try (ResultSet rs = lookup.executeQuery()) {
            assertTrue(rs.next(), "row " + n);
            assertEquals(ts.getTime(), rs.getTimestamp(1).getTime());
            assertEquals(n % 17 == 0 ? null : "S" + (n % 40), rs.getString(2));
            assertEquals(n / 8.0, rs.getDouble(3));
            assertEquals(n % 1000, rs.getLong(4));
            assertFalse(rs.next());
          }
          all.setTimestamp(1, ts);
          List<String> whole = rows(all.executeQuery());
          assertEquals(1, whole.size());
          assertTrue(whole.get(0).endsWith("|note" + n), whole.get(0));
        }
      }
      // Index-only reads give what a scan of the blocks gives, range and NULLs included.
      String range =
          "SELECT ts, symbol, price, qty FROM trades WHERE ts BETWEEN TIMESTAMP '2023-11-15 01:00:00'"
              + " AND TIMESTAMP '2023-11-15 01:05:00' ORDER BY ts";
      List<String> viaIndex = rows(statement.executeQuery(range));
      assertEquals(301, viaIndex.size());
      statement.execute("DROP INDEX trades_ts");
      assertEquals(viaIndex, rows(statement.executeQuery(range)));
    }
  }

  @Test
  void includedColumnsAreCheckedAndKeptAcrossReopens() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id BIGINT NOT NULL, a VARCHAR, b DOUBLE)");
      statement.execute("INSERT INTO t VALUES (1, 'x', 1.5), (2, NULL, NULL)");
      SQLException unknown =
          assertThrows(
              SQLException.class,
              () -> statement.execute("CREATE INDEX t_id ON t (id) INCLUDE (a, nope)"));
      assertEquals("42703", unknown.getSQLState());
      assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
      SQLException key =
          assertThrows(
              SQLException.class,
              () -> statement.execute("CREATE INDEX t_id ON t (id) INCLUDE (id)"));
      assertEquals("22023", key.getSQLState());
      SQLException twice =
          assertThrows(
              SQLException.class,
              () -> statement.execute("CREATE INDEX t_id ON t (id) INCLUDE (a, b, a)"));
      assertEquals("22023", twice.getSQLState());
      statement.execute("CREATE UNIQUE INDEX t_id ON t (id) INCLUDE (b, a)");
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertEquals(
          List.of("t_id|true|b, a"),
          rows(
              statement.executeQuery(
                  "SELECT index_name, is_unique, included_columns FROM sys.indexes")));
      assertEquals(
          List.of("1|x|1.5", "2|null|null"),
          rows(statement.executeQuery("SELECT id, a, b FROM t WHERE id IN (1, 2) ORDER BY id")));
      assertEquals(
          "23505",
          assertThrows(
                  SQLException.class, () -> statement.execute("INSERT INTO t VALUES (1, 'y', 0)"))
              .getSQLState());
    }
  }
}
