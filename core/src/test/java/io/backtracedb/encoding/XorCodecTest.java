package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorCodecTest {
  private static final double QUIET_NAN_WITH_PAYLOAD =
      Double.longBitsToDouble(0x7FF8_0000_0000_0001L);
  private static final double SIGNALLING_NAN = Double.longBitsToDouble(0x7FF0_0000_0000_0001L);
  private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);
  private static final double ALL_ONES_NAN = Double.longBitsToDouble(0xFFFF_FFFF_FFFF_FFFFL);

  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of("single value", new double[] {42.5}),
        Arguments.of("equal values", new double[] {3.25, 3.25, 3.25, 3.25}),
        Arguments.of(
            "NaN payloads",
            new double[] {
              Double.NaN,
              QUIET_NAN_WITH_PAYLOAD,
              SIGNALLING_NAN,
              NEGATIVE_NAN,
              ALL_ONES_NAN,
              Double.NaN
            }),
        Arguments.of(
            "infinities",
            new double[] {
              Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, Double.POSITIVE_INFINITY
            }),
        Arguments.of("signed zeros", new double[] {0.0, -0.0, 0.0, -0.0, -0.0}),
        Arguments.of(
            "extremes",
            new double[] {
              Double.MAX_VALUE,
              -Double.MAX_VALUE,
              Double.MIN_VALUE,
              -Double.MIN_VALUE,
              Double.MIN_NORMAL
            }),
        Arguments.of(
            "window reuse then growth",
            new double[] {1.0, 1.5, 1.75, 1.5, 1e300, 1e-300, 1.0000000000000002}),
        Arguments.of(
            "every bit differs",
            new double[] {
              Double.longBitsToDouble(0x5555_5555_5555_5555L),
              Double.longBitsToDouble(0xAAAA_AAAA_AAAA_AAAAL),
              Double.longBitsToDouble(0x5555_5555_5555_5555L)
            }),
        Arguments.of("two decimals", new double[] {12.34, 12.35, 12.29, 13.01, 12.99, 12.34}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void valuesRoundTripBitForBit(String name, double[] values) {
    double[] decoded = Streams.decodeDoubles(Streams.regularTimes(values.length), values);
    for (int i = 0; i < values.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(values[i]),
          Double.doubleToRawLongBits(decoded[i]),
          "value " + i + " of " + name);
    }
  }

  @Test
  void anUnchangedValueCostsOneBit() {
    BitWriter out = new BitWriter();
    XorAppender appender = new XorAppender(out);
    for (int i = 0; i < 100; i++) {
      appender.append(99.5);
    }
    assertEquals(64 + 99, out.bitCount());
  }

  @Test
  void absentSamplesAreSkippedInTheStreamAndReportedAsNaN() {
    long[] times = {1, 2, 3, 4};
    long[] present = {0b1010}; // samples 1 and 3 have values
    XorIterator it = Streams.xorIterator(times, present, new double[] {0, 7.5, 0, -0.0});
    assertTrue(it.next());
    assertFalse(it.present());
    assertTrue(Double.isNaN(it.value()));
    assertEquals(0L, it.longValue());
    assertTrue(it.next());
    assertTrue(it.present());
    assertEquals(7.5, it.value());
    assertEquals(7L, it.longValue());
    assertTrue(it.seek(4));
    assertEquals(4, it.timestamp());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(it.value()));
    assertFalse(it.next());
  }
}
