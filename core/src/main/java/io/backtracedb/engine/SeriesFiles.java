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
  private SeriesFiles() {}

  /**
   * Writes {@code rows} rows of {@code vectors} to a chunk file at {@code path} (through a
   * temporary file, renamed and synced); returns the file's size.
   *
   * @param timeOrder the permutation sorting the rows by time, or null when they are in order
   */
  static long write(
      FileIO io,
      Path path,
      SeriesLayout layout,
      int[] seriesIds,
      ColumnVector[] vectors,
      int rows,
      int[] timeOrder)
      throws IOException {
    int[] order = groupBySeries(seriesIds, rows, timeOrder);
    long[] times = ((LongVector) vectors[layout.time()]).values();
    int[] fields = layout.fields();
    FieldType[] types = layout.fieldTypes();
    try (ChunkFileWriter file = ChunkFileWriter.create(io, path)) {
      ChunkWriter chunk = null;
      for (int i = 0; i < rows; i++) {
        int row = order[i];
        int series = seriesIds[row];
        long time = times[row];
        if (chunk == null || chunk.seriesId() != series) {
          if (chunk != null) {
            file.append(chunk.seal());
          }
          chunk = new ChunkWriter(series, types, layout.limits());
        } else if (!chunk.canAppend(time)) {
          // Full, too long, or a second sample at the same time: the series goes on in a new chunk.
          file.append(chunk.seal());
        }
        chunk.append(time);
        for (int f = 0; f < fields.length; f++) {
          ColumnVector vector = vectors[fields[f]];
          if (vector.isNull(row)) {
            continue;
          }
          if (vector instanceof DoubleVector doubles) {
            chunk.setDouble(f, doubles.get(row));
          } else if (vector instanceof LongVector longs) {
            chunk.setLong(f, longs.get(row));
          } else {
            chunk.setLong(f, ((IntVector) vector).get(row));
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
   * The rows ordered by series id, and by time within a series: a stable counting sort by series
   * over the time order.
   */
  private static int[] groupBySeries(int[] seriesIds, int rows, int[] timeOrder) {
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
    for (int i = 0; i < rows; i++) {
      int row = timeOrder == null ? i : timeOrder[i];
      order[starts[seriesIds[row]]++] = row;
    }
    return order;
  }
}
