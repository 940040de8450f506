package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.testing.SeedExtension;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random series checked against plain arrays: every sample by next(), and seek() to random times.
 */
@ExtendWith(SeedExtension.class)
class SampleIteratorPropertyTest {
  private static final double[] SPECIAL = {
    Double.NaN,
    Double.longBitsToDouble(0x7FF0_0000_0000_0042L),
    Double.longBitsToDouble(0xFFF8_0000_0000_1234L),
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    0.0,
    -0.0,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
  };

  @RepeatedTest(25)
  void doubleSeriesMatchTheArrays(Random random) {
    int n = 1 + random.nextInt(300);
    long[] times = randomTimes(random, n);
    double[] values = randomDoubles(random, n);
    long[] present = randomPresence(random, n);
    checkNext(times, values, present, Streams.xorIterator(times, present, values), true);
    checkSeek(random, times, values, present, () -> Streams.xorIterator(times, present, values));
  }

  @RepeatedTest(25)
  void bigintSeriesMatchTheArrays(Random random) {
    int n = 1 + random.nextInt(300);
    long[] times = randomTimes(random, n);
    long[] longs = randomLongs(random, n);
    double[] asDoubles = new double[n];
    for (int i = 0; i < n; i++) {
      asDoubles[i] = Double.longBitsToDouble(longs[i]);
    }
    long[] present = randomPresence(random, n);
    IntegerEncoding encoding = IntegerEncoding.values()[random.nextInt(2)];
    checkNext(
        times, asDoubles, present, Streams.integerIterator(times, present, longs, encoding), false);
    checkSeek(
        random,
        times,
        asDoubles,
        present,
        () -> new LongsAsBits(Streams.integerIterator(times, present, longs, encoding)));
  }

  private static void checkNext(
      long[] times, double[] values, long[] present, SampleIterator it, boolean doubles) {
    for (int i = 0; i < times.length; i++) {
      assertTrue(it.next(), "sample " + i);
      assertSample(times, values, present, i, doubles ? it : new LongsAsBits(it));
    }
    assertFalse(it.next());
    assertFalse(it.next());
  }

  private static void checkSeek(
      Random random,
      long[] times,
      double[] values,
      long[] present,
      java.util.function.Supplier<SampleIterator> fresh) {
    for (int round = 0; round < 10; round++) {
      SampleIterator it = fresh.get();
      int position = -1; // the oracle's current sample
      for (int step = 0; step < 8; step++) {
        long target = times[random.nextInt(times.length)] + random.nextInt(5) - 2;
        if (random.nextInt(10) == 0) {
          target = random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        int expected =
            position >= 0 && times[position] >= target
                ? position
                : firstAtOrAfter(times, Math.max(position + 1, 0), target);
        boolean found = it.seek(target);
        if (expected < 0) {
          assertFalse(found, "seek(" + target + ") past the end");
          assertFalse(it.next());
          break;
        }
        assertTrue(found, "seek(" + target + ")");
        assertSample(times, values, present, expected, it);
        position = expected;
        if (random.nextBoolean()) {
          boolean more = it.next();
          assertEquals(position + 1 < times.length, more);
          if (!more) {
            break;
          }
          position++;
          assertSample(times, values, present, position, it);
        }
      }
    }
  }

  private static int firstAtOrAfter(long[] times, int from, long target) {
    for (int i = from; i < times.length; i++) {
      if (times[i] >= target) {
        return i;
      }
    }
    return -1;
  }

  private static void assertSample(
      long[] times, double[] values, long[] present, int i, SampleIterator it) {
    assertEquals(times[i], it.timestamp(), "timestamp of sample " + i);
    boolean expectedPresent = ValueIterator.isPresent(present, i);
    assertEquals(expectedPresent, it.present(), "presence of sample " + i);
    if (expectedPresent) {
      assertEquals(
          Double.doubleToRawLongBits(values[i]),
          Double.doubleToRawLongBits(it.value()),
          "value of sample " + i);
    } else {
      assertTrue(Double.isNaN(it.value()));
    }
  }

  static long[] randomTimes(Random random, int n) {
    long[] times = new long[n];
    long t =
        random.nextInt(4) == 0 ? Long.MIN_VALUE + random.nextInt(1000) : random.nextLong() >> 2;
    for (int i = 0; i < n; i++) {
      times[i] = t;
      long gap;
      switch (random.nextInt(5)) {
        case 0:
          gap = 10_000;
          break;
        case 1:
          gap = 10_000 + random.nextInt(21) - 10;
          break;
        case 2:
          gap = 1 + random.nextInt(3);
          break;
        case 3:
          gap = 1 + (random.nextLong() >>> 30);
          break;
        default:
          gap = 1 + random.nextInt(1_000_000);
          break;
      }
      if (t > Long.MAX_VALUE - gap) {
        // Keep ascending: a sequence near the top uses the remaining room in unit steps.
        gap = 1;
      }
      t += gap;
    }
    if (times[n - 1] < times[Math.max(0, n - 2)]) {
      throw new AssertionError("generator produced descending times");
    }
    return times;
  }

  static double[] randomDoubles(Random random, int n) {
    double[] values = new double[n];
    double walk = random.nextGaussian() * 100;
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0:
          values[i] = SPECIAL[random.nextInt(SPECIAL.length)];
          break;
        case 1:
          values[i] = i > 0 ? values[i - 1] : walk;
          break;
        case 2:
          values[i] = Double.longBitsToDouble(random.nextLong());
          break;
        default:
          walk += Math.round(random.nextGaussian() * 100) / 100.0;
          values[i] = walk;
          break;
      }
    }
    return values;
  }

  static long[] randomLongs(Random random, int n) {
    long[] values = new long[n];
    long counter = random.nextInt(1000);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0:
          values[i] =
              random.nextBoolean()
                  ? Long.MIN_VALUE + random.nextInt(3)
                  : Long.MAX_VALUE - random.nextInt(3);
          break;
        case 1:
          values[i] = random.nextLong();
          break;
        case 2:
          counter = 0;
          values[i] = counter;
          break;
        default:
          counter += random.nextInt(50);
          values[i] = counter;
          break;
      }
    }
    return values;
  }

  static long[] randomPresence(Random random, int n) {
    if (random.nextBoolean()) {
      return null;
    }
    long[] bits = new long[(n + 63) / 64];
    int absentPercent = random.nextInt(100);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(100) >= absentPercent) {
        bits[i >>> 6] |= 1L << (i & 63);
      }
    }
    return bits;
  }

  /** Shows a BIGINT iterator's longs as raw double bits, so one oracle checks both kinds. */
  private static final class LongsAsBits implements SampleIterator {
    private final SampleIterator delegate;

    LongsAsBits(SampleIterator delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean next() {
      return delegate.next();
    }

    @Override
    public boolean seek(long timestamp) {
      return delegate.seek(timestamp);
    }

    @Override
    public long timestamp() {
      return delegate.timestamp();
    }

    @Override
    public double value() {
      return delegate.present() ? Double.longBitsToDouble(delegate.longValue()) : Double.NaN;
    }

    @Override
    public long longValue() {
      return delegate.longValue();
    }

    @Override
    public boolean present() {
      return delegate.present();
    }
  }
}
