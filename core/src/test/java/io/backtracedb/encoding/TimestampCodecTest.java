package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimestampCodecTest {
  private static final long T0 = 1_700_000_000_000L;

  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of("single sample", new long[] {T0}),
        Arguments.of("single negative sample", new long[] {-5}),
        Arguments.of("two samples", new long[] {T0, T0 + 10_000}),
        Arguments.of("regular 10 s", new long[] {T0, T0 + 10_000, T0 + 20_000, T0 + 30_000}),
        Arguments.of(
            "millisecond jitter",
            new long[] {T0, T0 + 10_003, T0 + 19_998, T0 + 30_000, T0 + 40_001, T0 + 50_001}),
        Arguments.of(
            "irregular", new long[] {T0, T0 + 1, T0 + 900_000, T0 + 900_002, T0 + 5_000_000}),
        Arguments.of("equal timestamps", new long[] {T0, T0, T0, T0}),
        Arguments.of("negative deltas", new long[] {T0, T0 - 1, T0 - 100_000, T0 - 100_001, 0}),
        Arguments.of("around zero", new long[] {-3, -2, -1, 0, 1, 2}),
        Arguments.of(
            "bucket edges",
            new long[] {
              0, 0, -64, -64 + 63, 63 + 64 + 64, 500, 1000, 4000, 9000, 9000 + 2_147_483_647L
            }),
        Arguments.of(
            "Long.MIN_VALUE neighbourhood",
            new long[] {
              Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + 3, Long.MIN_VALUE + 1000
            }),
        Arguments.of(
            "Long.MAX_VALUE neighbourhood",
            new long[] {
              Long.MAX_VALUE - 1000, Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE
            }),
        Arguments.of(
            "huge deltas that overflow a long",
            new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MAX_VALUE, -1}),
        Arguments.of(
            "deltas just past 32 bits",
            new long[] {0, 1L << 31, 1L << 33, -(1L << 40), 1L << 40, (1L << 40) + 1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void timestampsRoundTrip(String name, long[] timestamps) {
    byte[] bytes = Streams.timestamps(timestamps);
    assertArrayEquals(timestamps, Streams.decodeTimestamps(bytes, timestamps.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void timestampsAfterAKnownFirstRoundTrip(String name, long[] timestamps) {
    BitWriter out = new BitWriter();
    TimestampAppender appender = TimestampAppender.afterFirst(out, timestamps[0]);
    for (int i = 1; i < timestamps.length; i++) {
      appender.append(timestamps[i]);
    }
    assertEquals(timestamps.length - 1, appender.count());
    byte[] bytes = out.toByteArray();
    TimestampIterator it =
        TimestampIterator.afterFirst(
            BitReader.ofBytes(bytes, 0, bytes.length), timestamps.length, timestamps[0]);
    for (long expected : timestamps) {
      assertTrue(it.next());
      assertEquals(expected, it.timestamp());
    }
    assertFalse(it.next());
  }

  @Test
  void aRegularIntervalCostsOneBitPerTimestampAfterTheSecond() {
    long[] times = new long[121];
    for (int i = 0; i < times.length; i++) {
      times[i] = T0 + i * 10_000L;
    }
    BitWriter out = new BitWriter();
    TimestampAppender appender = new TimestampAppender(out);
    for (long t : times) {
      appender.append(t);
    }
    // 64 raw bits, then the first delta 10,000 in the 32-bit bucket (5 + 32 bits), then 119 zeros.
    assertEquals(64 + 37 + 119, out.bitCount());
  }

  @Test
  void seekFindsTheFirstTimestampAtOrAfterTheTargetAndNeverMovesBack() {
    long[] times = {10, 20, 30, 40};
    TimestampIterator it = Streams.timestampIterator(Streams.timestamps(times), times.length);
    assertTrue(it.seek(15));
    assertEquals(20, it.timestamp());
    assertTrue(it.seek(5));
    assertEquals(20, it.timestamp(), "seek to an earlier time stays");
    assertTrue(it.seek(40));
    assertEquals(40, it.timestamp());
    assertFalse(it.seek(41));
    assertFalse(it.next(), "an exhausted iterator stays exhausted");
    assertFalse(it.seek(0));
  }

  @Test
  void anEmptyStreamHasNoTimestamps() {
    TimestampIterator it = new TimestampIterator(BitReader.ofBytes(new byte[0], 0, 0), 0);
    assertFalse(it.seek(Long.MIN_VALUE));
    assertFalse(it.next());
  }
}
