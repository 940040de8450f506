package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Predicate;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFiltersTest {
  @TempDir Path dir;

  @Test
  void randomPredicatesReturnASupersetOfTheMatchingRows() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 8000);
      Path file = dir.resolve("random.parquet");
      BlockWriter.write(
          LocalFileIO.INSTANCE,
          file,
          ALL_TYPES,
          BlockTestSupport.vectors(ALL_TYPES, rows),
          rows.size(),
          null,
          BlockWriteOptions.defaults().withPageRows(100).withRowGroupRows(1000));
      int pruned = 0;
      for (int i = 0; i < 200; i++) {
        Predicate predicate = BlockTestSupport.randomPredicate(random, ALL_TYPES, rows, 3);
        List<Object[]> read;
        long decoded;
        try (BlockReader reader = BlockReader.open(file, ALL_TYPES, null, predicate)) {
          read = BlockTestSupport.readAll(reader);
          decoded = reader.stats().rowsDecoded();
        }
        Map<Long, Object[]> byId = new HashMap<>();
        for (Object[] row : read) {
          Object[] original = rows.get((int) (long) (Long) row[1]);
          assertArrayEquals(original, row, "a returned row differs from the row written");
          byId.put((Long) row[1], row);
        }
        for (Object[] match : BlockTestSupport.filter(rows, ALL_TYPES, predicate)) {
          assertTrue(
              byId.containsKey((Long) match[1]), "row " + match[1] + " lost by " + predicate);
        }
        if (decoded < rows.size()) {
          pruned++;
        }
      }
      assertTrue(pruned > 20, "only " + pruned + " of 200 predicates pruned anything");
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void negationIsPushedToTheLeavesWithoutParquetNot() {
    Predicate predicate =
        Predicate.not(Predicate.and(Predicate.lt("ts", 5L), Predicate.isNull("s")));
    assertEquals("or(gteq(ts, 5), noteq(s, null))", filterText(predicate));
    assertEquals(Set.of("ts", "s"), ParquetFilters.convert(predicate, ALL_TYPES).columns());
  }

  @Test
  void notEqualsAlsoRequiresNotNull() {
    assertEquals("and(noteq(i, 5), noteq(i, null))", filterText(Predicate.ne("i", 5)));
    assertEquals(
        "and(noteq(i, 5), noteq(i, null))", filterText(Predicate.not(Predicate.eq("i", 5))));
  }

  @Test
  void negatedInAndBetweenKeepNullsOut() {
    assertEquals(
        "and(notin(big, 7), noteq(big, null))", filterText(Predicate.not(Predicate.in("big", 7L))));
    assertEquals(
        "or(lt(day, 1), gt(day, 9))", filterText(Predicate.not(Predicate.between("day", 1, 9))));
  }

  @Test
  void unconvertibleConjunctIsDroppedAndUnconvertibleDisjunctDropsTheOr() {
    Predicate nan = Predicate.lt("d", Double.NaN);
    assertEquals("lt(i, 3)", filterText(Predicate.and(Predicate.lt("i", 3), nan)));
    assertNull(filterText(Predicate.or(Predicate.lt("i", 3), nan)));
    // NOT (a OR b) is NOT a AND NOT b: the unconvertible branch is dropped from the AND.
    assertEquals("gteq(i, 3)", filterText(Predicate.not(Predicate.or(Predicate.lt("i", 3), nan))));
  }

  @Test
  void stringRangesAreConvertedOnlyWhereUtf16AndUtf8OrdersAgree() {
    assertEquals("lt(s, Binary{\"abc\"})", filterText(Predicate.lt("s", "abc")));
    assertNull(filterText(Predicate.lt("s", "\uFFFF")));
    assertNull(filterText(Predicate.gt("s", "😀")));
    assertEquals("eq(s, Binary{\"😀\"})", filterText(Predicate.eq("s", "😀")));
  }

  @Test
  void literalsOutsideTheColumnRepresentationAreNotPushed() {
    assertNull(filterText(Predicate.eq("i", 5L))); // INTEGER wants Integer
    assertNull(filterText(Predicate.in("ts", 1, 2)));
  }

  @Test
  void booleanOrderIsRewrittenAsEquality() {
    assertEquals("eq(b, false)", filterText(Predicate.lt("b", true)));
    assertEquals("eq(b, true)", filterText(Predicate.gt("b", false)));
    assertNull(filterText(Predicate.gt("b", true)));
  }

  @Test
  void unknownColumnIsRejected() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParquetFilters.convert(Predicate.eq("nope", 1L), ALL_TYPES));
    assertTrue(error.getMessage().contains("'nope'"), error.getMessage());
  }

  private static String filterText(Predicate predicate) {
    var filter = ParquetFilters.convert(predicate, ALL_TYPES).filter();
    return filter == null ? null : filter.toString();
  }
}
