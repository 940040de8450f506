package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.backtracedb.testing.SeedExtension;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sorting a range of row numbers by time keeps equal times in row order and nothing else moves. */
@ExtendWith(SeedExtension.class)
class TimeSortTest {
  @Test
  void sortRangeIsStableAndLeavesTheRestOfTheArrayAlone(Random random) {
    for (int round = 0; round < 50; round++) {
      int size = random.nextInt(2000);
      long[] times = new long[size];
      for (int i = 0; i < size; i++) {
        times[i] = random.nextInt(round % 2 == 0 ? 10 : 1_000_000);
      }
      int[] rows = new int[size];
      for (int i = 0; i < size; i++) {
        rows[i] = size - 1 - i;
      }
      int from = size == 0 ? 0 : random.nextInt(size);
      int to = from + random.nextInt(size - from + 1);
      Integer[] boxed = new Integer[to - from];
      for (int i = from; i < to; i++) {
        boxed[i - from] = rows[i];
      }
      // Arrays.sort on objects is stable: the reference order.
      Arrays.sort(boxed, Comparator.comparingLong(row -> times[row]));
      int[] expected = rows.clone();
      for (int i = from; i < to; i++) {
        expected[i] = boxed[i - from];
      }
      TimeSort.sortRange(rows, from, to, times);
      assertArrayEquals(expected, rows, "round " + round);
    }
  }
}
