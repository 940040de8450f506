package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC's parameter rules for a prepared {@code INSERT ... VALUES (?, ...)}, whose parameters bind
 * straight into column buffers: values persist across {@code addBatch}, unset and out-of-range
 * parameters, {@code clearParameters}, {@code clearBatch}, NULLs through every setter, and single
 * executions beside a pending batch.
 */
class BatchInsertBindingTest {
  @TempDir Path dir;

  @BeforeEach
  void createTable() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE trades (ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE,"
              + " qty BIGINT) WITH (time_column = 'ts')");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir);
  }

  /** Every row as {@code ts|symbol|price|qty}, in time order. */
  private static List<String> rows(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM trades ORDER BY ts")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4));
      }
      return rows;
    }
  }

  private static void bind(PreparedStatement insert, long ts, String symbol, double price, long qty)
      throws SQLException {
    insert.setLong(1, ts);
    insert.setString(2, symbol);
    insert.setDouble(3, price);
    insert.setLong(4, qty);
  }

  @Test
  void valuesStaySetAcrossAddBatchUntilSetAgain() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      bind(insert, 1, "A", 1.5, 10);
      insert.addBatch();
      insert.setLong(1, 2);
      insert.addBatch();
      insert.setLong(1, 3);
      insert.setString(2, "B");
      insert.addBatch();
      assertArrayEquals(new int[] {1, 1, 1}, insert.executeBatch());
      insert.setLong(1, 4);
      insert.addBatch();
      assertArrayEquals(new int[] {1}, insert.executeBatch(), "values outlive executeBatch too");
      assertEquals(
          List.of("1|A|1.5|10", "2|A|1.5|10", "3|B|1.5|10", "4|B|1.5|10"), rows(connection));
    }
  }

  @Test
  void anUnsetParameterIsRefusedByAddBatchAndTheEarlierRowsStay() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      bind(insert, 1, "A", 1, 1);
      insert.addBatch();
      insert.clearParameters();
      insert.setLong(1, 2);
      insert.setString(2, "B");
      insert.setDouble(3, 2);
      SQLException e = assertThrows(SQLException.class, insert::addBatch);
      assertEquals("07001", e.getSQLState());
      assertEquals(
          "cannot insert into table 'trades': parameter 4 is not set (row 1)", e.getMessage());
      insert.setLong(4, 2);
      insert.addBatch();
      assertArrayEquals(new int[] {1, 1}, insert.executeBatch());
      assertEquals(List.of("1|A|1.0|1", "2|B|2.0|2"), rows(connection));
    }
  }

  @Test
  void aParameterIndexOutOfRangeIsRefusedWhenSet() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      for (int index : new int[] {0, 5}) {
        assertEquals(
            "07009",
            assertThrows(SQLException.class, () -> insert.setLong(index, 1)).getSQLState());
        assertEquals(
            "07009",
            assertThrows(SQLException.class, () -> insert.setString(index, "x")).getSQLState());
        assertEquals(
            "07009",
            assertThrows(SQLException.class, () -> insert.setDouble(index, 1)).getSQLState());
        assertEquals(
            "07009",
            assertThrows(SQLException.class, () -> insert.setNull(index, Types.BIGINT))
                .getSQLState());
      }
    }
  }

  @Test
  void everySetterCanGiveANullAndNotNullColumnsRefuseItForTheWholeBatch() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      bind(insert, 1, "A", 1, 1);
      insert.setNull(3, Types.DOUBLE);
      insert.setObject(4, null);
      insert.addBatch();
      bind(insert, 2, "B", 2, 2);
      insert.setNull(3, Types.DOUBLE, "DOUBLE");
      insert.setObject(4, null, Types.BIGINT);
      insert.addBatch();
      assertArrayEquals(new int[] {1, 1}, insert.executeBatch());
      assertEquals(List.of("1|A|null|null", "2|B|null|null"), rows(connection));

      bind(insert, 3, "C", 3, 3);
      insert.addBatch();
      insert.setString(2, null);
      insert.addBatch();
      bind(insert, 5, "E", 5, 5);
      insert.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, insert::executeBatch);
      assertEquals("23502", e.getSQLState());
      assertEquals(
          "cannot insert into table 'trades': column 'symbol' is NOT NULL, got NULL (row 1)",
          e.getMessage());
      assertEquals(0, e.getLargeUpdateCounts().length);
      assertEquals(2, rows(connection).size(), "nothing of the failed batch is applied");
    }
  }

  @Test
  void clearBatchForgetsTheRowsAndTheirFailureButNotTheValues() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      bind(insert, 1, "A", 1, 1);
      insert.setNull(2, Types.VARCHAR);
      insert.addBatch();
      insert.clearBatch();
      insert.setString(2, "A");
      insert.addBatch();
      assertArrayEquals(new int[] {1}, insert.executeBatch());
      assertEquals(List.of("1|A|1.0|1"), rows(connection));
    }
  }

  @Test
  void aSingleExecutionBesideAPendingBatchWritesOnlyItsOwnRow() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      bind(insert, 1, "A", 1, 1);
      insert.addBatch();
      bind(insert, 2, "B", 2, 2);
      insert.setNull(3, Types.DOUBLE);
      assertEquals(1, insert.executeUpdate());
      assertEquals(List.of("2|B|null|2"), rows(connection), "the batch is still pending");
      insert.setLong(1, 3);
      assertEquals(1, insert.executeUpdate(), "values stay set after an execution");
      assertArrayEquals(new int[] {1}, insert.executeBatch());
      assertEquals(List.of("1|A|1.0|1", "2|B|null|2", "3|B|null|2"), rows(connection));
    }
  }

  @Test
  void valuesOfOtherTypesConvertOrAreRefusedWhenSet() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, 7);
      insert.setObject(2, "S");
      insert.setLong(3, 3);
      insert.setString(4, "12");
      insert.addBatch();
      assertEquals(
          "22003", assertThrows(SQLException.class, () -> insert.setDouble(4, 1.5)).getSQLState());
      assertEquals(
          "22018", assertThrows(SQLException.class, () -> insert.setString(1, "x")).getSQLState());
      insert.addBatch();
      assertArrayEquals(new int[] {1, 1}, insert.executeBatch(), "refused values change nothing");
      assertEquals(List.of("7|S|3.0|12", "7|S|3.0|12"), rows(connection));
    }
  }

  @Test
  void aCommentBeforeTheStatementStillTakesTheColumnWisePath() throws Exception {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "/* nightly load */ insert into trades (ts, symbol) values (?, ?)")) {
      long before = lastLsn(connection);
      for (int i = 1; i <= 3; i++) {
        insert.setLong(1, i);
        insert.setString(2, "S" + i);
        insert.addBatch();
      }
      assertArrayEquals(new int[] {1, 1, 1}, insert.executeBatch());
      assertEquals(before + 1, lastLsn(connection), "one WAL record, not one per row");
      assertEquals(List.of("1|S1|null|null", "2|S2|null|null", "3|S3|null|null"), rows(connection));
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

  @Test
  void batchesInATransactionAreHeldUntilCommitAndDroppedByRollback() throws Exception {
    try (Connection writer = connect();
        Connection reader = connect()) {
      writer.setAutoCommit(false);
      try (PreparedStatement insert =
          writer.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
        bind(insert, 1, "A", 1, 1);
        insert.addBatch();
        insert.executeBatch();
        bind(insert, 2, "B", 2, 2);
        insert.addBatch();
        insert.executeBatch();
        assertEquals(List.of(), rows(reader));
        writer.rollback();
        bind(insert, 3, "C", 3, 3);
        insert.addBatch();
        insert.executeBatch();
        writer.commit();
      }
      assertEquals(List.of("3|C|3.0|3"), rows(reader));
    }
  }
}
