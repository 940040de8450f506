package io.backtracedb.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Predicate;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.testing.SeedExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeedExtension.class)
class RowFilterTest {

  @Test
  void vectorisedFilterSelectsExactlyTheRowsTheOracleAccepts(Random random) {
    for (int round = 0; round < 300; round++) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        rows.add(RandomTables.row(random));
      }
      ColumnVector[] vectors = RandomTables.vectors(rows);
      Predicate predicate = RandomTables.predicate(random, 3);
      Predicate bound = PredicateBinder.bind("t", RandomTables.SCHEMA, predicate);
      RowFilter filter = RowFilter.compile(bound, RandomTables.SCHEMA);
      // A window that does not start at 0 checks that row numbers are vector indexes.
      int start = random.nextInt(50);
      ColumnBatch batch = new ColumnBatch(vectors, start, rows.size());
      int[] in = new int[rows.size() - start];
      for (int i = 0; i < in.length; i++) {
        in[i] = start + i;
      }
      int[] out = new int[in.length];
      int kept = filter.filter(batch, in, in.length, out);
      List<Integer> expected = new ArrayList<>();
      for (int r = start; r < rows.size(); r++) {
        if (Boolean.TRUE.equals(
            PredicateOracle.eval(predicate, RandomTables.SCHEMA, rows.get(r)))) {
          expected.add(r);
        }
      }
      List<Integer> actual = new ArrayList<>();
      for (int i = 0; i < kept; i++) {
        actual.add(out[i]);
      }
      assertEquals(expected, actual, "predicate " + predicate);
    }
  }

  @Test
  void prunerNeverSkipsABlockWithAMatchingRow(Random random) {
    int skipped = 0;
    for (int round = 0; round < 2000; round++) {
      List<Object[]> rows = new ArrayList<>();
      int size = 1 + random.nextInt(8);
      for (int i = 0; i < size; i++) {
        rows.add(RandomTables.row(random));
      }
      ColumnVector[] vectors = RandomTables.vectors(rows);
      Predicate predicate = RandomTables.predicate(random, 2);
      Predicate bound = PredicateBinder.bind("t", RandomTables.SCHEMA, predicate);
      boolean may =
          StatsPruner.mayMatch(
              bound, RandomTables.SCHEMA, c -> ColumnStats.of(vectors[c], 0, size), size);
      boolean any = false;
      for (Object[] row : rows) {
        any |= Boolean.TRUE.equals(PredicateOracle.eval(predicate, RandomTables.SCHEMA, row));
      }
      if (any) {
        assertTrue(may, "pruned a block with a match: " + predicate + " rows " + describe(rows));
      } else if (!may) {
        skipped++;
      }
    }
    assertTrue(
        skipped > 100, "the pruner should skip many blocks without matches, skipped " + skipped);
  }

  @Test
  void bindingRejectsUnknownColumnsAndWrongTypesNamingThem() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> PredicateBinder.bind("trades", RandomTables.SCHEMA, Predicate.eq("nope", 1L)));
    assertTrue(
        unknown.getMessage().contains("'trades'") && unknown.getMessage().contains("'nope'"));
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> PredicateBinder.bind("trades", RandomTables.SCHEMA, Predicate.eq("d", "abc")));
    assertTrue(
        type.getMessage().contains("column 'd' expects DOUBLE, got VARCHAR 'abc'"),
        type.getMessage());
  }

  @Test
  void notOfAComparisonDoesNotMatchNulls() {
    Predicate bound =
        PredicateBinder.bind("t", RandomTables.SCHEMA, Predicate.not(Predicate.gt("l", 0L)));
    List<Object[]> rows =
        List.of(new Object[] {null, 1, 1.0, "a", true}, new Object[] {-1L, 1, 1.0, "a", true});
    ColumnVector[] vectors = RandomTables.vectors(rows);
    int[] out = new int[2];
    int kept =
        RowFilter.compile(bound, RandomTables.SCHEMA)
            .filter(new ColumnBatch(vectors, 0, 2), new int[] {0, 1}, 2, out);
    assertEquals(1, kept);
    assertEquals(1, out[0]);
    assertFalse(bound.toString().contains("NOT"), "NOT is pushed into the comparison: " + bound);
  }

  private static String describe(List<Object[]> rows) {
    StringBuilder text = new StringBuilder();
    for (Object[] row : rows) {
      text.append(java.util.Arrays.toString(row));
    }
    return text.toString();
  }
}
