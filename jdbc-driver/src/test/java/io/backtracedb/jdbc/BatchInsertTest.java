package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path of {@code executeBatch} for prepared {@code INSERT ... VALUES (?, ...)}: the same
 * rows as Calcite's path, one WAL record per batch, transactions, bad input.
 */
class BatchInsertTest {
  private static final String COLUMNS =
      "(ts TIMESTAMP NOT NULL, d DATE, flag BOOLEAN, n INTEGER, big BIGINT, x DOUBLE,"
          + " s VARCHAR) WITH (time_column = 'ts')";

  @TempDir Path dir;

  @BeforeEach
  void createTables() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE fast " + COLUMNS);
      statement.execute("CREATE TABLE slow " + COLUMNS);
      statement.execute(
          "CREATE TABLE trades (ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE,"
              + " qty BIGINT) WITH (time_column = 'ts')");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir);
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> rows(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          Object value = rs.getObject(c);
          row.append(c == 1 ? "" : "|")
              .append(value == null ? "null" : value.getClass().getSimpleName() + ":" + value);
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  /** The highest LSN in the WAL, from {@code sys.wal}. */
  private static long lastLsn(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT max(last_lsn) FROM sys.wal")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Binds row {@code i} of the every-type data set, with every way of binding each type. Calcite's
   * compiled plan cannot take {@code java.time} values (it casts them to Long), so {@code javaTime}
   * false binds the same instants as {@code java.sql} values instead.
   */
  private static void bindEveryType(PreparedStatement insert, int i, boolean javaTime)
      throws SQLException {
    if (i % 2 == 0) {
      insert.setTimestamp(1, new Timestamp(1_700_000_000_123L + i * 1000L));
    } else {
      LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 125_000_000).plusSeconds(i);
      if (javaTime) {
        insert.setObject(1, ts);
      } else {
        insert.setTimestamp(1, Timestamp.valueOf(ts));
      }
    }
    switch (i % 3) {
      case 0 -> insert.setDate(2, java.sql.Date.valueOf(LocalDate.of(2024, 1, 1).plusDays(i)));
      case 1 -> {
        LocalDate day = LocalDate.of(1969, 12, 31).minusDays(i);
        if (javaTime) {
          insert.setObject(2, day);
        } else {
          insert.setDate(2, java.sql.Date.valueOf(day));
        }
      }
      default -> insert.setNull(2, Types.DATE);
    }
    if (i % 4 == 3) {
      insert.setNull(3, Types.BOOLEAN);
    } else {
      insert.setBoolean(3, i % 2 == 0);
    }
    if (i % 5 == 4) {
      insert.setNull(4, Types.INTEGER);
    } else {
      insert.setInt(4, i % 2 == 0 ? Integer.MIN_VALUE + i : Integer.MAX_VALUE - i);
    }
    if (i % 6 == 5) {
      insert.setNull(5, Types.BIGINT);
    } else {
      insert.setLong(5, i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i);
    }
    double[] specials = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 1.5
    };
    if (i % 7 == 6) {
      insert.setNull(6, Types.DOUBLE);
    } else {
      insert.setDouble(6, specials[i % specials.length] * ((i / 6) % 2 == 0 ? 1 : -1));
    }
    if (i % 8 == 7) {
      insert.setNull(7, Types.VARCHAR);
    } else if (i % 8 == 3) {
      insert.setString(7, "long " + "é0123456789".repeat(10_000) + i);
    } else {
      insert.setString(7, i % 8 == 1 ? "" : "s" + i);
    }
  }

  @Test
  void everyColumnTypeIsWrittenAsCalcitesPathWritesIt() throws Exception {
    int rowCount = 48;
    try (Connection connection = connect()) {
      try (PreparedStatement fast =
              connection.prepareStatement("INSERT INTO fast VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement slow =
              connection.prepareStatement("INSERT INTO slow VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rowCount; i++) {
          bindEveryType(fast, i, true);
          fast.addBatch();
          bindEveryType(slow, i, false);
          assertEquals(1, slow.executeUpdate(), "Calcite's path, one row at a time");
        }
        long[] counts = fast.executeLargeBatch();
        long[] ones = new long[rowCount];
        Arrays.fill(ones, 1L);
        assertArrayEquals(ones, counts);
      }
      List<String> expected = rows(connection, "SELECT * FROM slow ORDER BY ts");
      assertEquals(rowCount, expected.size());
      assertEquals(expected, rows(connection, "SELECT * FROM fast ORDER BY ts"));
      assertTrue(expected.stream().anyMatch(row -> row.contains("NaN")), "NaN was bound");
      assertTrue(expected.stream().anyMatch(row -> row.contains("-Infinity")), "-inf was bound");
    }
  }

  @Test
  void timestampsBindWithoutATimeZoneShift() throws Exception {
    try (Connection connection = connect()) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO trades (ts, symbol) VALUES (?, ?)")) {
        insert.setObject(1, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 7_000_000));
        insert.setString(2, "A");
        insert.addBatch();
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT ts FROM trades")) {
        assertTrue(rs.next());
        assertEquals(
            LocalDateTime.of(2024, 1, 1, 0, 0, 0, 7_000_000), rs.getTimestamp(1).toLocalDateTime());
        assertEquals(
            "2024-01-01 00:00:00.007", rs.getString(1), "read back exactly, no zone shift");
      }
    }
  }

  @Test
  void columnListsInAnotherOrderOrPartialFillTheRestWithNull() throws Exception {
    try (Connection connection = connect()) {
      try (PreparedStatement reordered =
              connection.prepareStatement(
                  "INSERT INTO trades (qty, \"SYMBOL\", TS, price) VALUES (?, ?, ?, ?)");
          PreparedStatement partial =
              connection.prepareStatement("INSERT INTO main.Trades (symbol, ts) VALUES (?, ?)")) {
        reordered.setLong(1, 7);
        reordered.setString(2, "A");
        reordered.setTimestamp(3, new Timestamp(1000));
        reordered.setDouble(4, 2.5);
        reordered.addBatch();
        partial.setString(1, "B");
        partial.setTimestamp(2, new Timestamp(2000));
        partial.addBatch();
        partial.setString(1, "C");
        partial.setTimestamp(2, new Timestamp(3000));
        partial.addBatch();
        assertArrayEquals(new int[] {1}, reordered.executeBatch());
        assertArrayEquals(new int[] {1, 1}, partial.executeBatch());
      }
      assertEquals(
          List.of("A|2.5|7", "B|null|null", "C|null|null"),
          rows(connection, "SELECT symbol, price, qty FROM trades ORDER BY ts").stream()
              .map(row -> row.replaceAll("[A-Za-z]+:", ""))
              .toList());
    }
  }

  @Test
  void withAutocommitABatchIsVisibleAtOnceAndIsOneWalRecord() throws Exception {
    try (Connection writer = connect();
        Connection reader = connect();
        PreparedStatement insert =
            writer.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      assertTrue(writer.getAutoCommit());
      long before = lastLsn(reader);
      for (int batch = 0; batch < 3; batch++) {
        for (int i = 0; i < 1000; i++) {
          int row = batch * 1000 + i;
          insert.setTimestamp(1, new Timestamp(row * 10L));
          insert.setString(2, "SYM" + (row % 7));
          insert.setDouble(3, row / 4.0);
          insert.setLong(4, row);
          insert.addBatch();
        }
        assertEquals(1000, insert.executeBatch().length);
        assertEquals((batch + 1) * 1000L, count(reader, "trades"), "visible at once");
        assertEquals(before + batch + 1, lastLsn(reader), "one WAL record per batch");
      }
    }
  }

  @Test
  void withoutAutocommitABatchWaitsForCommitAndRollbackAndSavepointsDiscardIt() throws Exception {
    try (Connection writer = connect();
        Connection reader = connect()) {
      writer.setAutoCommit(false);
      try (PreparedStatement insert =
          writer.prepareStatement("INSERT INTO trades (ts, symbol) VALUES (?, ?)")) {
        long before = lastLsn(reader);
        addRows(insert, 0, 60);
        insert.executeBatch();
        addRows(insert, 60, 40);
        insert.executeBatch();
        assertEquals(0, count(reader, "trades"), "invisible before commit");
        assertEquals(before, lastLsn(reader), "nothing is logged before commit");
        writer.commit();
        assertEquals(100, count(reader, "trades"));
        assertEquals(before + 1, lastLsn(reader), "two batches, one commit, one WAL record");

        addRows(insert, 100, 50);
        insert.executeBatch();
        writer.rollback();
        assertEquals(100, count(reader, "trades"), "rolled back rows never appear");

        addRows(insert, 200, 10);
        insert.executeBatch();
        Savepoint savepoint = writer.setSavepoint();
        addRows(insert, 300, 20);
        insert.executeBatch();
        writer.rollback(savepoint);
        addRows(insert, 400, 5);
        insert.executeBatch();
        assertEquals(100, count(reader, "trades"));
        writer.commit();
      }
      assertEquals(115, count(reader, "trades"));
      assertEquals(
          List.of("String:S209", "String:S400"),
          rows(reader, "SELECT symbol FROM trades WHERE symbol IN ('S209', 'S300', 'S400')"));
    }
  }

  private static void addRows(PreparedStatement insert, int first, int rows) throws SQLException {
    for (int i = first; i < first + rows; i++) {
      insert.setTimestamp(1, new Timestamp(i * 1000L));
      insert.setString(2, "S" + i);
      insert.addBatch();
    }
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWhenSetAndNothingIsApplied() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < 3; i++) {
        insert.setTimestamp(1, new Timestamp(i));
        insert.setString(2, "A");
        insert.setDouble(3, i);
        insert.setLong(4, i);
        insert.addBatch();
      }
      SQLException e = assertThrows(SQLException.class, () -> insert.setString(3, "abc"));
      assertEquals("22018", e.getSQLState());
      assertTrue(e.getMessage().contains("parameter 3 is DOUBLE"), e.getMessage());
      assertEquals(0, count(connection, "trades"), "nothing runs before executeBatch");
      insert.clearBatch();
      assertEquals(0, insert.executeBatch().length);
      assertEquals(0, count(connection, "trades"));
    }
  }

  @Test
  void aNullIntoNotNullIsRejectedWithItsSqlStateAndNothingIsApplied() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades (ts, symbol) VALUES (?, ?)")) {
      addRows(insert, 0, 3);
      insert.setTimestamp(1, new Timestamp(5));
      insert.setNull(2, Types.VARCHAR);
      insert.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, insert::executeBatch);
      assertEquals("23502", e.getSQLState());
      assertTrue(
          e.getMessage().contains("table 'trades'")
              && e.getMessage().contains("column 'symbol' is NOT NULL")
              && e.getMessage().contains("row 3"),
          e.getMessage());
      assertEquals(0, count(connection, "trades"));
      addRows(insert, 10, 2);
      assertEquals(2, insert.executeBatch().length, "the statement stays usable");
      assertEquals(2, count(connection, "trades"));
    }
  }

  @Test
  void omittingANotNullColumnIsAnErrorNamingIt() throws Exception {
    try (Connection connection = connect()) {
      // Calcite's validator may already refuse the statement at prepare time; either way the
      // error names the column and nothing is written.
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> {
                try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO trades (ts, price) VALUES (?, ?)")) {
                  insert.setTimestamp(1, new Timestamp(1));
                  insert.setDouble(2, 1);
                  insert.addBatch();
                  insert.executeBatch();
                }
              });
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertTrue(messages.toString().contains("symbol"), messages.toString());
      assertEquals(0, count(connection, "trades"));
    }
  }

  @Test
  void aTableDroppedAfterPrepareIsAnUnknownTable() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE trades");
      }
      insert.setTimestamp(1, new Timestamp(1));
      insert.setString(2, "A");
      insert.setDouble(3, 1);
      insert.setLong(4, 1);
      insert.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, insert::executeBatch);
      assertEquals("42P01", e.getSQLState());
      assertTrue(e.getMessage().contains("'trades'"), e.getMessage());
    }
  }

  @Test
  void anEmptyBatchWritesNothing() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      long before = lastLsn(connection);
      assertEquals(0, insert.executeBatch().length);
      assertEquals(before, lastLsn(connection));
      assertEquals(0, count(connection, "trades"));
    }
  }

  @Test
  void statementsOfAnotherShapeStillRunThroughCalcite() throws Exception {
    try (Connection connection = connect()) {
      try (PreparedStatement expression =
              connection.prepareStatement(
                  "INSERT INTO trades VALUES (?, 'lit', ? * 2, CAST(? AS BIGINT))");
          PreparedStatement select =
              connection.prepareStatement(
                  "INSERT INTO trades SELECT ts, symbol || '-copy', price, qty FROM trades"
                      + " WHERE qty = ?")) {
        for (int i = 0; i < 3; i++) {
          expression.setTimestamp(1, new Timestamp(i));
          expression.setDouble(2, i);
          expression.setLong(3, i);
          expression.addBatch();
        }
        assertArrayEquals(new int[] {1, 1, 1}, expression.executeBatch());
        select.setLong(1, 2);
        select.addBatch();
        select.setLong(1, 1);
        select.addBatch();
        assertArrayEquals(new int[] {1, 1}, select.executeBatch());
      }
      assertEquals(
          List.of("String:lit|Double:4.0", "String:lit-copy|Double:4.0"),
          rows(connection, "SELECT symbol, price FROM trades WHERE qty = 2 ORDER BY symbol"));
    }
  }

  @Test
  void batchedRowsSurviveCloseAndReopen() throws Exception {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO trades (ts, symbol) VALUES (?, ?)")) {
        addRows(insert, 0, 2000);
        insert.executeBatch();
      }
      connection.commit();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO trades (ts, symbol) VALUES (?, ?)")) {
        addRows(insert, 5000, 10);
        insert.executeBatch();
      }
      // Closing without commit rolls back the second batch.
    }
    try (Connection connection = connect()) {
      assertEquals(2000, count(connection, "trades"));
      assertEquals(
          List.of("String:S1999"),
          rows(connection, "SELECT symbol FROM trades ORDER BY ts DESC LIMIT 1"));
      assertFalse(rows(connection, "SELECT * FROM trades WHERE symbol = 'S5000'").size() > 0);
    }
  }
}
