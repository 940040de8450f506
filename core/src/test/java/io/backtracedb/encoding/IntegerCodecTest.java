package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IntegerCodecTest {

  static Stream<Arguments> sequences() {
    long[][] sequences = {
      {7},
      {0, 0, 0, 0},
      {100, 117, 130, 152, 160, 3, 20, 41},
      {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + 5, Long.MIN_VALUE},
      {Long.MAX_VALUE - 3, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE},
      {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1},
      {-8, 7, -128, 127, -32768, 32767, Integer.MIN_VALUE, Integer.MAX_VALUE},
      {5, 4, 3, 2, 1, 0, -1, -2},
      {1L << 40, 1L << 41, 1L << 42, 3L << 42},
    };
    String[] names = {
      "single value",
      "zeros",
      "counter with a reset",
      "Long.MIN_VALUE neighbourhood",
      "Long.MAX_VALUE neighbourhood",
      "huge deltas that overflow a long",
      "bucket edges",
      "descending",
      "large steps",
    };
    List<Arguments> cases = new ArrayList<>();
    for (IntegerEncoding encoding : IntegerEncoding.values()) {
      for (int i = 0; i < sequences.length; i++) {
        cases.add(Arguments.of(names[i] + " as " + encoding, sequences[i], encoding));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void valuesRoundTrip(String name, long[] values, IntegerEncoding encoding) {
    long[] decoded = Streams.decodeLongs(Streams.regularTimes(values.length), values, encoding);
    assertArrayEquals(values, decoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void theSizeEstimateIsTheWrittenSize(String name, long[] values, IntegerEncoding encoding) {
    BitWriter out = new BitWriter();
    IntegerAppender appender = new IntegerAppender(out, encoding);
    for (long v : values) {
      appender.append(v);
    }
    assertEquals(out.bitCount(), IntegerAppender.bitsFor(values, values.length, encoding));
  }

  @Test
  void aSteadyCounterCostsOneBitPerValueAsDeltaOfDelta() {
    long[] values = new long[100];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 + 25L * i;
    }
    // 1000 and the first delta 25 take the 16- and 8-bit buckets, then 98 zero bits.
    assertEquals(
        (4 + 16) + (3 + 8) + 98,
        IntegerAppender.bitsFor(values, values.length, IntegerEncoding.DELTA_OF_DELTA));
  }

  @Test
  void theValueAccessorOfABigintConvertsToDouble() {
    IntegerIterator it =
        Streams.integerIterator(new long[] {1}, null, new long[] {-3}, IntegerEncoding.DELTA);
    it.next();
    assertEquals(-3.0, it.value());
    assertEquals(-3L, it.longValue());
  }
}
