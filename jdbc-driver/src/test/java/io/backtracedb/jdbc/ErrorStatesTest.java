package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every failure reaches the caller as an SQLException with an SQLState, and commits nothing. */
class ErrorStatesTest {
  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void createTable() throws SQLException {
    connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (ts TIMESTAMP NOT NULL, n INTEGER NOT NULL, v VARCHAR, d DOUBLE)"
              + " WITH (time_column = 'ts')");
      statement.execute("INSERT INTO t VALUES (TIMESTAMP '2024-01-01 00:00:00', 1, 'one', 1.5)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private long rows() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELEC 1 | 42000",
        "SELECT * FROM t WHERE | 42000",
        "SELECT * FROM nope | 42P01",
        "INSERT INTO nope VALUES (1) | 42P01",
        "DROP TABLE nope | 42P01",
        "SELECT nope FROM t | 42703",
        "INSERT INTO t VALUES (TIMESTAMP '2024-01-02 00:00:00', NULL, 'x', 1.0) | 23502",
        "INSERT INTO t (ts, v) VALUES (TIMESTAMP '2024-01-02 00:00:00', 'x') | 23502",
        "INSERT INTO t VALUES (TIMESTAMP '2024-01-02 00:00:00', 'abc', 'x', 1.0) | 22018",
        "INSERT INTO t VALUES (TIMESTAMP '2024-01-02 00:00:00', 1, 'x', 1.0, 5) | 42000",
        "CREATE TABLE t (a INTEGER) | 42P07",
        "CREATE TABLE u (a INTEGER) WITH (block_rows = 0) | 22023",
        "CREATE TABLE u (a VARBINARY) | 0A000",
        "CREATE INDEX i ON nope (n) | 42P01",
        "CREATE INDEX i ON t (nope) | 42703",
        "DROP INDEX nope | 42704",
        "REINDEX nope | 42704",
        "UPDATE t SET n = 2 | 0A000",
        "DELETE FROM t | 0A000",
        "SELECT n / 0 FROM t | 22012",
      })
  void aFailedStatementHasItsSqlStateAndCommitsNothing(String sql, String state)
      throws SQLException {
    long before = rows();
    try (Statement statement = connection.createStatement()) {
      SQLException error =
          assertThrows(
              SQLException.class,
              () -> {
                if (statement.execute(sql)) {
                  try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                      rs.getObject(1);
                    }
                  }
                }
              });
      assertEquals(state, error.getSQLState(), error::toString);
      assertNotNull(error.getCause(), "the original error is kept");
    }
    assertEquals(before, rows(), "nothing of the failed statement is committed");
  }

  @Test
  void errorClassesFollowTheirStates() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      assertInstanceOf(SQLSyntaxErrorException.class, failure(statement, "SELEC 1"));
      assertInstanceOf(SQLSyntaxErrorException.class, failure(statement, "SELECT * FROM nope"));
      assertInstanceOf(
          SQLIntegrityConstraintViolationException.class,
          failure(
              statement, "INSERT INTO t (ts, v) VALUES (TIMESTAMP '2024-01-02 00:00:00', 'x')"));
      assertInstanceOf(SQLFeatureNotSupportedException.class, failure(statement, "DELETE FROM t"));
    }
  }

  private static SQLException failure(Statement statement, String sql) {
    return assertThrows(SQLException.class, () -> statement.execute(sql));
  }

  @Test
  void wrongParameterValuesAreRefusedWhenSet() throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
      assertEquals(
          "22007",
          assertThrows(SQLException.class, () -> insert.setString(1, "noon")).getSQLState());
      assertEquals(
          "22000", assertThrows(SQLException.class, () -> insert.setInt(1, 5)).getSQLState());
      assertEquals(
          "22018",
          assertThrows(SQLException.class, () -> insert.setString(2, "abc")).getSQLState());
      assertEquals(
          "22003",
          assertThrows(SQLException.class, () -> insert.setLong(2, 1L << 40)).getSQLState());
      assertEquals(
          "22003", assertThrows(SQLException.class, () -> insert.setDouble(2, 1.5)).getSQLState());
      assertEquals(
          "22000",
          assertThrows(SQLException.class, () -> insert.setObject(4, new Object())).getSQLState());
      assertEquals(
          "07009", assertThrows(SQLException.class, () -> insert.setInt(5, 1)).getSQLState());
      assertInstanceOf(
          SQLDataException.class, assertThrows(SQLException.class, () -> insert.setInt(1, 5)));
    }
    assertEquals(1, rows());
  }

  @Test
  void nullIntoNotNullThroughAParameterHasItsState() throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, LocalDateTime.of(2024, 1, 2, 0, 0));
      insert.setNull(2, java.sql.Types.INTEGER);
      insert.setString(3, "x");
      insert.setDouble(4, 2.0);
      SQLException error = assertThrows(SQLException.class, insert::executeUpdate);
      assertEquals("23502", error.getSQLState(), error::toString);
      assertTrue(error.getMessage().contains("'n'"), error.getMessage());
    }
    assertEquals(1, rows());
  }

  @Test
  void numbersConvertBetweenParameterTypesWithoutLoss() throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
      insert.setString(1, "2024-01-03 10:00:00.250");
      insert.setLong(2, 7);
      insert.setInt(3, 42);
      insert.setString(4, "2.5");
      assertEquals(1, insert.executeUpdate());
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT ts, n, v, d FROM t WHERE n = 7")) {
      assertTrue(rs.next());
      assertEquals(
          LocalDateTime.of(2024, 1, 3, 10, 0, 0, 250_000_000),
          rs.getObject(1, LocalDateTime.class));
      assertEquals(7, rs.getInt(2));
      assertEquals("42", rs.getString(3));
      assertEquals(2.5, rs.getDouble(4));
    }
  }
}
