package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysTablesTest {
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
              TableOptions.defaults()
                  .withTimeColumn("ts")
                  .withBlockRows(1000)
                  .withTtl(Duration.ofDays(36500)));
      RowBatch batch = trades.newBatch();
      for (int i = 0; i < 2500; i++) {
        batch.addRow(
            1_700_000_000_000L + i * 1000L, i % 2 == 0 ? "A" : "B", i % 3 == 0 ? null : (double) i);
        if (batch.rowCount() == 500) {
          trades.append(batch);
          batch.clear();
        }
      }
    }
  }

  private List<String> rows(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
        Statement statement = connection.createStatement()) {
      return ResultRows.of(statement.executeQuery(sql));
    }
  }

  @Test
  void sysTablesAndColumnsDescribeTheCatalog() throws Exception {
    assertEquals(
        List.of("trades|ts|2500|4|PT876000H|1000|0"),
        rows(
            "SELECT table_name, time_column, row_count, block_count, ttl, block_rows, memory_rows FROM sys.tables"));
    assertEquals(
        List.of("ts|1|TIMESTAMP|false", "symbol|2|VARCHAR|false", "price|3|DOUBLE|true"),
        rows(
            "SELECT column_name, \"ordinal\", type_name, nullable FROM sys.columns WHERE table_name = 'trades' ORDER BY \"ordinal\""));
  }

  @Test
  void sysBlocksShowColdAndActiveBlocksWithTimeRanges() throws Exception {
    List<String> blocks =
        rows(
            "SELECT block_id, state, row_count, min_time, max_time FROM sys.blocks ORDER BY state, block_id");
    assertEquals(
        List.of(
            "1|active|0|null|null",
            "1|cold|1000|2023-11-14 22:13:20.000|2023-11-14 22:29:59.000",
            "2|cold|1000|2023-11-14 22:30:00.000|2023-11-14 22:46:39.000",
            "3|cold|500|2023-11-14 22:46:40.000|2023-11-14 22:54:59.000"),
        blocks);
    List<String> stats =
        rows(
            "SELECT column_name, min_value, max_value, null_count, encoding FROM sys.block_columns"
                + " WHERE state = 'cold' AND block_id = 1 ORDER BY column_name");
    assertEquals(
        List.of(
            "price|1.0|998.0|334|BYTE_STREAM_SPLIT",
            "symbol|A|B|0|RLE_DICTIONARY",
            "ts|2023-11-14T22:13:20Z|2023-11-14T22:29:59Z|0|DELTA_BINARY_PACKED"),
        stats);
  }

  @Test
  void sysWalAndSettingsShowTheLogAndOptions() throws Exception {
    List<String> wal = rows("SELECT segment, state FROM sys.wal");
    assertFalse(wal.isEmpty());
    assertTrue(wal.get(wal.size() - 1).endsWith("|active"), wal.toString());
    assertEquals(
        List.of("durability|sync|database"),
        rows("SELECT name, \"value\", \"scope\" FROM sys.settings WHERE name = 'durability'"));
  }

  @Test
  void theIndexPreloadBudgetIsAUrlSettingShownInSysSettings() throws Exception {
    Path other = dir.resolve("preload");
    try (Connection connection =
            DriverManager.getConnection("jdbc:backtrace:" + other + ";index.preload_bytes=4096");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT \"value\" FROM sys.settings WHERE name = 'index.preload_bytes'")) {
      assertTrue(rs.next());
      assertEquals("4096", rs.getString(1));
    }
    SQLException e =
        assertThrows(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                    "jdbc:backtrace:" + dir.resolve("negative") + ";index.preload_bytes=-1"));
    assertTrue(e.getMessage().contains("index.preload_bytes"), e.getMessage());
  }

  @Test
  void sysPageCacheCountsPagesThatLookupsFoundAgain() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:backtrace:" + dir + ";cache.page_bytes=1048576");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT \"value\" FROM sys.settings WHERE name = 'cache.page_bytes'")) {
        assertTrue(rs.next());
        assertEquals("1048576", rs.getString(1));
      }
      String lookup = "SELECT price FROM trades WHERE ts = TIMESTAMP '2023-11-14 22:13:30'";
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = statement.executeQuery(lookup)) {
          assertTrue(rs.next());
          assertEquals(10.0, rs.getDouble(1));
          assertFalse(rs.next());
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT capacity_bytes, bytes, pages, hits, misses FROM sys.page_cache")) {
        assertTrue(rs.next());
        assertEquals(1048576, rs.getLong(1));
        assertTrue(rs.getLong(2) > 0 && rs.getLong(2) <= 1048576, "bytes " + rs.getLong(2));
        // Each lookup reads the time page and the price page: the first two missed them (the
        // second kept them), the third found both.
        assertEquals(2, rs.getInt(3));
        assertEquals(2, rs.getLong(4));
        assertEquals(4, rs.getLong(5));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void theActiveBlockShowsRowsCommittedSinceTheLastCheckpoint() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO trades VALUES (TIMESTAMP '2023-11-15 00:00:00', 'C', 1.0),"
              + " (TIMESTAMP '2023-11-15 00:00:01', 'C', 2.0)");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT row_count, min_time, max_time FROM sys.blocks WHERE state = 'active'")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
        assertEquals("2023-11-15 00:00:00.000", rs.getString(2));
        assertEquals("2023-11-15 00:00:01.000", rs.getString(3));
      }
    }
  }
}
