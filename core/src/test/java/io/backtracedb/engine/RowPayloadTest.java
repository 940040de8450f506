package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload of a covering index's included columns: every type and NULL, and damage. */
class RowPayloadTest {
  static final Schema SCHEMA =
      Schema.builder()
          .column("b", ColumnType.BOOLEAN)
          .column("i", ColumnType.INTEGER)
          .column("l", ColumnType.BIGINT)
          .column("d", ColumnType.DOUBLE)
          .column("s", ColumnType.VARCHAR)
          .column("t", ColumnType.TIMESTAMP)
          .column("day", ColumnType.DATE)
          .column("key", ColumnType.BIGINT)
          .column("x", ColumnType.VARCHAR)
          .build();

  /** Every column, out of schema order: nine, so a two-byte NULL bitmap. */
  static final List<String> INCLUDED = List.of("s", "b", "i", "l", "d", "t", "day", "x", "key");

  static final Path FILE = Path.of("t_key.btree");

  private static ColumnVector[] vectors(Object[][] rows) {
    ColumnVector[] vectors = new ColumnVector[SCHEMA.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = ColumnVector.create(SCHEMA.column(c).type(), rows.length);
      for (Object[] row : rows) {
        if (row[c] == null) {
          vectors[c].appendNull();
        } else {
          vectors[c].appendObject(row[c]);
        }
      }
    }
    return vectors;
  }

  @Test
  void valuesOfEveryTypeAndNullsComeBackAsTheyWent() {
    Object[][] rows = {
      {true, -5, Long.MIN_VALUE, -0.5, "é€😀", 1_700_000_000_000_000L, 19_000, 1L, ""},
      {null, null, null, null, null, null, null, 2L, null},
      {false, Integer.MAX_VALUE, 42L, Double.NaN, "x".repeat(300), -1L, -3, 3L, "y"},
    };
    RowPayload payload = new RowPayload(SCHEMA, INCLUDED);
    ColumnVector[] source = vectors(rows);
    ColumnVector[] target = new ColumnVector[SCHEMA.size()];
    for (String name : INCLUDED) {
      int c = SCHEMA.ordinalOf(name);
      target[c] = ColumnVector.create(SCHEMA.column(c).type(), rows.length);
    }
    for (int r = 0; r < rows.length; r++) {
      payload.decodeInto(payload.encode(source, r), target, FILE);
    }
    for (String name : INCLUDED) {
      int c = SCHEMA.ordinalOf(name);
      for (int r = 0; r < rows.length; r++) {
        assertEquals(rows[r][c], target[c].isNull(r) ? null : target[c].getObject(r), name + r);
      }
    }
    // The bitmap (two bytes) and the one non-NULL value (8 bytes) for the second row.
    assertEquals(10, payload.encode(source, 1).length);
  }

  @Test
  void aDamagedPayloadIsReportedWithTheIndexFile() {
    RowPayload payload = new RowPayload(SCHEMA, INCLUDED);
    Object[][] rows = {{true, 1, 2L, 3.0, "abc", 4L, 5, 6L, "z"}};
    byte[] good = payload.encode(vectors(rows), 0);
    ColumnVector[] target = new ColumnVector[SCHEMA.size()];
    CorruptionException cut =
        assertThrows(
            CorruptionException.class,
            () -> payload.decodeInto(Arrays.copyOf(good, good.length - 3), target, FILE));
    assertTrue(cut.getMessage().contains("t_key.btree"), cut.getMessage());
    CorruptionException longer =
        assertThrows(
            CorruptionException.class,
            () -> payload.decodeInto(Arrays.copyOf(good, good.length + 1), target, FILE));
    assertTrue(longer.getMessage().contains("ends at byte"), longer.getMessage());
  }
}
