package org.apache.calcite.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Literal statements that differ only in the literals they compare columns with share one compiled
 * plan, and answer exactly as if each were planned on its own.
 */
class PlanCacheTest {
  @TempDir Path dir;
  private Connection connection;
  private Statement statement;

  @BeforeEach
  void fill() throws SQLException {
    connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
    statement = connection.createStatement();
    statement.execute(
        "CREATE TABLE t (ts TIMESTAMP NOT NULL, name VARCHAR, n INTEGER, v DOUBLE)"
            + " WITH (time_column = 'ts')");
    StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
    for (int i = 0; i < 100; i++) {
      insert
          .append(i == 0 ? "" : ", ")
          .append("(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '")
          .append(i)
          .append("' MINUTE, '")
          .append(i % 3 == 0 ? "O''Brien" : "n" + (i % 5))
          .append("', ")
          .append(i)
          .append(", ")
          .append(i / 2.0)
          .append(")");
    }
    statement.executeUpdate(insert.toString());
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private BacktracePlanCache plans() throws SQLException {
    return connection.unwrap(BacktraceConnection.class).plans();
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private long count(String where) throws SQLException {
    List<String> rows = rows("SELECT count(*) FROM t WHERE " + where);
    return Long.parseLong(rows.get(0));
  }

  @Test
  void statementsDifferingInLiteralsReuseOnePlanAndAnswerEach() throws SQLException {
    long before = plans().hits();
    for (int low = 0; low < 100; low += 10) {
      assertEquals(
          10,
          count(
              "ts >= TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '0' MINUTE AND n >= "
                  + low
                  + " AND n < "
                  + (low + 10)));
    }
    for (int minute = 0; minute < 60; minute += 15) {
      assertEquals(
          15,
          count(
              "ts BETWEEN TIMESTAMP '2024-01-01 00:"
                  + String.format(java.util.Locale.ROOT, "%02d", minute)
                  + ":00' AND TIMESTAMP '2024-01-01 00:"
                  + String.format(java.util.Locale.ROOT, "%02d", minute + 14)
                  + ":59'"));
    }
    assertTrue(plans().hits() - before >= 12, "later runs reused the first plan of each shape");
  }

  @Test
  void liftedLiteralsKeepTheirTypesAndQuoting() throws SQLException {
    assertEquals(34, count("name = 'O''Brien'"));
    assertEquals(34, count("name = 'O''Brien'"));
    assertEquals(List.of("1", "2", "4"), rows("SELECT n FROM t WHERE n IN (1, 2, 4) ORDER BY n"));
    assertEquals(List.of("7", "8"), rows("SELECT n FROM t WHERE n IN (7, 8) ORDER BY n"));
    assertEquals(List.of("99"), rows("SELECT n FROM t WHERE v > 49.25 ORDER BY n"));
    assertEquals(List.of("98", "99"), rows("SELECT n FROM t WHERE v > 48.75 ORDER BY n"));
    assertEquals(List.of("3"), rows("SELECT n FROM t WHERE 3 = n"));
    assertEquals(
        List.of("0|2024-01-01 00:00:00.000"),
        rows("SELECT n, ts FROM t WHERE ts = TIMESTAMP '2024-01-01 00:00:00'"));
    assertEquals(
        List.of("59|2024-01-01 00:59:00.000"),
        rows("SELECT n, ts FROM t WHERE ts = TIMESTAMP '2024-01-01 00:59:00'"));
  }

  @Test
  void aPlanIsNotUsedAfterItsTableIsReplaced() throws SQLException {
    assertEquals(List.of("5"), rows("SELECT n FROM t WHERE n = 5"));
    statement.execute("DROP TABLE t");
    statement.execute("CREATE TABLE t (n BIGINT, label VARCHAR)");
    statement.executeUpdate("INSERT INTO t VALUES (5, 'five'), (6, 'six')");
    assertEquals(List.of("5|five"), rows("SELECT * FROM t WHERE n = 5"));
    assertEquals(List.of("6"), rows("SELECT n FROM t WHERE n = 6"));
  }

  @Test
  void aLiteralThatDoesNotFitRunsAsTextAndFailsAsTextWould() throws SQLException {
    SQLException error =
        assertThrows(SQLException.class, () -> rows("SELECT n FROM t WHERE n = 'abc'"));
    assertEquals("22018", error.getSQLState(), error::toString);
    assertEquals(List.of("5"), rows("SELECT n FROM t WHERE n = '5'"));
  }
}
