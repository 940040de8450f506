package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
 * A TIMESTAMP cast to a string keeps its milliseconds, whether the cast is written, implied by a
 * string operation, or applied to a literal, a column in memory or one read from a cold block.
 */
class TimestampCastTest {
  @TempDir Path dir;

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, seen TIMESTAMP, label VARCHAR)"
              + " WITH (time_column = 'ts')");
      statement.execute(
          "INSERT INTO events VALUES"
              + " (TIMESTAMP '2024-01-01 00:00:00.123', TIMESTAMP '1969-12-31 23:59:59.999', 'a'),"
              + " (TIMESTAMP '2024-01-01 00:00:01', NULL, 'b')");
    }
  }

  private List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void aCastColumnKeepsItsMillisecondsInMemoryAndInColdBlocks() throws Exception {
    for (String when : new String[] {"in memory", "cold"}) {
      assertEquals(
          List.of("2024-01-01 00:00:00.123", "2024-01-01 00:00:01.000"),
          column("SELECT CAST(ts AS VARCHAR) FROM events ORDER BY ts"),
          when);
      assertEquals(
          java.util.Arrays.asList("1969-12-31 23:59:59.999", null),
          column("SELECT CAST(seen AS VARCHAR) FROM events ORDER BY ts"),
          "before the epoch, and NULL, " + when);
      // Closing the last connection checkpoints the rows into a cold block.
      connection.close();
      connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT count(*) FROM sys.blocks WHERE state = 'cold'")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getLong(1), "the second pass read a cold block");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void impliedCastsTargetLengthsAndFiltersUseTheSameText() throws Exception {
    assertEquals(
        List.of("2024-01-01 00:00:00.123 a"),
        column("SELECT ts || ' ' || label FROM events WHERE label = 'a'"),
        "a string operation casts implicitly");
    assertEquals(
        List.of("2024-01-01", "2024-01-01"),
        column("SELECT CAST(ts AS VARCHAR(10)) FROM events"),
        "a shorter target truncates as any string cast");
    assertEquals(
        List.of("a"),
        column("SELECT label FROM events WHERE CAST(ts AS VARCHAR) LIKE '%.123'"),
        "the text is the same in a filter");
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT label FROM events WHERE CAST(ts AS VARCHAR) = ?")) {
      statement.setString(1, "2024-01-01 00:00:01.000");
      try (ResultSet rs = statement.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("b", rs.getString(1));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void aLiteralKeepsTheDigitsOfItsOwnPrecision() throws Exception {
    assertEquals(
        List.of("2024-05-06 07:08:09.456"),
        column("SELECT CAST(TIMESTAMP '2024-05-06 07:08:09.456' AS VARCHAR)"));
    assertEquals(
        List.of("2024-05-06 07:08:09"),
        column("SELECT CAST(TIMESTAMP '2024-05-06 07:08:09' AS VARCHAR)"),
        "a literal without a fraction has precision 0");
    List<String> nullCast = column("SELECT CAST(CAST(NULL AS TIMESTAMP) AS VARCHAR)");
    assertEquals(1, nullCast.size());
    assertNull(nullCast.get(0));
  }
}
