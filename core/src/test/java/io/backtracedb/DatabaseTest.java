package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  static final Schema TRADES =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("symbol", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .build();

  @TempDir Path dir;

  static TableOptions tradesOptions(int blockRows) {
    return TableOptions.defaults().withTimeColumn("ts").withBlockRows(blockRows);
  }

  /** Appends {@code rows} trades, one per millisecond from {@code startMillis}, in batches. */
  static void appendTrades(Table table, long startMillis, int rows, int batchRows) {
    RowBatch batch = table.newBatch();
    for (int i = 0; i < rows; i++) {
      long ts = startMillis + i;
      batch.addRow(ts, "S" + (ts % 10), (double) (ts % 1000), ts);
      if (batch.rowCount() == batchRows) {
        table.append(batch);
        batch.clear();
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  static List<Long> column(Table table, String column, Predicate where) {
    List<Long> values = new ArrayList<>();
    try (TableReader reader = table.reader().select(column)) {
      if (where != null) {
        reader.where(where);
      }
      for (Row row : reader) {
        values.add(row.getLong(column));
      }
    }
    values.sort(null);
    return values;
  }

  @Test
  void rowsAppendedAreReadBackWithFiltersAndProjection() {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(1000));
      table.append(Instant.parse("2024-01-01T00:00:00Z"), "AAPL", 150.5, 10L);
      table.append(Instant.parse("2024-01-01T00:00:01Z"), "MSFT", 99.0, null);
      table.append(Instant.parse("2024-01-01T00:00:02Z"), "AAPL", 151.0, 5L);
      try (TableReader reader =
          table
              .reader()
              .filter("symbol", "=", "AAPL")
              .filter("price", ">", 150.6)
              .select("ts", "qty")) {
        assertTrue(reader.next());
        assertEquals(Instant.parse("2024-01-01T00:00:02Z"), reader.row().getInstant("ts"));
        assertEquals(5L, reader.row().getLong("qty"));
        assertThrows(IllegalArgumentException.class, () -> reader.row().get("price"));
        assertFalse(reader.next());
      }
      try (TableReader reader = table.reader().where(Predicate.isNull("qty"))) {
        assertTrue(reader.next());
        assertEquals("MSFT", reader.row().getString("symbol"));
        assertFalse(reader.next());
      }
    }
  }

  @Test
  void dataSurvivesCloseAndReopenFromBlocksAndWal() throws Exception {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(1000));
      appendTrades(table, 0, 2500, 100);
    }
    try (Stream<Path> wal = Files.list(dir.resolve("wal"))) {
      assertEquals(0, wal.count(), "a clean close flushes everything and deletes the log");
    }
    try (Database db = Database.open(dir)) {
      Table table = db.table("trades");
      assertEquals(2500, table.stats().rowCount());
      assertEquals(3, table.stats().coldBlocks());
      assertEquals(0, table.stats().memoryRows(), "nothing to replay");
      appendTrades(table, 2500, 10, 10);
      List<Long> ts = column(table, "ts", null);
      assertEquals(2510, ts.size());
      for (int i = 0; i < 2510; i++) {
        assertEquals(i, ts.get(i));
      }
    }
    try (Database db = Database.open(dir)) {
      assertEquals(
          2510, db.table("trades").stats().rowCount(), "LSNs continue after a released log");
    }
  }

  @Test
  void anAbruptStopLosesNoCommittedRow() {
    Database db = Database.open(dir);
    Table table = db.createTable("trades", TRADES, tradesOptions(700));
    appendTrades(table, 0, 2000, 50);
    db.engine().closeAbruptly();
    try (Database reopened = Database.open(dir)) {
      assertEquals(2000, column(reopened.table("trades"), "ts", null).size());
    }
  }

  @Test
  void filterOnTimeColumnSkipsColdBlocks() {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(50_000));
      appendTrades(table, 0, 200_000, 10_000);
      table.flush();
      assertEquals(4, table.stats().coldBlocks());
      try (TableReader reader =
          table.reader().where(Predicate.between("ts", 120_000L, 120_100L)).select("ts")) {
        int rows = 0;
        while (reader.next()) {
          rows++;
        }
        assertEquals(101, rows);
        ScanStats stats = reader.stats();
        assertEquals(5, stats.blocksTotal(), "four cold blocks and the active block");
        assertEquals(4, stats.blocksSkipped(), "only the block holding 100000..149999 is read");
        assertTrue(stats.rowsRead() <= 10_000, "pages outside the range are not decoded: " + stats);
      }
    }
  }

  @Test
  void createRecoversAnExistingTableAndRejectsAnotherSchema() {
    try (Database db = Database.open(dir)) {
      db.createTable("trades", TRADES, tradesOptions(1000)).append(Instant.EPOCH, "A", 1.0, 1L);
    }
    try (Database db = Database.open(dir)) {
      Table again = db.createTable("trades", TRADES, tradesOptions(1000));
      assertEquals(1, again.stats().rowCount());
      Schema other = Schema.builder().column("x", ColumnType.BIGINT).build();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> db.createTable("trades", other));
      assertTrue(
          e.getMessage().startsWith("table 'trades' already exists with columns"), e.getMessage());
    }
  }

  @Test
  void dropRemovesTheTableAndItsFilesAndANewTableStartsEmpty() throws Exception {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(100));
      appendTrades(table, 0, 500, 100);
      table.flush();
      assertTrue(db.dropTable("trades"));
      assertFalse(db.dropTable("trades"));
      assertFalse(Files.exists(dir.resolve("tables").resolve("trades")));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> db.table("trades"));
      assertTrue(e.getMessage().contains("no table 'trades'"), e.getMessage());
      db.createTable("trades", TRADES, tradesOptions(100));
    }
    try (Database db = Database.open(dir)) {
      assertEquals(
          0,
          db.table("trades").stats().rowCount(),
          "WAL rows of the dropped table are not replayed");
    }
  }

  @Test
  void anInterruptedCommitterDoesNotStopTheDatabase() {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(1000));
      Thread.currentThread().interrupt();
      try {
        table.append(Instant.EPOCH, "A", 1.0, 1L);
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        try {
          table.flush();
        } catch (StorageException e) {
          // Parquet's own stream gives up on an interrupted thread; the rows stay in memory.
          assertTrue(e.getCause() instanceof java.nio.channels.ClosedByInterruptException, "" + e);
        }
      } finally {
        Thread.interrupted();
      }
      table.append(Instant.EPOCH, "B", 2.0, 2L);
      table.flush();
      assertEquals(2, table.stats().rowCount());
      assertEquals(0, table.stats().memoryRows());
    }
    try (Database db = Database.open(dir)) {
      assertEquals(2, db.table("trades").stats().rowCount());
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() {
    try (Database db = Database.open(dir)) {
      DatabaseLockedException e =
          assertThrows(DatabaseLockedException.class, () -> Database.open(dir));
      assertTrue(e.getMessage().contains("is locked by another process"), e.getMessage());
      assertNotNull(db.directory());
    }
    try (Database db = Database.open(dir)) {
      assertTrue(db.tables().isEmpty());
    }
  }

  @Test
  void invalidTableDefinitionsAreRejectedWithTheReason() {
    try (Database db = Database.open(dir)) {
      IllegalArgumentException noColumn =
          assertThrows(
              IllegalArgumentException.class,
              () -> db.createTable("t", TRADES, TableOptions.defaults().withTimeColumn("when")));
      assertTrue(
          noColumn.getMessage().contains("time_column 'when' is not a column"),
          noColumn.getMessage());
      IllegalArgumentException wrongType =
          assertThrows(
              IllegalArgumentException.class,
              () -> db.createTable("t", TRADES, TableOptions.defaults().withTimeColumn("symbol")));
      assertTrue(
          wrongType.getMessage().contains("must be TIMESTAMP or BIGINT"), wrongType.getMessage());
      assertThrows(IllegalArgumentException.class, () -> db.createTable("../evil", TRADES));
    }
  }

  @Test
  void transactionsCommitAcrossTablesAtomicallyAndRollBack() {
    try (Database db = Database.open(dir)) {
      Table a = db.createTable("a", TRADES, tradesOptions(1000));
      Table b = db.createTable("b", TRADES, tradesOptions(1000));
      try (Transaction tx = db.beginTransaction()) {
        tx.append(a, 1L, "x", 1.0, 1L).append(b, 2L, "y", 2.0, 2L);
        assertEquals(0, a.stats().rowCount(), "nothing is visible before commit");
        tx.commit();
      }
      try (Transaction tx = db.beginTransaction()) {
        tx.append(a, 3L, "x", 1.0, 1L);
      }
      assertEquals(1, a.stats().rowCount());
      assertEquals(1, b.stats().rowCount());
    }
    try (Database db = Database.open(dir)) {
      assertEquals(List.of(1L), column(db.table("a"), "ts", null));
      assertEquals(List.of(2L), column(db.table("b"), "ts", null));
    }
  }

  @Test
  void retentionHidesExpiredRowsAndDropsExpiredBlocks() {
    java.time.Clock clock =
        java.time.Clock.fixed(Instant.ofEpochMilli(100_000), java.time.ZoneOffset.UTC);
    DatabaseOptions options =
        DatabaseOptions.defaults().withClock(clock).withBackgroundFlush(false);
    try (Database db = Database.open(dir, options)) {
      Table table =
          db.createTable(
              "trades", TRADES, tradesOptions(1000).withTtl(java.time.Duration.ofSeconds(97)));
      appendTrades(table, 0, 5000, 1000);
      table.flush();
      // Cutoff is 3000 ms: blocks 0..999, 1000..1999, 2000..2999 are wholly expired.
      assertEquals(2000, column(table, "ts", null).size());
      assertEquals(3, table.applyRetention());
      assertEquals(2, table.stats().coldBlocks());
      assertEquals(3000L, column(table, "ts", null).get(0));
    }
  }

  @Test
  void compactionMergesSmallBlocksWithoutChangingResults() throws Exception {
    try (Database db = Database.open(dir)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(10_000));
      for (int i = 0; i < 6; i++) {
        appendTrades(table, i * 100L, 100, 50);
        table.flush();
      }
      assertEquals(6, table.stats().coldBlocks());
      List<Long> before = column(table, "ts", null);
      try (TableReader open = table.reader()) {
        assertTrue(open.next(), "a snapshot taken before compaction");
        assertEquals(6, table.compact());
        assertEquals(1, table.stats().coldBlocks());
        int rows = 1;
        while (open.next()) {
          rows++;
        }
        assertEquals(600, rows, "the old snapshot still reads the replaced files");
      }
      assertEquals(before, column(table, "ts", null));
      long files;
      try (Stream<Path> list = Files.list(dir.resolve("tables/trades/blocks"))) {
        files = list.count();
      }
      assertEquals(1, files, "replaced files are deleted once no snapshot uses them");
    }
    try (Database db = Database.open(dir)) {
      assertEquals(600, column(db.table("trades"), "ts", null).size());
    }
  }

  @Test
  void aDatabaseRunsWhollyInMemoryWithMemoryFileIo() {
    io.backtracedb.io.MemoryFileIO memory = new io.backtracedb.io.MemoryFileIO();
    Path virtual = Path.of("/nowhere/db");
    DatabaseOptions options = DatabaseOptions.defaults().withFileIO(memory);
    try (Database db = Database.open(virtual, options)) {
      Table table = db.createTable("trades", TRADES, tradesOptions(1000));
      appendTrades(table, 0, 2500, 500);
      table.flush();
      assertEquals(3, table.stats().coldBlocks());
      assertEquals(List.of(2400L), column(table, "ts", Predicate.eq("ts", 2400L)));
    }
    assertFalse(Files.exists(virtual), "nothing touches the disk");
    try (Database db = Database.open(virtual, options)) {
      assertEquals(2500, column(db.table("trades"), "ts", null).size());
      assertTrue(db.check().ok(), db.check().problems().toString());
    }
  }
}
