package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.encoding.SampleIterator;
import io.backtracedb.encoding.TimestampIterator;
import io.backtracedb.testing.SeedExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeedExtension.class)
class ChunkTest {
  private static final Path NOWHERE = Path.of("memory");
  private static final long T0 = 1_700_000_000_000L;

  @RepeatedTest(10)
  void chunksRoundTripEverySampleFieldAndAbsence(Random random) {
    SeriesSamples samples =
        SeriesSamples.random(
            random,
            random.nextInt(1000),
            1 + random.nextInt(4),
            1 + random.nextInt(700),
            T0,
            10_000);
    ChunkLimits limits = new ChunkLimits(1 + random.nextInt(200), 1 + random.nextInt(3_000_000));
    List<SealedChunk> chunks = samples.writeChunks(limits);
    int from = 0;
    for (SealedChunk sealed : chunks) {
      DecodedChunk decoded = parse(sealed).decode();
      assertEquals(sealed.header(), decoded.header());
      assertTrue(sealed.header().sampleCount() <= limits.maxSamples());
      assertTrue(sealed.header().maxTime() - sealed.header().minTime() < limits.maxSpanMillis());
      samples.assertChunkHolds(decoded, from);
      from += sealed.header().sampleCount();
    }
    assertEquals(samples.times.length, from);
  }

  @RepeatedTest(10)
  void fieldIteratorsSeekLikeTheArrays(Random random) {
    SeriesSamples samples = SeriesSamples.random(random, 1, 4, 1 + random.nextInt(120), T0, 10_000);
    ChunkReader chunk = parse(samples.writeChunks(ChunkLimits.DEFAULT).get(0));
    long[] times = samples.times;
    for (int round = 0; round < 20; round++) {
      int field = random.nextInt(samples.fields.length);
      SampleIterator it = chunk.field(field);
      int position = -1;
      for (int step = 0; step < 5; step++) {
        long target = times[random.nextInt(times.length)] + random.nextInt(3) - 1;
        int expected = position >= 0 && times[position] >= target ? position : position + 1;
        while (expected < times.length && times[expected] < target) {
          expected++;
        }
        if (expected == times.length) {
          assertFalse(it.seek(target), "seek(" + target + ") past the end");
          break;
        }
        assertTrue(it.seek(target), "seek(" + target + ")");
        assertEquals(times[expected], it.timestamp());
        assertEquals(samples.present[field][expected], it.present());
        if (it.present()) {
          long actual =
              samples.fields[field] == FieldType.DOUBLE
                  ? Double.doubleToRawLongBits(it.value())
                  : it.longValue();
          assertEquals(
              samples.values[field][expected], actual, "field " + field + " at " + expected);
        }
        position = expected;
      }
    }
  }

  @Test
  void aChunkIsCutAtTheSampleLimit() {
    ChunkWriter writer =
        new ChunkWriter(3, new FieldType[] {FieldType.DOUBLE}, ChunkLimits.DEFAULT);
    for (int i = 0; i < 120; i++) {
      assertTrue(writer.canAppend(T0 + i * 10_000L));
      writer.append(T0 + i * 10_000L);
      writer.setDouble(0, i);
    }
    assertFalse(writer.canAppend(T0 + 120 * 10_000L));
    IllegalStateException full =
        assertThrows(IllegalStateException.class, () -> writer.append(T0 + 120 * 10_000L));
    assertEquals(
        "cannot append to series 3: the chunk is full (120 samples from 1700000000000); seal it first",
        full.getMessage());
    SealedChunk chunk = writer.seal();
    assertEquals(new ChunkHeader(3, T0, T0 + 119 * 10_000L, 120), chunk.header());
    assertEquals(0, writer.sampleCount());
    assertTrue(
        writer.canAppend(T0 + 120 * 10_000L), "the writer takes the next chunk after a seal");
  }

  @Test
  void aChunkIsCutAtTheTimeSpan() {
    ChunkWriter writer = new ChunkWriter(0, new FieldType[0], new ChunkLimits(120, 60_000));
    writer.append(T0);
    assertTrue(writer.canAppend(T0 + 59_999));
    assertFalse(writer.canAppend(T0 + 60_000));
  }

  @Test
  void timestampsMustAscend() {
    ChunkWriter writer = new ChunkWriter(9, new FieldType[0], ChunkLimits.DEFAULT);
    writer.append(T0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.append(T0));
    assertEquals(
        "cannot append to series 9: timestamp 1700000000000 is not after 1700000000000",
        e.getMessage());
    assertFalse(writer.canAppend(T0 - 1));
  }

  @Test
  void extremeTimestampsAndValuesRoundTrip() {
    FieldType[] fields = {FieldType.DOUBLE, FieldType.BIGINT};
    long[][] timeSets = {
      {Long.MIN_VALUE, Long.MIN_VALUE + 1, -4, -3, -2},
      {1, 2, 3, Long.MAX_VALUE - 1, Long.MAX_VALUE}
    };
    double[] doubles = {
      Double.NaN,
      -0.0,
      Double.NEGATIVE_INFINITY,
      Double.longBitsToDouble(0x7FF0_0000_0000_0001L),
      Double.MIN_VALUE
    };
    long[] longs = {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, Long.MAX_VALUE};
    for (long[] times : timeSets) {
      ChunkWriter writer =
          new ChunkWriter(Integer.MAX_VALUE, fields, new ChunkLimits(10, Long.MAX_VALUE));
      for (int i = 0; i < times.length; i++) {
        writer.append(times[i]);
        writer.setDouble(0, doubles[i]);
        writer.setLong(1, longs[i]);
      }
      DecodedChunk decoded = parse(writer.seal()).decode();
      assertEquals(
          new ChunkHeader(Integer.MAX_VALUE, times[0], times[times.length - 1], 5),
          decoded.header());
      for (int i = 0; i < times.length; i++) {
        assertEquals(times[i], decoded.timestamps()[i]);
        assertEquals(Double.doubleToRawLongBits(doubles[i]), decoded.values()[0][i]);
        assertEquals(longs[i], decoded.longValue(1, i));
      }
    }
  }

