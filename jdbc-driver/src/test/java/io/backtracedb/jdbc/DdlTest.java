package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdlTest {
  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir.resolve("db"));
  }

  @Test
  void createInsertQueryDropAndReopen() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE Trades (ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE,"
              + " qty BIGINT) WITH (time_column = 'ts', block_rows = 100000, ttl = '36500 days')");
      statement.execute("CREATE TABLE IF NOT EXISTS trades (x INT)");
      assertEquals(
          1,
          statement.executeUpdate(
              "INSERT INTO TRADES VALUES (TIMESTAMP '2024-01-01 00:00:00', 'AAPL', 150.5, 10)"));
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT time_column, block_rows, ttl FROM sys.tables WHERE table_name = 'trades'")) {
        assertTrue(rs.next());
        assertEquals("ts", rs.getString(1));
        assertEquals(100_000, rs.getInt(2));
        assertEquals("PT876000H", rs.getString(3));
      }
    }
    assertTrue(
        Files.isDirectory(dir.resolve("db/tables/trades")), "unquoted names fold to lower case");
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT symbol, qty FROM trades")) {
        assertTrue(rs.next());
        assertEquals("AAPL", rs.getString(1));
        assertEquals(10, rs.getLong(2));
      }
      statement.execute("DROP TABLE trades");
      statement.execute("DROP TABLE IF EXISTS trades");
      SQLException gone =
          assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM trades"));
      assertTrue(gone.getMessage().contains("trades"), gone.getMessage());
    }
  }

  @Test
  void badDdlIsRejectedWithTheReason() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (ts TIMESTAMP NOT NULL, v DOUBLE)");
      assertMessage(statement, "CREATE TABLE t (x INT)", "table 't' already exists");
      assertMessage(
          statement,
          "CREATE TABLE u (ts TIMESTAMP) WITH (time_column = 'when')",
          "time_column 'when' is not a column");
      assertMessage(
          statement, "CREATE TABLE u (x INT) WITH (bogus = 1)", "unknown table option 'bogus'");
      assertMessage(statement, "CREATE TABLE u (d DECIMAL(10, 2))", "column 'd' has type DECIMAL");
      assertMessage(statement, "CREATE TABLE u (ts TIMESTAMP(6))", "TIMESTAMP keeps milliseconds");
      assertMessage(statement, "CREATE INDEX i ON t (nope)", "column 'nope' does not exist");
      assertMessage(statement, "DROP INDEX nope", "index 'nope' does not exist");
      assertMessage(statement, "DROP TABLE nope", "table 'nope' does not exist");
      assertMessage(statement, "CREATE TABLE u (x INT", "Encountered \"<EOF>\"");
    }
  }

  private static void assertMessage(Statement statement, String sql, String expected) {
    SQLException e = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
    String text = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
    assertTrue(text.contains(expected), sql + " -> " + text);
  }
}
