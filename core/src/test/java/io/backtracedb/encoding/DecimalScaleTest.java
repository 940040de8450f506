package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.testing.SeedExtension;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(SeedExtension.class)
class DecimalScaleTest {

  static Stream<Arguments> scales() {
    return Stream.of(
        Arguments.of("integers", new double[] {1, 2, -7, 1e15}, 0),
        Arguments.of("halves", new double[] {37.5, 38.0, 37.5}, 1),
        Arguments.of("two decimals", new double[] {12.34, 12.35, -0.01, 0.29}, 2),
        Arguments.of("a sum that is not a short decimal", new double[] {0.1 + 0.2}, -1),
        Arguments.of("negative zero", new double[] {1.5, -0.0}, -1),
        Arguments.of("NaN", new double[] {1.5, Double.NaN}, -1),
        Arguments.of("infinity", new double[] {Double.POSITIVE_INFINITY}, -1),
        Arguments.of("beyond 2^53 after scaling", new double[] {1e16}, -1),
        Arguments.of("the smallest double", new double[] {Double.MIN_VALUE}, -1),
        Arguments.of("fifteen decimals", new double[] {0.123456789012345}, 15));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scales")
  void theScaleIsTheFewestDecimalsThatRoundTripExactly(String name, double[] values, int scale) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    assertEquals(scale, DecimalScale.scaleOf(bits, bits.length));
    if (scale >= 0) {
      for (double value : values) {
        assertEquals(
            Double.doubleToRawLongBits(value),
            Double.doubleToRawLongBits(
                DecimalScale.unscale(DecimalScale.scale(value, scale), scale)));
      }
    }
  }

  @Test
  void anEmptyStreamNeedsNoDecimals() {
    assertEquals(0, DecimalScale.scaleOf(new long[0], 0));
  }

  @RepeatedTest(20)
  void decimalStreamsRoundTripBitForBit(Random random) {
    int n = 1 + random.nextInt(200);
    int decimals = random.nextInt(5);
    double[] values = new double[n];
    long[] bits = new long[n];
    double power = Math.pow(10, decimals);
    long m = random.nextInt(1_000_000) - 500_000;
    for (int i = 0; i < n; i++) {
      m += random.nextInt(21) - 10;
      values[i] = m / power;
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    int scale = DecimalScale.scaleOf(bits, n);
    assertTrue(
        scale >= 0 && scale <= decimals, "scale " + scale + " for " + decimals + " decimals");
    long[] times = Streams.regularTimes(n);
    for (IntegerEncoding encoding : IntegerEncoding.values()) {
      BitWriter out = new BitWriter();
      out.writeBits(scale, DecimalScale.SCALE_BITS);
      IntegerAppender appender = new IntegerAppender(out, encoding);
      for (double value : values) {
        appender.append(DecimalScale.scale(value, scale));
      }
      byte[] stream = out.toByteArray();
      byte[] timeBytes = Streams.timestamps(times);
      DecimalIterator it =
          new DecimalIterator(
              Streams.timestampIterator(timeBytes, n),
              null,
              BitReader.ofBytes(stream, 0, stream.length),
              encoding);
      for (int i = 0; i < n; i++) {
        assertTrue(it.next());
        assertEquals(bits[i], Double.doubleToRawLongBits(it.value()), "value " + i);
        assertEquals((long) values[i], it.longValue());
      }
      assertFalse(it.next());
    }
  }
}
