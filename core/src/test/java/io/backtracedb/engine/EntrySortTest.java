package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.backtracedb.testing.SeedExtension;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The primitive entry sort gives the comparator sort's order for every numeric key type. */
@ExtendWith(SeedExtension.class)
class EntrySortTest {
  @Test
  void primitiveSortMatchesTheComparatorOrderWithNullsAndDuplicates(Random random) {
    for (int round = 0; round < 40; round++) {
      int size = random.nextInt(3000);
      Object[] keys = new Object[size];
      int kind = round % 4;
      double[] specials = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -1.5};
      for (int i = 0; i < size; i++) {
        if (random.nextInt(10) == 0) {
          continue;
        }
        keys[i] =
            switch (kind) {
              case 0 -> random.nextInt(4) == 0 ? random.nextLong() : (long) random.nextInt(50) - 25;
              case 1 -> random.nextInt(100) - 50;
              case 2 ->
                  random.nextInt(3) == 0
                      ? specials[random.nextInt(specials.length)]
                      : random.nextGaussian();
              default -> random.nextBoolean();
            };
      }
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> IndexKeys.KEY_ORDER.compare(keys[a], keys[b]));
      int[] expected = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, EntrySort.order(keys, size), "kind " + kind + ", size " + size);
    }
  }
}
