package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window on the time column with more conditions reads the window's exact rows and tests only the
 * other conditions there, with the same answers as evaluating everything on every row.
 */
class RangeAndRestScanTest {
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .column("sym", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .build();

  @TempDir Path dir;

  @Test
  void windowsWithMoreConditionsMatchABruteForceEvaluation() {
    Random random = new Random(11);
    List<Object[]> rows = new ArrayList<>();
    long ts = 0;
    for (int i = 0; i < 50_000; i++) {
      ts += random.nextInt(3);
      String sym = random.nextInt(13) == 0 ? null : "s" + random.nextInt(20);
      Double price = random.nextInt(17) == 0 ? null : (double) random.nextInt(1000) / 10;
      rows.add(new Object[] {ts, sym, price});
    }
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false))) {
      Table table =
          db.createTable(
              "t", SCHEMA, TableOptions.defaults().withTimeColumn("ts").withBlockRows(20_000));
      RowBatch batch = table.newBatch();
      for (Object[] row : rows) {
        batch.addRow(row);
      }
      table.append(batch);
      table.flush();
      for (int attempt = 0; attempt < 40; attempt++) {
        long low = (long) rows.get(random.nextInt(rows.size()))[0];
        long high = low + random.nextInt(attempt % 2 == 0 ? 500 : 5_000);
        String sym = "s" + random.nextInt(20);
        double price = random.nextInt(100);
        Predicate window =
            attempt % 3 == 0
                ? new Predicate.Between("ts", low, high)
                : new Predicate.And(
                    List.of(
                        new Predicate.Compare("ts", Predicate.Op.GE, low),
                        new Predicate.Compare("ts", Predicate.Op.LE, high)));
        List<Predicate> parts = new ArrayList<>();
        parts.add(window);
        parts.add(new Predicate.Compare("sym", Predicate.Op.EQ, sym));
        if (attempt % 2 == 1) {
          parts.add(new Predicate.Compare("price", Predicate.Op.GT, price));
        }
        Predicate where = new Predicate.And(parts);
        List<String> expected = new ArrayList<>();
        for (Object[] row : rows) {
          long t = (long) row[0];
          if (t >= low
              && t <= high
              && sym.equals(row[1])
              && (attempt % 2 == 0 || (row[2] != null && (double) row[2] > price))) {
            expected.add(Arrays.toString(row));
          }
        }
        for (String[] columns : new String[][] {{"ts", "sym", "price"}, {"price"}}) {
          List<String> actual = new ArrayList<>();
          try (TableReader reader = table.reader().where(where).select(columns)) {
            for (Row row : reader) {
              actual.add(
                  columns.length == 3
                      ? Arrays.toString(new Object[] {row.get(0), row.get(1), row.get(2)})
                      : String.valueOf(row.get("price")));
            }
            if (columns.length == 3) {
              assertEquals(expected, actual, where.toString());
            } else {
              assertEquals(expected.size(), actual.size(), where.toString());
            }
            assertTrue(
                reader.stats().rowsRead() <= high - low + 3_000 + expected.size(),
                "read about the window's rows, not the block: " + reader.stats());
          }
        }
      }
    }
  }
}
