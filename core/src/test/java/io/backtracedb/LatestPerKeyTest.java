package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newest rows per key of an ordinary table equal what a full scan finds, whichever way the
 * blocks are read (in memory, cold newest pages first, whole), and the cold search reads only the
 * recent pages when keys recur.
 */
class LatestPerKeyTest {
  static final Schema TRADES =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("sym", ColumnType.VARCHAR)
          .column("side", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .build();

  static final long START = 1_700_000_000_000L;

  @TempDir Path dir;

  /**
   * Rows in time order with repeated timestamps (ties within a key), skewed keys, keys that stop
   * early (sym40..sym49 only in the first fifth) and a few late rows older than their block.
   */
  static List<Object[]> rows(long seed, int count) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    long ts = START;
    for (int i = 0; i < count; i++) {
      ts += random.nextInt(3); // 0 repeats the time: ties
      int key = (int) Math.min(39, Math.abs(random.nextGaussian()) * 12);
      if (i < count / 5 && random.nextInt(10) == 0) {
        key = 40 + random.nextInt(10);
      }
      long at = random.nextInt(200) == 0 ? ts - 5_000 - random.nextInt(5_000) : ts;
      String side = random.nextInt(7) == 0 ? null : random.nextBoolean() ? "buy" : "sell";
      Double price = random.nextInt(30) == 0 ? null : (double) random.nextInt(10_000) / 100;
      rows.add(new Object[] {at, "sym" + key, side, price, (long) random.nextInt(1000)});
    }
    return rows;
  }

  static void append(Table table, List<Object[]> rows) {
    RowBatch batch = table.newBatch();
    for (Object[] row : rows) {
      batch.addRow(row);
      if (batch.rowCount() == 1000) {
        table.append(batch);
        batch.clear();
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  /** The newest rows per key of {@code rows} kept by {@code keep}, as sorted strings. */
  static List<String> expected(List<Object[]> rows, int[] keys, Predicate<Object[]> keep) {
    Map<List<Object>, Long> newest = new HashMap<>();
    for (Object[] row : rows) {
      if (keep.test(row)) {
        newest.merge(keyOf(row, keys), (Long) row[0], Math::max);
      }
    }
    List<String> out = new ArrayList<>();
    for (Object[] row : rows) {
      if (keep.test(row) && row[0].equals(newest.get(keyOf(row, keys)))) {
        out.add(Arrays.toString(row));
      }
    }
    out.sort(null);
    return out;
  }

  private static List<Object> keyOf(Object[] row, int[] keys) {
    List<Object> key = new ArrayList<>();
    for (int k : keys) {
      key.add(row[k]);
    }
    return key;
  }

  static List<String> actual(TableReader reader) {
    List<String> out = new ArrayList<>();
    try (reader) {
      for (Row row : reader) {
        Object[] values = new Object[TRADES.size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = c == 0 ? (Object) row.getLong(0) : row.get(c);
        }
        out.add(Arrays.toString(values));
      }
    }
    out.sort(null);
    return out;
  }

  private static Database open(Path dir) {
    return Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false));
  }

  private static TableOptions options() {
    return TableOptions.defaults().withTimeColumn("ts").withBlockRows(4_000);
  }

  @Test
  void newestRowsEqualAFullScanInMemoryColdAndAfterReopen() {
    List<Object[]> rows = rows(1, 30_000);
    List<Object[]> first = rows.subList(0, 24_000);
    List<Object[]> rest = rows.subList(24_000, rows.size());
    try (Database db = open(dir)) {
      Table table = db.createTable("trades", TRADES, options());
      append(table, first);
      check(table, first, "in memory");
      table.flush();
      check(table, first, "cold");
      append(table, rest);
      check(table, rows, "cold and in memory");
    }
    try (Database db = open(dir)) {
      check(db.table("trades"), rows, "reopened");
      db.table("trades").flush();
      check(db.table("trades"), rows, "flushed again");
    }
  }

  private static void check(Table table, List<Object[]> rows, String when) {
    int[] sym = {1};
    assertEquals(
        expected(rows, sym, row -> true),
        actual(table.reader().latestPerKey("sym")),
        "newest per sym, " + when);
    assertEquals(
        expected(rows, new int[] {1, 2}, row -> true),
        actual(table.reader().latestPerKey("sym", "side")),
        "newest per (sym, side), " + when);
    assertEquals(
        expected(rows, new int[] {2}, row -> true),
        actual(table.reader().latestPerKey("side")),
        "newest per side (NULL is a key), " + when);
    assertEquals(
        expected(rows, sym, row -> (Long) row[4] > 500),
        actual(
            table
                .reader()
                .where(
                    new io.backtracedb.Predicate.Compare(
                        "qty", io.backtracedb.Predicate.Op.GT, 500L))
                .latestPerKey("sym")),
        "newest per sym where qty > 500, " + when);
    long keys = rows.stream().map(row -> row[1]).distinct().count();
    assertEquals(
        keys,
        actual(table.reader().latestPerKey("sym")).stream()
            .map(row -> row.split(", ")[1])
            .distinct()
            .count(),
        "every key has its newest rows, " + when);
  }

  @Test
  void aBlockOfSeveralRowGroupsWithDifferentDictionariesIsSearchedByKey() {
    // 300,000 rows in one block make three row groups (of 131,072 rows), each with its own
    // dictionary order; keys sym40..sym49 are in the first row group only.
    List<Object[]> rows = rows(3, 300_000);
    try (Database db = open(dir)) {
      Table table = db.createTable("trades", TRADES, options().withBlockRows(300_000));
      append(table, rows);
      table.flush();
      assertTrue(
          table.blocks().stream().anyMatch(block -> block.rowCount() > 2 * 131_072),
          "a block of three row groups: " + table.blocks());
      assertEquals(
          expected(rows, new int[] {1}, row -> true),
          actual(table.reader().latestPerKey("sym")),
          "newest per sym");
      assertEquals(
          expected(rows, new int[] {1}, row -> (Long) row[4] < 100),
          actual(
              table
                  .reader()
                  .where(
                      new io.backtracedb.Predicate.Compare(
                          "qty", io.backtracedb.Predicate.Op.LT, 100L))
                  .latestPerKey("sym")),
          "newest per sym where qty < 100");
    }
  }

  @Test
  void coldBlocksAreReadOnlyAsFarAsTheirKeysCanBeNewer() {
    List<Object[]> rows = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 60_000; i++) {
      rows.add(
          new Object[] {START + i * 10L, "sym" + random.nextInt(20), "buy", 1.0 + i, (long) i});
    }
    try (Database db = open(dir)) {
      Table table = db.createTable("trades", TRADES, options().withBlockRows(20_000));
      append(table, rows);
      table.flush();
      TableReader reader = table.reader().latestPerKey("sym");
      assertEquals(expected(rows, new int[] {1}, row -> true), actual(reader));
      ScanStats stats = reader.stats();
      assertTrue(
          stats.rowsRead() < 10_000,
          "20 recurring keys are found in the newest pages, read " + stats);
    }
  }

  @Test
  void needsATimeColumnWithoutNulls() {
    try (Database db = open(dir)) {
      Table untimed = db.createTable("untimed", TRADES, TableOptions.defaults());
      assertThrows(IllegalStateException.class, () -> untimed.reader().latestPerKey("sym"));
      Table table = db.createTable("trades", TRADES, options());
      assertThrows(IllegalArgumentException.class, () -> table.reader().latestPerKey());
      assertThrows(RuntimeException.class, () -> table.reader().latestPerKey("nope"));
      assertFalse(Objects.isNull(table.reader().latestPerKey("sym")));
    }
  }
}
