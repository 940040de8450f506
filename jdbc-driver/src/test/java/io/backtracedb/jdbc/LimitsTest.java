package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oversized statements end in an answer or an SQLException, never an Error that escapes. */
class LimitsTest {
  @TempDir Path dir;

  private static String inList(int values) {
    StringBuilder in = new StringBuilder("SELECT count(*) FROM t WHERE n IN (");
    for (int i = 0; i < values; i++) {
      in.append(i == 0 ? "" : ",").append(i * 7);
    }
    return in.append(")").toString();
  }

  @Test
  void longInListsAreAnsweredAndHugeOnesFailCleanly() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (n BIGINT)");
      statement.executeUpdate("INSERT INTO t VALUES (5), (6993), (70000), (3)");
      try (ResultSet rs = statement.executeQuery(inList(1_000))) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1), "6993 = 999 * 7 is in the list");
      }
      // 20,000 literals: Calcite's generated code outgrows a Java method; the caller gets an
      // SQLException with a state (or an answer), and the connection stays usable.
      try (ResultSet rs = statement.executeQuery(inList(20_000))) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
      } catch (SQLException e) {
        assertTrue(e.getSQLState() != null, e::toString);
      }
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(4, rs.getLong(1));
      }
    }
  }

  @Test
  void anExpressionTooDeepForTheStackIsAnSqlException() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
        Statement statement = connection.createStatement()) {
      StringBuilder deep = new StringBuilder("SELECT ");
      int depth = 50_000;
      deep.append("(".repeat(depth)).append("1");
      deep.append(" + 1)".repeat(depth));
      SQLException error;
      try {
        statement.executeQuery(deep.toString()).close();
        return; // answered: also acceptable
      } catch (SQLException e) {
        error = e;
      }
      assertTrue(error.getSQLState() != null, error::toString);
      // The connection still works afterwards.
      try (ResultSet rs = statement.executeQuery("SELECT 1 + 1")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    }
  }
}
