package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.column.ColumnVector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory keys of a unique index follow appended rows and compare as the index does. */
class MemoryKeysTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .column("d", ColumnType.DOUBLE)
          .column("s", ColumnType.VARCHAR)
          .column("day", ColumnType.DATE)
          .build();

  private static void append(ActiveBlock block, Object... row) {
    ColumnVector[] columns = new ColumnVector[SCHEMA.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.create(SCHEMA.column(c).type(), 1);
      columns[c].appendObject(row[c]);
    }
    block.append(columns, 0, 1, 1);
  }

  @Test
  void rowsAppendedSinceTheLastRefreshAreFoundAndFlushedBlocksForgotten() {
    MemoryKeys keys = new MemoryKeys(ColumnType.BIGINT, 0);
    ActiveBlock sealed = new ActiveBlock(1, SCHEMA, 4);
    ActiveBlock active = new ActiveBlock(2, SCHEMA, 4);
    append(sealed, 1L, null, null, null);
    keys.refresh(List.of(sealed, active));
    append(active, 2L, null, null, null);
    assertFalse(keys.contains(2L), "not taken in before the next refresh");
    keys.refresh(List.of(sealed, active));
    assertTrue(keys.contains(1L));
    assertTrue(keys.contains(2L));
    assertFalse(keys.contains(3L));
    // The sealed block was flushed: its rows are cold now and checked through the tree.
    keys.refresh(List.of(active));
    assertFalse(keys.contains(1L));
    assertTrue(keys.contains(2L));
  }

  @Test
  void doublesCompareAsTheIndexDoes() {
    MemoryKeys keys = new MemoryKeys(ColumnType.DOUBLE, 1);
    ActiveBlock block = new ActiveBlock(1, SCHEMA, 4);
    append(block, 1L, -0.0, null, null);
    append(block, 2L, Double.longBitsToDouble(0x7ff8000000000001L), null, null);
    append(block, 3L, null, null, null);
    keys.refresh(List.of(block));
    assertTrue(keys.contains(0.0));
    assertTrue(keys.contains(Double.NaN));
    assertFalse(keys.contains(1.5));
  }

  @Test
  void stringsAndIntegersAreFound() {
    MemoryKeys strings = new MemoryKeys(ColumnType.VARCHAR, 2);
    MemoryKeys days = new MemoryKeys(ColumnType.DATE, 3);
    ActiveBlock first = new ActiveBlock(1, SCHEMA, 4);
    ActiveBlock second = new ActiveBlock(2, SCHEMA, 4);
    append(first, 1L, null, "a", 19_000);
    append(second, 2L, null, "b", 19_001);
    append(second, 3L, null, null, null);
    strings.refresh(List.of(first, second));
    days.refresh(List.of(first, second));
    assertTrue(strings.contains("a"));
    assertTrue(strings.contains("b"));
    assertFalse(strings.contains("c"));
    assertTrue(days.contains(19_001));
    assertFalse(days.contains(19_002));
  }
}
