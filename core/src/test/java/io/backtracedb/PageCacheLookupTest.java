package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point lookups into cold blocks answer the same with the page cache on and off, and never from the
 * pages of a file that was replaced: by compaction, or by a table dropped and created again.
 */
class PageCacheLookupTest {
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .column("sym", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.INTEGER)
          .build();

  @TempDir Path dir;

  /** Rows with distinct times {@code 3 * i}, and values drawn from {@code seed}. */
  private static List<Object[]> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          new Object[] {
            3L * i,
            random.nextInt(11) == 0 ? null : "s" + random.nextInt(40),
            random.nextInt(13) == 0 ? null : random.nextInt(100_000) / 100.0,
            random.nextInt(7) == 0 ? null : random.nextInt(1000)
          });
    }
    return rows;
  }

  private static Table load(Database db, List<Object[]> rows) {
    Table table =
        db.createTable(
            "t", SCHEMA, TableOptions.defaults().withTimeColumn("ts").withBlockRows(10_000));
    for (int from = 0; from < rows.size(); from += 7_000) {
      RowBatch batch = table.newBatch();
      for (Object[] row : rows.subList(from, Math.min(rows.size(), from + 7_000))) {
        batch.addRow(row);
      }
      table.append(batch);
      table.flush();
    }
    return table;
  }

  /** Looks up {@code keys} rows by time and checks each against {@code rows}. */
  private static void lookUp(Table table, List<Object[]> rows, Random random, int keys) {
    for (int k = 0; k < keys; k++) {
      Object[] expected = rows.get(random.nextInt(rows.size()));
      Predicate where = new Predicate.Compare("ts", Predicate.Op.EQ, expected[0]);
      List<Object[]> found = new ArrayList<>();
      try (TableReader reader = table.reader().where(where)) {
        for (Row row : reader) {
          found.add(new Object[] {row.get(0), row.get(1), row.get(2), row.get(3)});
        }
      }
      assertEquals(1, found.size(), where.toString());
      assertArrayEquals(expected, found.get(0), where.toString());
    }
  }

  @Test
  void lookupsAnswerTheSameWithTheCacheOnAndOffAndAfterFilesAreReplaced() {
    List<Object[]> rows = rows(60_000, 1);
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false))) {
      Table table = load(db, rows);
      // The same keys again: their pages, missed twice, were kept.
      lookUp(table, rows, new Random(2), 300);
      lookUp(table, rows, new Random(2), 300);
      CacheStats stats = db.pageCacheStats();
      assertTrue(stats.pages() > 0 && stats.hits() > stats.misses(), stats.toString());
      assertTrue(stats.bytes() <= stats.capacityBytes(), stats.toString());

      // Compaction writes new files; the cached pages of the old ones are never read for them.
      table.compact();
      lookUp(table, rows, new Random(2), 300);

      // The same name, the same times, other values.
      db.dropTable("t");
      List<Object[]> replaced = rows(60_000, 3);
      Table again = load(db, replaced);
      lookUp(again, replaced, new Random(2), 300);
    }
    try (Database db =
        Database.open(
            dir, DatabaseOptions.defaults().withBackgroundFlush(false).withPageCacheBytes(0))) {
      lookUp(db.table("t"), rows(60_000, 3), new Random(4), 300);
      assertEquals(new CacheStats(0, 0, 0, 0, 0), db.pageCacheStats());
    }
  }
}
