package io.backtracedb.column;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backtracedb.ColumnType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Range statistics equal what adding the same rows one by one gives. */
class StatsAccumulatorTest {
  private static final long SEED = Long.getLong("backtrace.seed", 20_240_101L);

  /** Statistics of rows [from, to) added as a range and row by row. */
  private static void assertRangeEqualsRows(ColumnVector vector, int from, int to, String what) {
    StatsAccumulator range = new StatsAccumulator(vector.type());
    StatsAccumulator rows = new StatsAccumulator(vector.type());
    range.addRange(vector, from, to);
    for (int row = from; row < to; row++) {
      rows.add(vector, row);
    }
    assertEquals(rows.stats(), range.stats(), what + " (seed " + SEED + ")");
  }

  @Test
  void stringRangesCountEachDistinctValueOnceWithNullsAndManyValues() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int distinct : new int[] {1, 7, 1000, 50_000}) {
      StringVector vector = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 16);
      for (int row = 0; row < 10_000; row++) {
        if (random.nextInt(10) == 0) {
          vector.appendNull();
        } else {
          vector.append("v" + random.nextInt(distinct));
        }
      }
      assertRangeEqualsRows(vector, 0, 10_000, distinct + " distinct values");
      assertRangeEqualsRows(vector, 1234, 1300, distinct + " distinct values, a short range");
    }
  }

  @Test
  void doubleRangesKeepNaNSignedZerosAndNullCounts() {
    double[][] cases = {
      {1.5, -2.5, 0.0},
      {-0.0, 0.0},
      {0.0, -0.0},
      {Double.NaN, 3.0, Double.NEGATIVE_INFINITY},
      {Double.NaN, Double.NaN},
      {Double.POSITIVE_INFINITY, -0.0},
    };
    for (double[] values : cases) {
      DoubleVector vector = (DoubleVector) ColumnVector.create(ColumnType.DOUBLE, 4);
      vector.appendNull();
      for (double value : values) {
        vector.append(value);
      }
      assertRangeEqualsRows(vector, 0, values.length + 1, java.util.Arrays.toString(values));
      assertRangeEqualsRows(vector, 1, values.length + 1, java.util.Arrays.toString(values));
    }
    StatsAccumulator split = new StatsAccumulator(ColumnType.DOUBLE);
    DoubleVector vector = (DoubleVector) ColumnVector.create(ColumnType.DOUBLE, 4);
    vector.append(2.0);
    vector.appendNull();
    vector.append(-1.0);
    split.addRange(vector, 0, 2);
    split.addRange(vector, 2, 3);
    assertEquals(new ColumnStats(-1.0, 2.0, 1), split.stats(), "ranges accumulate");
  }
}
