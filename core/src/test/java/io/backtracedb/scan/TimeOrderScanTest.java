package io.backtracedb.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.Predicate;
import io.backtracedb.RowBatch;
import io.backtracedb.ScanStats;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time-ordered limit reads the newest (or oldest) blocks only and never misses a best row. */
class TimeOrderScanTest {
  @TempDir Path dir;

  /**
   * Ten flushed blocks of 1,000 rows (times 0..9,999, shuffled within each block) + memory rows.
   */
  private Table fill(Database db) {
    Table table =
        db.createTable(
            "t",
            Schema.builder()
                .notNull("ts", ColumnType.BIGINT)
                .column("v", ColumnType.INTEGER)
                .build(),
            TableOptions.defaults().withTimeColumn("ts").withBlockRows(1000));
    Random random = new Random(7);
    for (int block = 0; block < 10; block++) {
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        times.add(block * 1000L + i);
      }
      java.util.Collections.shuffle(times, random);
      RowBatch batch = table.newBatch();
      for (long time : times) {
        batch.addRow(time, (int) (time % 10));
      }
      table.append(batch);
    }
    table.flush();
    table.append(table.newBatch().addRow(20_000L, 1).addRow(-5L, 2)); // in memory, both ends
    return table;
  }

  private static List<Long> times(TableReader reader) {
    List<Long> times = new ArrayList<>();
    while (reader.next()) {
      times.add((Long) reader.row().get("ts"));
    }
    return times;
  }

  @Test
  void newestRowsComeFromTheNewestBlocksOnly() {
    try (Database db = Database.open(dir)) {
      Table table = fill(db);
      try (TableReader reader = table.reader().limitByTime(true, 5)) {
        List<Long> times = times(reader);
        times.sort(Comparator.reverseOrder());
        assertEquals(List.of(20_000L, 9_999L, 9_998L, 9_997L, 9_996L), times.subList(0, 5));
        ScanStats stats = reader.stats();
        assertTrue(stats.blocksSkipped() >= 9, "only the newest blocks are read: " + stats);
      }
    }
  }

  @Test
  void oldestRowsWithAFilterNeverMissARow() {
    try (Database db = Database.open(dir)) {
      Table table = fill(db);
      try (TableReader reader =
          table
              .reader()
              .where(new Predicate.Compare("v", Predicate.Op.EQ, 3))
              .limitByTime(false, 4)) {
        List<Long> times = times(reader);
        times.sort(null);
        assertEquals(List.of(3L, 13L, 23L, 33L), times.subList(0, 4));
      }
      try (TableReader reader = table.reader().limitByTime(false, 2)) {
        List<Long> times = times(reader);
        times.sort(null);
        assertEquals(List.of(-5L, 0L), times.subList(0, 2), "the memory row counts too");
      }
    }
  }

  @Test
  void aLimitOfZeroReadsNothingAndATableWithoutTimeIsRefused() {
    try (Database db = Database.open(dir)) {
      Table table = fill(db);
      try (TableReader reader = table.reader().limitByTime(true, 0)) {
        assertEquals(List.of(), times(reader));
      }
      Table plain = db.createTable("p", Schema.builder().column("x", ColumnType.BIGINT).build());
      assertThrows(IllegalStateException.class, () -> plain.reader().limitByTime(true, 1));
    }
  }
}
