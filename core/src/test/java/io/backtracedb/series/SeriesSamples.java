package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The samples of one series held in plain arrays: the oracle that chunks are checked against.
 * Fields alternate DOUBLE, BIGINT, DOUBLE, ...; values of DOUBLE fields are raw bits.
 */
final class SeriesSamples {
  final int seriesId;
  final FieldType[] fields;
  final long[] times;
  final long[][] values;
  final boolean[][] present;

  SeriesSamples(
      int seriesId, FieldType[] fields, long[] times, long[][] values, boolean[][] present) {
    this.seriesId = seriesId;
    this.fields = fields;
    this.times = times;
    this.values = values;
    this.present = present;
  }

  static FieldType[] fields(int count) {
    FieldType[] fields = new FieldType[count];
    for (int f = 0; f < count; f++) {
      fields[f] = f % 2 == 0 ? FieldType.DOUBLE : FieldType.BIGINT;
    }
    return fields;
  }

  /** A random series of {@code n} samples starting at {@code start}, gaps of about {@code step}. */
  static SeriesSamples random(
      Random random, int seriesId, int fieldCount, int n, long start, long step) {
    FieldType[] fields = fields(fieldCount);
    long[] times = new long[n];
    long[][] values = new long[fieldCount][n];
    boolean[][] present = new boolean[fieldCount][n];
    long t = start;
    double gauge = random.nextInt(100);
    long counter = random.nextInt(1000);
    boolean decimals = random.nextBoolean();
    for (int i = 0; i < n; i++) {
      times[i] = t;
      t += Math.max(1, step + (random.nextInt(4) == 0 ? random.nextInt(21) - 10 : 0));
      gauge += random.nextInt(5) == 0 ? Math.round(random.nextGaussian() * 100) / 100.0 : 0;
      counter += random.nextInt(30);
      for (int f = 0; f < fieldCount; f++) {
        present[f][i] = random.nextInt(20) != 0;
        if (fields[f] == FieldType.DOUBLE) {
          // Half of the series hold short decimals only (the scaled-integer encoding), the
          // others sums and the odd NaN (XOR).
          double value =
              decimals
                  ? Math.round((gauge + f) * 100) / 100.0
                  : random.nextInt(50) == 0 ? Double.NaN : gauge + f;
          values[f][i] = Double.doubleToRawLongBits(value);
        } else {
          values[f][i] = random.nextInt(50) == 0 ? random.nextLong() : counter * f;
        }
      }
    }
    return new SeriesSamples(seriesId, fields, times, values, present);
  }

  /** Appends every sample to {@code writer}, sealing a chunk whenever the next does not fit. */
  List<SealedChunk> writeChunks(ChunkWriter writer) {
    List<SealedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      if (!writer.canAppend(times[i])) {
        chunks.add(writer.seal());
      }
      writer.append(times[i]);
      for (int f = 0; f < fields.length; f++) {
        if (!present[f][i]) {
          continue;
        }
        if (fields[f] == FieldType.DOUBLE) {
          writer.setDouble(f, Double.longBitsToDouble(values[f][i]));
        } else {
          writer.setLong(f, values[f][i]);
        }
      }
    }
    if (writer.sampleCount() > 0) {
      chunks.add(writer.seal());
    }
    return chunks;
  }

  List<SealedChunk> writeChunks(ChunkLimits limits) {
    return writeChunks(new ChunkWriter(seriesId, fields, limits));
  }

  /** Checks that {@code chunk} holds exactly samples {@code [from, from + count)}. */
  void assertChunkHolds(DecodedChunk chunk, int from) {
    int count = chunk.header().sampleCount();
    assertEquals(seriesId, chunk.header().seriesId());
    assertEquals(times[from], chunk.header().minTime());
    assertEquals(times[from + count - 1], chunk.header().maxTime());
    assertEquals(
        Arrays.toString(Arrays.copyOfRange(times, from, from + count)),
        Arrays.toString(chunk.timestamps()));
    assertEquals(Arrays.toString(fields), Arrays.toString(chunk.fields()));
    for (int f = 0; f < fields.length; f++) {
      for (int i = 0; i < count; i++) {
        String where = "series " + seriesId + " field " + f + " sample " + (from + i);
        assertEquals(present[f][from + i], chunk.present()[f][i], where);
        if (present[f][from + i]) {
          assertEquals(values[f][from + i], chunk.values()[f][i], where);
        }
      }
    }
  }

  /** The index of the first sample at or after {@code time}, or the sample count. */
  int firstAtOrAfter(long time) {
    int i = 0;
    while (i < times.length && times[i] < time) {
      i++;
    }
    return i;
  }
}
