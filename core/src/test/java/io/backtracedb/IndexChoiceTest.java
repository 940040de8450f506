package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.backtracedb.testing.SeedExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index serves a filter only when fetching its entries' rows costs less than the scan, reads
 * exactly those rows, and every way of reading gives the rows a model of the table holds.
 */
@ExtendWith(SeedExtension.class)
class IndexChoiceTest {
  /** Blocks of three pages, so that fetching a row costs less than scanning its block. */
  private static final int BLOCKS = 4;

  private static final int BLOCK_ROWS = 30_000;
  private static final int MEMORY_ROWS = 2000;

  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .notNull("id", ColumnType.BIGINT)
          .column("grp", ColumnType.INTEGER)
          .column("s", ColumnType.VARCHAR)
          .column("d", ColumnType.DOUBLE)
          .build();

  @TempDir static Path dir;
  private static final List<Object[]> model = new ArrayList<>();
  private static Database db;
  private static Table table;

  /**
   * One table for every test (they only read): rows ts = 10 * i, id a permutation of 0..n-1, grp =
   * id % 2 (NULL every 13th), s and d; indexes on id (unique), grp and s.
   */
  @BeforeAll
  static void createTable() {
    int rows = BLOCKS * BLOCK_ROWS + MEMORY_ROWS;
    List<Long> ids = new ArrayList<>();
    for (long i = 0; i < rows; i++) {
      ids.add(i);
    }
    Collections.shuffle(ids, new Random(17));
    for (int i = 0; i < rows; i++) {
      long id = ids.get(i);
      model.add(
          new Object[] {
            10L * i,
            id,
            id % 13 == 0 ? null : (int) (id % 2),
            id % 7 == 0 ? null : "s" + (id % 100),
            id % 11 == 0 ? null : id / 4.0
          });
    }
    db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false));
    table =
        db.createTable(
            "t", SCHEMA, TableOptions.defaults().withTimeColumn("ts").withBlockRows(BLOCK_ROWS));
    for (int from = 0; from < model.size(); from += 5000) {
      RowBatch batch = table.newBatch();
      for (Object[] row : model.subList(from, Math.min(model.size(), from + 5000))) {
        batch.addRow(row);
      }
      table.append(batch);
    }
    db.flush();
    table.createIndex("t_id", "id", true);
    table.createIndex("t_grp", "grp", false);
    table.createIndex("t_s", "s", false);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static ScanStats read(Table table, Predicate p, List<String> into) {
    try (TableReader reader = table.reader().where(p)) {
      for (Row row : reader) {
        into.add(row.get("ts") + "/" + row.get("id"));
      }
      return reader.stats();
    }
  }

  @Test
  void aSelectiveLookupUsesTheIndexAndReadsOnlyItsRows() {
    List<String> rows = new ArrayList<>();
    ScanStats stats = read(table, Predicate.eq("id", 4321L), rows);
    assertEquals(1, rows.size());
    assertEquals("t_id", stats.index());
    assertEquals("[4321..4321]", stats.indexRange());
    assertEquals(1, stats.indexEntries());
    // Every row is cold after the flush: the index addresses the one row read.
    assertEquals(1, stats.rowsRead(), stats.toString());
  }

  @Test
  void aLookupWhoseOtherConjunctTheStatisticsRuleOutReadsNothing() {
    // The index on id has the key in a cold block, but no block's ts reaches past the last row:
    // the statistics leave nothing to scan, so the index is not worth a look.
    long last = 10L * (model.size() - 1);
    List<String> rows = new ArrayList<>();
    ScanStats stats =
        read(table, Predicate.and(Predicate.eq("id", 4321L), Predicate.gt("ts", last)), rows);
    assertEquals(List.of(), rows);
    assertNull(stats.index(), stats.toString());
    assertEquals(0, stats.rowsRead(), stats.toString());
  }

  @Test
  void aPredicateMatchingHalfTheRowsScansWithoutTheIndex() {
    List<String> rows = new ArrayList<>();
    ScanStats stats = read(table, Predicate.eq("grp", 1), rows);
    assertNull(stats.index(), stats.toString());
    assertEquals(count(row -> Integer.valueOf(1).equals(row[2])), rows.size());
  }

  @Test
  void aShortInListUsesTheIndexAndALongOneDoesNot() {
    ScanStats few = read(table, Predicate.in("id", 1L, 2L, 3L), new ArrayList<>());
    assertEquals("t_id", few.index());
    assertEquals("[1..1], [2..2], [3..3]", few.indexRange());
    Object[] many = new Object[2000];
    for (int i = 0; i < many.length; i++) {
      many[i] = (long) i * 5;
    }
    ScanStats scanned = read(table, Predicate.in("id", many), new ArrayList<>());
    assertNull(scanned.index(), scanned.toString());
  }

  @Test
  void theCheapestOfTwoIndexedConjunctsServes() {
    List<String> rows = new ArrayList<>();
    ScanStats stats =
        read(table, Predicate.and(Predicate.eq("grp", 0), Predicate.eq("id", 10L)), rows);
    assertEquals("t_id", stats.index());
    assertEquals(
        List.of(model.stream().filter(r -> (long) r[1] == 10L).count()),
        List.of((long) rows.size()));
  }

  @Test
  void rangesAreDescribedWithTheirBoundsAndSkipNulls() {
    ScanStats open = read(table, Predicate.lt("id", 3L), new ArrayList<>());
    assertEquals("(-inf..3)", open.indexRange());
    ScanStats closed = read(table, Predicate.between("id", 5L, 8L), new ArrayList<>());
    assertEquals("[5..8]", closed.indexRange());
    ScanStats strings = read(table, Predicate.eq("s", "s42"), new ArrayList<>());
    assertNull(strings.index(), "one row in a hundred, on every page: a scan");
  }

  @Test
  void everyWayOfReadingGivesTheModelsRows(Random random) {
    for (int round = 0; round < 25; round++) {
      Predicate p = randomPredicate(random);
      List<String> expected = new ArrayList<>();
      for (Object[] row : model) {
        if (matches(p, row)) {
          expected.add(row[0] + "/" + row[1]);
        }
      }
      expected.sort(null);
      for (TableReader.IndexUse use : TableReader.IndexUse.values()) {
        List<String> actual = new ArrayList<>();
        try (TableReader reader = table.reader().where(p).indexUse(use)) {
          for (Row row : reader) {
            actual.add(row.get("ts") + "/" + row.get("id"));
          }
        }
        actual.sort(null);
        assertEquals(expected, actual, use + " " + p);
      }
    }
  }

  @Test
  void orderByAnIndexedColumnReadsOnlyTheFirstRows() {
    List<String> rows = new ArrayList<>();
    ScanStats stats;
    try (TableReader reader = table.reader().limitByIndex("id", false, false, 10)) {
      for (Row row : reader) {
        rows.add(String.valueOf(row.get("id")));
      }
      stats = reader.stats();
    }
    assertEquals("t_id", stats.index());
    assertEquals("ASC NULLS LAST", stats.indexRange());
    assertEquals(10, stats.rowsRead(), stats.toString());
    rows.sort(java.util.Comparator.comparingLong(Long::parseLong));
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), rows);
  }

  @Test
  void orderByWithAFilterKeepsWalkingUntilEnoughRowsMatch() {
    List<Long> ids = new ArrayList<>();
    ScanStats stats;
    try (TableReader reader =
        table.reader().where(Predicate.eq("grp", 1)).limitByIndex("id", true, false, 5)) {
      for (Row row : reader) {
        ids.add((Long) row.get("id"));
      }
      stats = reader.stats();
    }
    assertEquals("t_id", stats.index());
    ids.sort(java.util.Comparator.reverseOrder());
    List<Long> expected =
        model.stream()
            .filter(row -> Integer.valueOf(1).equals(row[2]))
            .map(row -> (Long) row[1])
            .sorted(java.util.Comparator.reverseOrder())
            .limit(5)
            .toList();
    assertEquals(expected, ids.subList(0, 5));
  }

  @Test
  void orderByGivesUpOnTheIndexWhenTheFilterIsTooSelective() {
    // One row in 100 has s = 's42' and the index on id knows nothing of s: the walk would fetch
    // rows at random until five of them matched, so the reader scans instead.
    ScanStats stats;
    int rows = 0;
    try (TableReader reader =
        table.reader().where(Predicate.eq("s", "s42")).limitByIndex("id", false, false, 500)) {
      for (Row row : reader) {
        rows++;
      }
      stats = reader.stats();
    }
    assertNull(stats.index(), stats.toString());
    assertEquals(count(row -> "s42".equals(row[3])), rows);
  }

  @Test
  void orderedReadsMatchTheModelInEveryOrder(Random random) {
    String[] columns = {"id", "grp", "s", "ts"};
    for (int round = 0; round < 30; round++) {
      String column = columns[random.nextInt(columns.length)];
      int ordinal = SCHEMA.ordinalOf(column);
      boolean descending = random.nextBoolean();
      boolean nullsFirst = random.nextBoolean();
      long limit = 1 + random.nextInt(random.nextBoolean() ? 20 : 3000);
      Predicate filter =
          switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> Predicate.isNotNull("d");
            case 2 -> Predicate.lt("ts", 10L * random.nextInt(model.size()));
            default -> Predicate.eq("grp", random.nextInt(2));
          };
      java.util.Comparator<Object[]> order =
          java.util.Comparator.comparing(
                  (Object[] row) -> row[ordinal],
                  (a, b) -> {
                    if (a == null || b == null) {
                      int nulls = a == null ? (b == null ? 0 : -1) : 1;
                      return nullsFirst ? nulls : -nulls;
                    }
                    return descending ? compare(b, a) : compare(a, b);
                  })
              .thenComparing(row -> (Long) row[0]);
      List<String> expected =
          model.stream()
              .filter(row -> filter == null || matches(filter, row))
              .sorted(order)
              .limit(limit)
              .map(row -> row[0] + "/" + row[1])
              .toList();
      List<Object[]> read = new ArrayList<>();
      TableReader reader = table.reader().limitByIndex(column, descending, nullsFirst, limit);
      if (filter != null) {
        reader.where(filter);
      }
      try (reader) {
        for (Row row : reader) {
          Object[] values = new Object[SCHEMA.size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = row.get(c);
          }
          read.add(values);
        }
      }
      List<String> actual =
          read.stream().sorted(order).limit(limit).map(row -> row[0] + "/" + row[1]).toList();
      String query =
          column
              + (descending ? " DESC" : " ASC")
              + (nullsFirst ? " NULLS FIRST" : "")
              + " LIMIT "
              + limit
              + " WHERE "
              + filter;
      assertEquals(expected.size(), actual.size(), query);
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), query + ": row " + i);
      }
    }
  }

  private static long count(Function<Object[], Boolean> test) {
    return model.stream().filter(test::apply).count();
  }

  private static Predicate randomPredicate(Random random) {
    int rows = model.size();
    long id = random.nextInt(rows + 10);
    long ts = 10L * random.nextInt(rows) + (random.nextInt(4) == 0 ? 5 : 0);
    Predicate leaf =
        switch (random.nextInt(10)) {
          case 0 -> Predicate.eq("id", id);
          case 1 -> Predicate.in("id", id, id + 1, (long) random.nextInt(rows));
          case 2 -> Predicate.between("id", id, id + random.nextInt(rows / 2));
          case 3 -> Predicate.eq("ts", ts);
          case 4 -> Predicate.between("ts", ts, ts + 10L * random.nextInt(20_000));
          case 5 -> Predicate.ge("ts", ts);
          case 6 -> Predicate.eq("s", "s" + random.nextInt(110));
          case 7 -> Predicate.isNull(random.nextBoolean() ? "grp" : "s");
          case 8 -> Predicate.lt("d", random.nextInt(rows / 4) + 0.5);
          default -> Predicate.eq("grp", random.nextInt(3));
        };
    return random.nextInt(3) == 0
        ? Predicate.and(leaf, Predicate.isNotNull(random.nextBoolean() ? "d" : "s"))
        : leaf;
  }

  private static boolean matches(Predicate p, Object[] row) {
    if (p instanceof Predicate.And and) {
      return and.parts().stream().allMatch(part -> matches(part, row));
    }
    if (p instanceof Predicate.IsNull n) {
      return (row[SCHEMA.ordinalOf(n.column())] == null) != n.negated();
    }
    if (p instanceof Predicate.In in) {
      Object value = row[SCHEMA.ordinalOf(in.column())];
      return value != null && in.values().contains(value);
    }
    if (p instanceof Predicate.Between b) {
      Object value = row[SCHEMA.ordinalOf(b.column())];
      return value != null && compare(value, b.low()) >= 0 && compare(value, b.high()) <= 0;
    }
    Predicate.Compare c = (Predicate.Compare) p;
    Object value = row[SCHEMA.ordinalOf(c.column())];
    if (value == null) {
      return false;
    }
    int cmp = compare(value, c.value());
    return switch (c.op()) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }
}
