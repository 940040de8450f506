package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encodes arrays with the appenders and decodes them back, for the encoding tests. */
final class Streams {
  private Streams() {}

  static byte[] timestamps(long[] timestamps) {
    BitWriter out = new BitWriter();
    TimestampAppender appender = new TimestampAppender(out);
    for (long t : timestamps) {
      appender.append(t);
    }
    return out.toByteArray();
  }

  static TimestampIterator timestampIterator(byte[] bytes, int count) {
    return new TimestampIterator(BitReader.ofBytes(bytes, 0, bytes.length), count);
  }

  static long[] decodeTimestamps(byte[] bytes, int count) {
    TimestampIterator it = timestampIterator(bytes, count);
    long[] decoded = new long[count];
    for (int i = 0; i < count; i++) {
      assertTrue(it.next(), "timestamp " + i + " of " + count);
      decoded[i] = it.timestamp();
    }
    assertFalse(it.next(), "an iterator of " + count + " timestamps has no more");
    return decoded;
  }

  /** Encodes the present values only, as chunks do. */
  static byte[] doubles(double[] values, long[] presentBits) {
    BitWriter out = new BitWriter();
    XorAppender appender = new XorAppender(out);
    for (int i = 0; i < values.length; i++) {
      if (ValueIterator.isPresent(presentBits, i)) {
        appender.append(values[i]);
      }
    }
    return out.toByteArray();
  }

  static byte[] longs(long[] values, long[] presentBits, IntegerEncoding encoding) {
    BitWriter out = new BitWriter();
    IntegerAppender appender = new IntegerAppender(out, encoding);
    for (int i = 0; i < values.length; i++) {
      if (ValueIterator.isPresent(presentBits, i)) {
        appender.append(values[i]);
      }
    }
    return out.toByteArray();
  }

  static XorIterator xorIterator(long[] timestamps, long[] presentBits, double[] values) {
    byte[] times = timestamps(timestamps);
    byte[] bits = doubles(values, presentBits);
    return new XorIterator(
        timestampIterator(times, timestamps.length),
        presentBits,
        BitReader.ofBytes(bits, 0, bits.length));
  }

  static IntegerIterator integerIterator(
      long[] timestamps, long[] presentBits, long[] values, IntegerEncoding encoding) {
    byte[] times = timestamps(timestamps);
    byte[] bits = longs(values, presentBits, encoding);
    return new IntegerIterator(
        timestampIterator(times, timestamps.length),
        presentBits,
        BitReader.ofBytes(bits, 0, bits.length),
        encoding);
  }

  /** Decodes the doubles of every sample (all present) and checks the timestamps on the way. */
  static double[] decodeDoubles(long[] timestamps, double[] values) {
    XorIterator it = xorIterator(timestamps, null, values);
    double[] decoded = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      assertTrue(it.next());
      assertEquals(timestamps[i], it.timestamp());
      assertTrue(it.present());
      decoded[i] = it.value();
    }
    assertFalse(it.next());
    return decoded;
  }

  static long[] decodeLongs(long[] timestamps, long[] values, IntegerEncoding encoding) {
    IntegerIterator it = integerIterator(timestamps, null, values, encoding);
    long[] decoded = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      assertTrue(it.next());
      assertEquals(timestamps[i], it.timestamp());
      decoded[i] = it.longValue();
    }
    assertFalse(it.next());
    return decoded;
  }

  /** Timestamps 0, 1000, 2000, ... for value tests that do not care about time. */
  static long[] regularTimes(int count) {
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = i * 1000L;
    }
    return times;
  }
}
