package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.ForwardingFileIO;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Covering indexes through the public API: entries carry the included columns, so lookups reading
 * only the key and those columns open no block file, and give the rows a scan gives; reads of other
 * columns, and rows whose values are too long for an index cell, still come from the blocks.
 */
class CoveringIndexTest {
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .column("host", ColumnType.VARCHAR)
          .column("v", ColumnType.BIGINT)
          .column("d", ColumnType.DOUBLE)
          .column("n", ColumnType.INTEGER)
          .column("ok", ColumnType.BOOLEAN)
          .column("day", ColumnType.DATE)
          .column("other", ColumnType.VARCHAR)
          .build();

  static final List<String> INCLUDED = List.of("ts", "host", "d", "n", "ok", "day");

  @TempDir Path dir;

  /** Opens of block files for reading, counted. */
  static final class CountingIO extends ForwardingFileIO {
    final AtomicInteger blockOpens = new AtomicInteger();

    CountingIO() {
      super(LocalFileIO.INSTANCE);
    }

    @Override
    public SeekableByteChannel openRead(Path path) throws IOException {
      if (path.getFileName().toString().endsWith(".parquet")) {
        blockOpens.incrementAndGet();
      }
      return super.openRead(path);
    }
  }

  private static DatabaseOptions options(FileIO io) {
    return DatabaseOptions.defaults().withBackgroundFlush(false).withFileIO(io);
  }

  private static TableOptions tableOptions() {
    return TableOptions.defaults().withTimeColumn("ts").withBlockRows(1000);
  }

  /** Rows with every kind of value, NULLs included; {@code longHost} rows get a 3,000-char host. */
  private static void append(Table table, long from, int count, boolean longHost) {
    RowBatch batch = table.newBatch();
    for (long i = from; i < from + count; i++) {
      String host = longHost && i % 10 == 0 ? "h".repeat(3000) + i : "h" + (i % 50);
      batch.addRow(
          i * 1000,
          i % 31 == 0 ? null : host,
          i % 97 == 0 ? null : i * 7 % 1000,
          i % 13 == 0 ? null : i / 4.0,
          (int) (i % 1000) - 500,
          i % 5 == 0 ? null : i % 2 == 0,
          (int) (i % 20_000),
          "o" + i);
    }
    table.append(batch);
  }

  /**
   * Creates table {@code t} with {@code blocks} cold blocks of 1,000 rows each; the block at {@code
   * longHostBlock} (-1: none) gets long hosts.
   */
  private static Table coldBlocks(Database db, int blocks, int longHostBlock) {
    Table table = db.createTable("t", SCHEMA, tableOptions());
    for (int b = 0; b < blocks; b++) {
      append(table, b * 1000L, 1000, b == longHostBlock);
      table.flush();
    }
    return table;
  }

