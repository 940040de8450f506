package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalReleaseTest {
  @TempDir Path dir;

  private static long walSegments(Path db) throws Exception {
    try (Stream<Path> files = Files.list(db.resolve("wal"))) {
      return files.count();
    }
  }

  @Test
  void anIdleTableDoesNotPinTheWalNorBreakReopenOnceSegmentsAreReleased() throws Exception {
    DatabaseOptions options = DatabaseOptions.defaults().withWalSegmentBytes(8192);
    try (Database db = Database.open(dir, options)) {
      Table idle = db.createTable("idle", DatabaseTest.TRADES, DatabaseTest.tradesOptions(1000));
      Table busy = db.createTable("busy", DatabaseTest.TRADES, DatabaseTest.tradesOptions(500));
      idle.append(1L, "x", 1.0, 1L);
      idle.flush();
      DatabaseTest.appendTrades(busy, 0, 20_000, 100);
      busy.flush();
      assertTrue(walSegments(dir) < 5, "released segments are deleted, left " + walSegments(dir));
      idle.append(2L, "y", 2.0, 2L);
    }
    try (Database db = Database.open(dir, options)) {
      assertEquals(java.util.List.of(1L, 2L), DatabaseTest.column(db.table("idle"), "ts", null));
      assertEquals(20_000, DatabaseTest.column(db.table("busy"), "ts", null).size());
      assertTrue(db.check().ok(), db.check().problems().toString());
    }
  }
}
