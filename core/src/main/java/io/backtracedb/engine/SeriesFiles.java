package io.backtracedb.engine;

import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.io.FileIO;
import io.backtracedb.series.ChunkFileWriter;
import io.backtracedb.series.ChunkWriter;
import io.backtracedb.series.FieldType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the rows of a series table's block as a chunk file: rows grouped by series, each series'
 * samples in time order and cut into chunks (docs/format/series.md).
 */
final class SeriesFiles {
  /**
   * Rows gathered into series order per pass. Gathering one column at a time reads the block's
   * scattered rows in a tight loop; the pass size bounds the buffers (about 0.5 MiB per field).
   */
  private static final int PASS_ROWS = 1 << 16;

  private SeriesFiles() {}

  /**
   * Writes {@code rows} rows of {@code vectors}, in any order, to a chunk file at {@code path}
   * (through a temporary file, renamed and synced); returns the file's size. Each series' samples
   * are written in time order, samples at equal times in row order.
   */
  static long write(
      FileIO io, Path path, SeriesLayout layout, int[] seriesIds, ColumnVector[] vectors, int rows)
      throws IOException {
    long[] times = ((LongVector) vectors[layout.time()]).values();
    int[] order = groupBySeries(seriesIds, rows, times);
    int[] fields = layout.fields();
    FieldType[] types = layout.fieldTypes();
    int passRows = Math.max(1, Math.min(rows, PASS_ROWS));
    int[] passSeries = new int[passRows];
    long[] passTimes = new long[passRows];
    long[][] passValues = new long[fields.length][passRows];
    boolean[][] passNulls = new boolean[fields.length][];
    for (int f = 0; f < fields.length; f++) {
      if (vectors[fields[f]].mayHaveNulls()) {
        passNulls[f] = new boolean[passRows];
      }
    }
    try (ChunkFileWriter file = ChunkFileWriter.create(io, path)) {
      ChunkWriter chunk = null;
      for (int start = 0; start < rows; start += passRows) {
        int count = Math.min(passRows, rows - start);
        for (int i = 0; i < count; i++) {
          int row = order[start + i];
          passSeries[i] = seriesIds[row];
          passTimes[i] = times[row];
        }
        for (int f = 0; f < fields.length; f++) {
          gather(vectors[fields[f]], order, start, count, passValues[f], passNulls[f]);
        }
        for (int i = 0; i < count; i++) {
          int series = passSeries[i];
          long time = passTimes[i];
          if (chunk == null || chunk.seriesId() != series) {
            if (chunk != null) {
              file.append(chunk.seal());
            }
            chunk = new ChunkWriter(series, types, layout.limits());
          } else if (!chunk.canAppend(time)) {
            // Full, too long, or a second sample at the same time: the series goes on in a new
            // chunk.
            file.append(chunk.seal());
          }
          chunk.append(time);
          for (int f = 0; f < fields.length; f++) {
            if (passNulls[f] != null && passNulls[f][i]) {
              continue;
            }
            if (types[f] == FieldType.DOUBLE) {
              chunk.setDouble(f, Double.longBitsToDouble(passValues[f][i]));
            } else {
              chunk.setLong(f, passValues[f][i]);
            }
          }
        }
      }
      if (chunk != null && chunk.sampleCount() > 0) {
        file.append(chunk.seal());
      }
      return file.publish();
    }
  }

  /**
   * Copies the values of rows {@code order[start .. start + count)} of a field's vector into {@code
   * values} (doubles as raw bits) and, when {@code nulls} is given, their NULL flags.
   */
  private static void gather(
      ColumnVector vector, int[] order, int start, int count, long[] values, boolean[] nulls) {
    if (vector instanceof DoubleVector doubles) {
      double[] source = doubles.values();
      for (int i = 0; i < count; i++) {
        values[i] = Double.doubleToRawLongBits(source[order[start + i]]);
      }
    } else if (vector instanceof LongVector longs) {
      long[] source = longs.values();
      for (int i = 0; i < count; i++) {
        values[i] = source[order[start + i]];
      }
    } else {
      int[] source = ((IntVector) vector).values();
      for (int i = 0; i < count; i++) {
        values[i] = source[order[start + i]];
      }
    }
    if (nulls != null) {
      for (int i = 0; i < count; i++) {
        nulls[i] = vector.isNull(order[start + i]);
      }
    }
  }

  /**
   * The rows ordered by series id, and by time within a series: a stable counting sort by series,
   * then each series' run sorted by time where it is not in order already (rows usually arrive in
   * time order per series, even when series interleave out of time order).
   */
  private static int[] groupBySeries(int[] seriesIds, int rows, long[] times) {
    int maxId = -1;
    for (int i = 0; i < rows; i++) {
      maxId = Math.max(maxId, seriesIds[i]);
    }
    int[] starts = new int[maxId + 2];
    for (int i = 0; i < rows; i++) {
      starts[seriesIds[i] + 1]++;
    }
    for (int id = 0; id <= maxId; id++) {
      starts[id + 1] += starts[id];
    }
    int[] order = new int[rows];
    int[] next = starts.clone();
    for (int row = 0; row < rows; row++) {
      order[next[seriesIds[row]]++] = row;
    }
    for (int id = 0; id <= maxId; id++) {
      int from = starts[id];
      int to = starts[id + 1];
      for (int i = from + 1; i < to; i++) {
        if (times[order[i]] < times[order[i - 1]]) {
          TimeSort.sortRange(order, from, to, times);
          break;
        }
      }
    }
    return order;
  }
}