  private static List<String> rows(
      Table table, Predicate predicate, TableReader.IndexUse use, String... columns) {
    List<String> rows = new ArrayList<>();
    try (TableReader reader = table.reader().select(columns).where(predicate).indexUse(use)) {
      for (Row row : reader) {
        StringBuilder text = new StringBuilder();
        for (String column : columns) {
          text.append(row.get(column)).append('|');
        }
        rows.add(text.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private static final List<Predicate> PREDICATES =
      List.of(
          Predicate.eq("v", 14L),
          Predicate.in("v", 0L, 7L, 999L, 12345L),
          Predicate.isNull("v"),
          Predicate.between("v", 100L, 120L),
          Predicate.and(Predicate.gt("v", 500L), Predicate.le("v", 503L)),
          Predicate.and(Predicate.eq("v", 21L), Predicate.eq("host", "h3")));

  private static void assertLookupsEqualScans(Table table, String... columns) {
    for (Predicate predicate : PREDICATES) {
      List<String> scanned = rows(table, predicate, TableReader.IndexUse.NEVER, columns);
      assertTrue(predicate instanceof Predicate.And || !scanned.isEmpty(), "" + predicate);
      assertEquals(
          scanned, rows(table, predicate, TableReader.IndexUse.ALWAYS, columns), "" + predicate);
      assertEquals(
          scanned, rows(table, predicate, TableReader.IndexUse.BY_COST, columns), "" + predicate);
    }
  }

  private static final String[] COVERED = {"v", "ts", "host", "d", "n", "ok", "day"};

  @Test
  void lookupsOfCoveredColumnsOpenNoBlockFileAndEqualScans() {
    CountingIO io = new CountingIO();
    try (Database db = Database.open(dir, options(io))) {
      Table table = coldBlocks(db, 8, -1);
      IndexInfo info = table.createIndex("t_v", "v", false, INCLUDED);
      assertEquals(INCLUDED, info.include());
      assertEquals(8000, info.entries());
      assertLookupsEqualScans(table, COVERED);
      append(table, 8000, 500, false); // rows in memory are scanned, not in the index
      assertLookupsEqualScans(table, COVERED);
    }
    try (Database db = Database.open(dir, options(io))) {
      Table table = db.table("t");
      assertEquals(INCLUDED, table.indexes().get(0).include());
      io.blockOpens.set(0);
      List<String> found =
          rows(table, Predicate.eq("v", 14L), TableReader.IndexUse.ALWAYS, COVERED);
      assertTrue(found.size() >= 8, "" + found);
      assertEquals(0, io.blockOpens.get(), "an index-only lookup opened a block file");
      // A column the index does not hold sends the lookup to the blocks, with the same rows.
      List<String> withOther =
          rows(table, Predicate.eq("v", 14L), TableReader.IndexUse.ALWAYS, "v", "ts", "other");
      assertTrue(io.blockOpens.get() > 0, "a lookup of a column not included read no block");
      assertEquals(
          withOther,
          rows(table, Predicate.eq("v", 14L), TableReader.IndexUse.NEVER, "v", "ts", "other"));
      assertTrue(db.check().ok(), db.check().problems().toString());
    }
  }

  @Test
  void coveringIndexesFollowFlushesCompactionsAndRebuilds() throws IOException {
    try (Database db = Database.open(dir, options(LocalFileIO.INSTANCE))) {
      Table table = db.createTable("t", SCHEMA, tableOptions());
      append(table, 0, 1000, false);
      table.flush();
      table.createIndex("t_v", "v", false, INCLUDED);
      for (int b = 1; b < 6; b++) {
        append(table, b * 1000L, 700, false);
        table.flush();
      }
      assertLookupsEqualScans(table, COVERED);
      table.compact();
      assertLookupsEqualScans(table, COVERED);
    }
    // A deleted index file is rebuilt at open, payloads included.
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".btree")).toList()) {
        Files.delete(file);
      }
    }
    try (Database db = Database.open(dir, options(LocalFileIO.INSTANCE))) {
      Table table = db.table("t");
      assertEquals("ready", table.indexes().get(0).state());
      assertLookupsEqualScans(table, COVERED);
      assertTrue(db.check().ok(), db.check().problems().toString());
    }
  }

  @Test
  void ofTwoIndexesOnOneColumnLookupsTakeTheCoveringOne() {
    CountingIO io = new CountingIO();
    try (Database db = Database.open(dir, options(io))) {
      Table table = coldBlocks(db, 3, -1);
      table.createIndex("t_v_plain", "v", false);
      table.createIndex("t_v", "v", false, INCLUDED);
    }
    try (Database db = Database.open(dir, options(io))) {
      Table table = db.table("t");
      io.blockOpens.set(0);
      TableReader reader =
          table
              .reader()
              .select(COVERED)
              .where(Predicate.eq("v", 14L))
              .indexUse(TableReader.IndexUse.ALWAYS);
      int rows = 0;
      try (reader) {
        for (Row row : reader) {
          assertEquals(14L, row.get("v"));
          rows++;
        }
        assertEquals("t_v", reader.stats().index());
      }
      assertTrue(rows >= 3, "rows " + rows);
      assertEquals(0, io.blockOpens.get(), "the lookup read blocks instead of the covering index");
    }
  }

  @Test
  void rowsTooLongForACellAreReadFromTheirBlocks() {
    try (Database db = Database.open(dir, options(LocalFileIO.INSTANCE))) {
      Table table = coldBlocks(db, 4, 2);
      table.createIndex("t_v", "v", false, INCLUDED);
      assertLookupsEqualScans(table, COVERED);
      assertTrue(db.check().ok(), db.check().problems().toString());
    }
  }

  @Test
  void includedColumnsAreCheckedByName() {
    try (Database db = Database.open(dir, options(LocalFileIO.INSTANCE))) {
      Table table = db.createTable("t", SCHEMA, tableOptions());
      IllegalArgumentException unknown =
          assertThrows(
              IllegalArgumentException.class,
              () -> table.createIndex("i", "v", false, List.of("nope")));
      assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
      IllegalArgumentException key =
          assertThrows(
              IllegalArgumentException.class,
              () -> table.createIndex("i", "v", false, List.of("ts", "v")));
      assertTrue(key.getMessage().contains("'v' is its key"), key.getMessage());
      IllegalArgumentException twice =
          assertThrows(
              IllegalArgumentException.class,
              () -> table.createIndex("i", "v", false, List.of("ts", "ts")));
      assertTrue(twice.getMessage().contains("included twice"), twice.getMessage());
      assertTrue(table.indexes().isEmpty());
    }
  }
}
