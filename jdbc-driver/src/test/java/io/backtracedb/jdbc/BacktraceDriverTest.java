package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseLockedException;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktraceDriverTest {
  @TempDir Path dir;

  @BeforeEach
  void createData() {
    try (Database db = Database.open(dir)) {
      Table trades =
          db.createTable(
              "trades",
              Schema.builder()
                  .notNull("ts", ColumnType.TIMESTAMP)
                  .notNull("symbol", ColumnType.VARCHAR)
                  .column("price", ColumnType.DOUBLE)
                  .build(),
              TableOptions.defaults().withTimeColumn("ts").withBlockRows(1000));
      RowBatch batch = trades.newBatch();
      for (int i = 0; i < 3000; i++) {
        batch.addRow((long) i * 1000, i % 2 == 0 ? "A" : "B", (double) i);
        if (batch.rowCount() == 1000) {
          trades.append(batch); // a commit lands whole in one block: three blocks
          batch.clear();
        }
      }
    }
  }

  private String url() {
    return "jdbc:backtrace:" + dir;
  }

  @Test
  void aConnectionQueriesTheDatabaseWithPushdown() throws Exception {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*), sum(price) FROM trades WHERE ts < TIMESTAMP '1970-01-01 00:16:40' AND symbol = 'B'")) {
        assertTrue(rs.next());
        assertEquals(500, rs.getLong(1));
        assertEquals(250_000.0, rs.getDouble(2));
      }
      try (ResultSet rs =
          statement.executeQuery(
              "EXPLAIN PLAN FOR SELECT price FROM TRADES WHERE ts >= TIMESTAMP '1970-01-01 00:40:00'")) {
        assertTrue(rs.next());
        String plan = rs.getString(1);
        assertTrue(plan.contains("filter=[ts >= 2400000]") && plan.contains("blocks=[1/4]"), plan);
      }
    }
  }

  @Test
  void connectionsShareOneEngineAndTheLastCloseReleasesIt() throws Exception {
    Connection first = DriverManager.getConnection(url());
    Connection second = DriverManager.getConnection(url() + ";durability=sync");
    assertThrows(DatabaseLockedException.class, () -> Database.open(dir));
    first.close();
    assertThrows(DatabaseLockedException.class, () -> Database.open(dir));
    second.close();
    try (Database reopened = Database.open(dir)) {
      assertEquals(3000, reopened.table("trades").stats().rowCount());
    }
  }

  @Test
  void unknownUrlPropertiesAreRejectedListingTheValidOnes() {
    SQLException e =
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(url() + ";durabilty=none"));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("unknown connection property 'durabilty'"), e.getMessage());
    assertTrue(e.getMessage().contains("durability"), e.getMessage());
    SQLException bad =
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(url() + ";durability=maybe"));
    assertTrue(
        bad.getMessage().contains("durability must be one of sync, async, none"), bad.getMessage());
  }

  @Test
  void autocommitIsOnAndCommitAndRollbackSucceed() throws Exception {
    try (Connection connection = DriverManager.getConnection(url())) {
      assertTrue(connection.getAutoCommit());
      connection.commit();
      connection.rollback();
      connection.setAutoCommit(false);
      assertFalse(connection.getAutoCommit());
      connection.rollback();
    }
  }

  @Test
  void metadataNamesTheProductAndListsTables() throws Exception {
    try (Connection connection = DriverManager.getConnection(url())) {
      DatabaseMetaData meta = connection.getMetaData();
      assertEquals("BacktraceDB", meta.getDatabaseProductName());
      assertEquals("BacktraceDB JDBC Driver", meta.getDriverName());
      try (ResultSet tables = meta.getTables(null, "main", "%", null)) {
        assertTrue(tables.next());
        assertEquals("trades", tables.getString("TABLE_NAME"));
        assertFalse(tables.next());
      }
    }
  }

  @Test
  void inMemoryDatabasesLiveWhileAConnectionIsOpen() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:mem:scratch");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM (VALUES (1), (2)) AS t(x)")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
  }

  @Test
  void calcitesCacheOfCompiledStatementsIsOn() throws Exception {
    try (Connection connection = DriverManager.getConnection(url())) {
      assertTrue(
          org.apache.calcite.config.CalciteSystemProperty.BINDABLE_CACHE_MAX_SIZE.value() > 0);
    }
  }
}
