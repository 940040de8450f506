package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  @TempDir Path dir;

  @BeforeEach
  void createTables() {
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .notNull("account", ColumnType.VARCHAR)
            .column("amount", ColumnType.DOUBLE)
            .build();
    try (Database db = Database.open(dir)) {
      db.createTable("debits", schema, TableOptions.defaults().withTimeColumn("ts"));
      db.createTable("credits", schema, TableOptions.defaults().withTimeColumn("ts"));
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

  @Test
  void insertValuesAndInsertSelectCommitInAutocommit() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertEquals(
          2,
          statement.executeUpdate(
              "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:00', 'a', 10.5),"
                  + " (TIMESTAMP '2024-01-01 00:00:01', 'b', NULL)"));
      assertEquals(
          1,
          statement.executeUpdate(
              "INSERT INTO debits (ts, account) VALUES (TIMESTAMP '2024-01-01 00:00:02', 'c')"));
      assertEquals(
          3,
          statement.executeUpdate(
              "INSERT INTO credits SELECT ts, account, amount * 2 FROM debits"));
      try (Connection other = connect()) {
        assertEquals(3, count(other, "credits"), "committed rows are visible to other connections");
      }
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT account, amount FROM credits ORDER BY ts")) {
      assertTrue(rs.next());
      assertEquals("a", rs.getString(1));
      assertEquals(21.0, rs.getDouble(2));
      assertTrue(rs.next());
      rs.getDouble(2);
      assertTrue(rs.wasNull());
    }
  }

  @Test
  void aTransactionAcrossTwoTablesIsInvisibleUntilCommitAndSurvivesReopen() throws Exception {
    try (Connection writer = connect();
        Connection reader = connect()) {
      writer.setAutoCommit(false);
      try (Statement statement = writer.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:00', 'a', 5)");
        statement.executeUpdate(
            "INSERT INTO credits VALUES (TIMESTAMP '2024-01-01 00:00:00', 'b', 5)");
      }
      assertEquals(0, count(reader, "debits"));
      assertEquals(0, count(reader, "credits"));
      writer.commit();
      assertEquals(1, count(reader, "debits"));
      assertEquals(1, count(reader, "credits"));
      try (Statement statement = writer.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:01', 'c', 7)");
      }
      writer.rollback();
      assertEquals(1, count(reader, "debits"), "rolled back rows never appear");
    }
    try (Connection connection = connect()) {
      assertEquals(1, count(connection, "debits"));
      assertEquals(1, count(connection, "credits"));
    }
  }

  @Test
  void savepointsDiscardOnlyLaterRows() throws Exception {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO debits VALUES (?, ?, ?)")) {
        insert.setTimestamp(1, new java.sql.Timestamp(1000));
        insert.setString(2, "kept");
        insert.setDouble(3, 1.0);
        insert.executeUpdate();
        Savepoint savepoint = connection.setSavepoint("before");
        insert.setString(2, "dropped");
        insert.executeUpdate();
        connection.rollback(savepoint);
        insert.setString(2, "after");
        insert.executeUpdate();
      }
      connection.commit();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT account FROM debits ORDER BY account")) {
        assertTrue(rs.next());
        assertEquals("after", rs.getString(1));
        assertTrue(rs.next());
        assertEquals("kept", rs.getString(1));
        assertTrue(!rs.next());
      }
    }
  }

  @Test
  void switchingAutocommitOnCommitsAndClosingRollsBack() throws Exception {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:00', 'a', 5)");
      }
      connection.setAutoCommit(true);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:01', 'b', 6)");
      }
    }
    try (Connection connection = connect()) {
      assertEquals(1, count(connection, "debits"));
    }
  }

  @Test
  void preparedBatchInsertsEveryRow() throws Exception {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO debits VALUES (?, ?, ?)")) {
        for (int i = 0; i < 500; i++) {
          insert.setTimestamp(1, new java.sql.Timestamp(i * 1000L));
          insert.setString(2, "acct" + (i % 5));
          insert.setDouble(3, i);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        assertEquals(500, counts.length);
        assertArrayEquals(new int[] {1, 1}, new int[] {counts[0], counts[499]});
      }
      connection.commit();
      assertEquals(500, count(connection, "debits"));
    }
  }

  @Test
  void badRowsAreRejectedWithTheirSqlStateAndNothingIsWritten() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      SQLException nullIntoNotNull =
          assertThrows(
              SQLException.class,
              () ->
                  statement.executeUpdate(
                      "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:00', NULL, 1)"));
      assertTrue(nullIntoNotNull.getMessage().contains("account"), nullIntoNotNull.getMessage());
      SQLException unknownTable =
          assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM nope"));
      assertTrue(unknownTable.getMessage().contains("nope"), unknownTable.getMessage());
      SQLException syntax =
          assertThrows(SQLException.class, () -> statement.executeQuery("SELEC 1"));
      assertTrue(syntax.getMessage().contains("SELEC"), syntax.getMessage());
      assertEquals(0, count(connection, "debits"));
    }
  }

  @Test
  void durabilityIsSetPerConnectionButNeverAboveTheDatabases() throws Exception {
    try (Connection durable = connect();
        Connection bulk =
            DriverManager.getConnection("jdbc:backtrace:" + dir + ";durability=none");
        Statement statement = bulk.createStatement()) {
      bulk.setAutoCommit(false);
      statement.executeUpdate(
          "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:00', 'bulk', 1.0)");
      bulk.commit();
      assertEquals(1, count(durable, "debits"), "a commit without fsync is visible to others");
      try (Statement sync = durable.createStatement()) {
        sync.executeUpdate(
            "INSERT INTO debits VALUES (TIMESTAMP '2024-01-01 00:00:01', 'sync', 2.0)");
      }
      assertEquals(2, count(bulk, "debits"));
    }
    try (Connection weak =
        DriverManager.getConnection("jdbc:backtrace:" + dir + ";durability=none")) {
      SQLException error =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection("jdbc:backtrace:" + dir + ";durability=sync"));
      assertEquals("08001", error.getSQLState());
      assertTrue(error.getMessage().contains("stronger"), error.getMessage());
      assertEquals(2, count(weak, "debits"), "rows of both connections survive the reopen");
    }
  }
}