  @Test
  void aSpanOfTheWholeLongRangeIsMoreThanAnyLimit() {
    ChunkWriter writer = new ChunkWriter(0, new FieldType[0], new ChunkLimits(10, Long.MAX_VALUE));
    writer.append(Long.MIN_VALUE);
    assertTrue(writer.canAppend(Long.MAX_VALUE + Long.MIN_VALUE - 1));
    assertFalse(writer.canAppend(0), "a span of 2^63 exceeds Long.MAX_VALUE");
    assertFalse(writer.canAppend(Long.MAX_VALUE));
  }

  @Test
  void aFieldWithoutValuesIsAbsentInEverySample() {
    ChunkWriter writer =
        new ChunkWriter(
            1, new FieldType[] {FieldType.BIGINT, FieldType.DOUBLE}, ChunkLimits.DEFAULT);
    for (int i = 0; i < 10; i++) {
      writer.append(T0 + i);
      writer.setLong(0, i);
    }
    ChunkReader chunk = parse(writer.seal());
    SampleIterator empty = chunk.field(1);
    for (int i = 0; i < 10; i++) {
      assertTrue(empty.next());
      assertFalse(empty.present());
      assertTrue(Double.isNaN(empty.value()));
    }
    assertFalse(empty.next());
    SampleIterator full = chunk.field(0);
    assertTrue(full.seek(T0 + 7));
    assertEquals(7, full.longValue());
  }

  @Test
  void settingAFieldOfTheWrongTypeIsRefused() {
    ChunkWriter writer =
        new ChunkWriter(1, new FieldType[] {FieldType.BIGINT}, ChunkLimits.DEFAULT);
    assertThrows(IllegalStateException.class, () -> writer.setLong(0, 1));
    writer.append(T0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.setDouble(0, 1.5));
    assertEquals(
        "cannot set field 0 of series 1 as DOUBLE: the fields are [BIGINT]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> writer.setLong(1, 1));
    assertThrows(
        IllegalStateException.class,
        () -> new ChunkWriter(1, new FieldType[0], ChunkLimits.DEFAULT).seal());
  }

  @Test
  void limitsAreValidatedWhereTheyAreSet() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(0, 10));
    assertEquals("maxSamples must be 1 to 65535, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(65_536, 10));
    assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(10, 0));
  }

  @Test
  void timestampsAloneCanBeWalkedWithoutDecodingFields() {
    ChunkWriter writer =
        new ChunkWriter(2, new FieldType[] {FieldType.DOUBLE}, ChunkLimits.DEFAULT);
    for (int i = 0; i < 5; i++) {
      writer.append(T0 + i * 1000L);
    }
    TimestampIterator it = parse(writer.seal()).timestamps();
    assertTrue(it.seek(T0 + 2500));
    assertEquals(T0 + 3000, it.timestamp());
  }

  @Test
  void aLargeChunkOfTheMaximumSizeRoundTrips(Random random) {
    SeriesSamples samples = SeriesSamples.random(random, 5, 2, 65_535, T0, 1000);
    List<SealedChunk> chunks = samples.writeChunks(new ChunkLimits(65_535, Long.MAX_VALUE));
    assertEquals(1, chunks.size());
    samples.assertChunkHolds(parse(chunks.get(0)).decode(), 0);
  }

  @Test
  void shortDecimalsAreStoredAsScaledIntegersAndOthersAsXor() {
    ChunkWriter writer =
        new ChunkWriter(
            4, new FieldType[] {FieldType.DOUBLE, FieldType.DOUBLE}, ChunkLimits.DEFAULT);
    double[] decimals = {21.5, 22.0, 22.0, 21.5, 23.25};
    double[] other = {0.1 + 0.2, 1.0 / 3, -0.0, Double.NaN, 7};
    for (int i = 0; i < decimals.length; i++) {
      writer.append(T0 + i * 10_000L);
      writer.setDouble(0, decimals[i]);
      writer.setDouble(1, other[i]);
    }
    ChunkReader chunk = parse(writer.seal());
    assertTrue(
        chunk.fieldEncoding(0) == SeriesFormat.ENCODING_DECIMAL_DELTA
            || chunk.fieldEncoding(0) == SeriesFormat.ENCODING_DECIMAL_DELTA_OF_DELTA);
    assertEquals(SeriesFormat.ENCODING_XOR, chunk.fieldEncoding(1));
    DecimalChecks.assertDoubles(decimals, chunk.decode(), 0);
    DecimalChecks.assertDoubles(other, chunk.decode(), 1);
    SampleIterator it = chunk.field(0);
    assertTrue(it.seek(T0 + 35_000));
    assertEquals(23.25, it.value());
  }

  /** Bit-for-bit checks of decoded doubles. */
  private static final class DecimalChecks {
    static void assertDoubles(double[] expected, DecodedChunk chunk, int field) {
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(chunk.doubleValue(field, i)),
            "field " + field + " sample " + i);
      }
    }
  }

  private static ChunkReader parse(SealedChunk chunk) {
    return ChunkReader.parse(chunk.bytes(), 0, chunk.bytes().length, NOWHERE, 0);
  }
}
