package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backtracedb.ColumnType;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.testing.SeedExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows are keyed by their tag values whichever way the keys are found: from dictionary ids, or by
 * hashing the strings when the dictionaries are large.
 */
@ExtendWith(SeedExtension.class)
class SeriesRowKeysTest {
  @Test
  void rowsWithEqualTagValuesShareAKeyNumberedByFirstAppearance(Random random) {
    for (int round = 0; round < 30; round++) {
      int rows = 1 + random.nextInt(3000);
      int hosts = 1 + random.nextInt(round % 3 == 0 ? 20 : 500);
      ColumnVector[] columns = {
        ColumnVector.create(ColumnType.TIMESTAMP, rows),
        ColumnVector.create(ColumnType.VARCHAR, rows),
        ColumnVector.create(ColumnType.VARCHAR, rows)
      };
      for (int row = 0; row < rows; row++) {
        ((StringVector) columns[1]).append("h" + random.nextInt(hosts));
        if (random.nextInt(5) == 0) {
          columns[2].appendNull();
        } else {
          ((StringVector) columns[2]).append("r" + random.nextInt(3));
        }
      }
      int from = random.nextInt(rows);
      int to = from + random.nextInt(rows - from + 1);
      assertKeys(columns, new int[] {1, 2}, from, to, "round " + round);
      assertKeys(columns, new int[] {2}, from, to, "round " + round + ", one tag");
    }
  }

  @Test
  void aFewRowsOfALargeDictionaryAreKeyedByTheirStrings() {
    int rows = 200_000;
    ColumnVector[] columns = {
      ColumnVector.create(ColumnType.VARCHAR, rows), ColumnVector.create(ColumnType.VARCHAR, rows)
    };
    for (int row = 0; row < rows; row++) {
      ((StringVector) columns[0]).append("h" + row);
      ((StringVector) columns[1]).append("r" + (row % 2));
    }
    // Ids near 200,000 in ten rows: a direct table would need far more entries than rows.
    ((StringVector) columns[0]).append("h199995");
    ((StringVector) columns[1]).append("r1");
    SeriesRowKeys keys = assertKeys(columns, new int[] {0, 1}, rows - 9, rows + 1, "large");
    assertEquals(keys.key(rows - 5), keys.key(rows));
    assertEquals(9, keys.count());
  }

  /** Checks {@link SeriesRowKeys#of} against keys computed from the strings; returns it. */
  private static SeriesRowKeys assertKeys(
      ColumnVector[] columns, int[] tags, int from, int to, String what) {
    SeriesRowKeys keys = SeriesRowKeys.of(columns, tags, from, to);
    Map<List<String>, Integer> expected = new HashMap<>();
    List<Integer> firstRows = new ArrayList<>();
    int[] expectedKeys = new int[to - from];
    int[] actualKeys = new int[to - from];
    for (int row = from; row < to; row++) {
      String[] values = new String[tags.length];
      for (int t = 0; t < tags.length; t++) {
        values[t] = ((StringVector) columns[tags[t]]).get(row);
      }
      int r = row;
      expectedKeys[row - from] =
          expected.computeIfAbsent(
              Arrays.asList(values),
              k -> {
                firstRows.add(r);
                return firstRows.size() - 1;
              });
      actualKeys[row - from] = keys.key(row);
    }
    assertArrayEquals(expectedKeys, actualKeys, what);
    assertEquals(expected.size(), keys.count(), what);
    for (int key = 0; key < keys.count(); key++) {
      assertEquals(firstRows.get(key), keys.firstRow(key), what + ", key " + key);
    }
    return keys;
  }
}
