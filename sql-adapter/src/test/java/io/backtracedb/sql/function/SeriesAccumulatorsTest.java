package io.backtracedb.sql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The accumulators behind the series aggregates, called directly. */
class SeriesAccumulatorsTest {
  private static long seed() {
    Long fixed = Long.getLong("backtrace.seed");
    return fixed != null ? fixed : new Random().nextLong();
  }

  @Test
  void shuffledSamplesGiveTheSameIncreaseAndRateAsSortedOnes() {
    long seed = seed();
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int size = 1 + random.nextInt(2000);
      List<long[]> samples = new ArrayList<>();
      long time = random.nextLong() >> 8;
      for (int i = 0; i < size; i++) {
        time += random.nextInt(3) == 0 ? 0 : random.nextInt(1000);
        // Values from a small domain, so equal times often hold several values.
        samples.add(new long[] {time, random.nextInt(50)});
      }
      SampleBuffer inOrder = new SampleBuffer(1000);
      samples.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
      for (long[] sample : samples) {
        inOrder.add(sample[1], sample[0]);
      }
      Collections.shuffle(samples, random);
      SampleBuffer shuffled = new SampleBuffer(1000);
      for (long[] sample : samples) {
        shuffled.add(sample[1], sample[0]);
      }
      String where = "seed " + seed + " round " + round;
      assertEquals(inOrder.increase(), shuffled.increase(), where);
      assertEquals(inOrder.rate(), shuffled.rate(), where);
      assertEquals(size, shuffled.size(), where);
    }
  }

  @Test
  void timeDifferencesAtTheEndsOfTheLongRangeDoNotOverflow() {
    assertEquals(0x1p64, SeriesTimeUnit.difference(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(-0x1p64, SeriesTimeUnit.difference(Long.MAX_VALUE, Long.MIN_VALUE));
    assertEquals(-2.0, SeriesTimeUnit.difference(5, 3));
    SampleBuffer buffer = new SampleBuffer(1);
    buffer.add(1, Long.MIN_VALUE);
    buffer.add(3, Long.MAX_VALUE);
    assertEquals(2 / 0x1p64, buffer.rate());
  }

  @Test
  void aUnitThatChangesWithinAGroupIsRefused() {
    SampleBuffer buffer = new SampleBuffer(0);
    buffer.add(1, 1, 1000);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> buffer.add(2, 2, 1));
    assertEquals(
        "cannot compute rate: units_per_second changes within a group, from 1000 to 1",
        error.getMessage());
    SlopeAccumulator slope = new SlopeAccumulator(0);
    error = assertThrows(IllegalArgumentException.class, () -> slope.add(1, 1, -5));
    assertEquals(
        "cannot compute deriv: units_per_second must be positive, got -5", error.getMessage());
  }

  @Test
  void slopeOfPointsOnALineIsTheLineSlopeInAnyOrder() {
    long seed = seed();
    Random random = new Random(seed);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      times.add(1_704_067_200_000_000L + random.nextInt(3_600_000) * 1000L);
    }
    Collections.shuffle(times, random);
    SlopeAccumulator slope = new SlopeAccumulator(1_000_000);
    for (long time : times) {
      // 0.25 per second on top of a large offset.
      slope.add(1e9 + 0.25 * (time - 1_704_067_200_000_000L) / 1e6, time);
    }
    assertEquals(0.25, slope.slope(), 1e-9, "seed " + seed);
  }

  @Test
  void slopeNeedsTwoDistinctTimes() {
    SlopeAccumulator slope = new SlopeAccumulator(1000);
    slope.add(1, 5);
    assertNull(slope.slope());
    slope.add(7, 5);
    assertNull(slope.slope());
    slope.add(9, 1005);
    // (5, 1), (5, 7), (1005, 9): mean time 338.33 ms, mean value 17/3; slope 5 per second.
    assertEquals(5.0, slope.slope(), 1e-12);
  }

  @Test
  void bigintFirstAndLastStayExactAboveTwoToThe53() {
    FirstLastLong edges = new FirstLastLong();
    long big = (1L << 60) + 1;
    edges.add(big + 2, 30);
    edges.add(big, 10);
    edges.add(big + 1, 20);
    edges.add(big - 7, 10);
    assertEquals(big - 7, edges.first());
    assertEquals(big + 2, edges.last());
  }

  @Test
  void equalTimesOrderByValueWhateverTheArrivalOrder() {
    FirstLastDouble ascending = new FirstLastDouble();
    FirstLastDouble descending = new FirstLastDouble();
    for (int i = 0; i < 3; i++) {
      ascending.add(i, 100);
      descending.add(2 - i, 100);
    }
    assertEquals(0.0, ascending.first());
    assertEquals(0.0, descending.first());
    assertEquals(2.0, ascending.last());
    assertEquals(2.0, descending.last());
    assertEquals(2.0, descending.delta());
  }
}
