package io.backtracedb.engine;

import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.scan.NewestTimes;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.TableScan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The newest rows of each key: for each distinct value of the key columns (a series table's tags,
 * an ordinary table's group columns), the rows at the greatest time among the rows a scan returns.
 * With {@link TableScan#newestPerKey} the scan reads blocks newest first and cold blocks only as
 * far as their keys can still have newer rows, so the newest row per symbol of a long history costs
 * its recent pages.
 */
public final class LatestPerKey {
  /** Kept rows past which superseded ones are dropped (or twice those left by the last drop). */
  private static final int COMPACT_ROWS = 65_536;

  private LatestPerKey() {}

  /**
   * Drains {@code scan} (which must read the time column and every key column) and returns its rows
   * that are at the newest time of their key, as a block holding the {@code columns} read.
   *
   * @param keys table ordinals of the key columns
   * @param time the table ordinal of the time column, which holds no NULL
   * @param newest the newest time per key; the same instance the scan was given, if any
   */
  public static ScanBlock reduce(
      Schema schema, TableScan scan, boolean[] columns, int[] keys, int time, NewestTimes newest)
      throws IOException {
    ColumnVector[] kept = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i]) {
        kept[i] = ColumnVector.create(schema.column(i).type(), 256);
      }
    }
    List<Object> keptKeys = new ArrayList<>();
    long[] keptTimes = new long[256];
    long compactAt = COMPACT_ROWS;
    for (ColumnBatch batch = scan.next(); batch != null; batch = scan.next()) {
      LongVector times = (LongVector) batch.vector(time);
      for (int i = 0; i < batch.selectedCount(); i++) {
        int row = batch.selectedRow(i);
        if (times.isNull(row)) {
          continue;
        }
        Object key = keyOf(batch, keys, row);
        long at = times.get(row);
        if (!newest.offer(key, at)) {
          continue;
        }
        if (keptKeys.size() >= compactAt) {
          // Rows arriving in time order are each the newest so far: drop the superseded ones.
          kept = newestOnly(schema, kept, keptKeys, keptTimes, newest);
          compactAt = Math.max(COMPACT_ROWS, 2L * keptKeys.size());
        }
        int count = keptKeys.size();
        if (count == keptTimes.length) {
          keptTimes = Arrays.copyOf(keptTimes, count * 2);
        }
        keptKeys.add(key);
        keptTimes[count] = at;
        for (int c = 0; c < kept.length; c++) {
          if (kept[c] != null) {
            kept[c].appendFrom(batch.vector(c), row);
          }
        }
      }
    }
    // Rows kept before their key's newest time showed up are dropped now.
    ColumnVector[] result = newestOnly(schema, kept, keptKeys, keptTimes, newest);
    int rows = keptKeys.size();
    return new VectorBlock(result, rows);
  }

  /**
   * The kept rows still at the newest time of their key, as new vectors; {@code keys} and {@code
   * times} are narrowed to them in place.
   */
  private static ColumnVector[] newestOnly(
      Schema schema, ColumnVector[] kept, List<Object> keys, long[] times, NewestTimes newest) {
    int count = keys.size();
    ColumnVector[] result = new ColumnVector[kept.length];
    for (int c = 0; c < kept.length; c++) {
      if (kept[c] != null) {
        result[c] = ColumnVector.create(schema.column(c).type(), Math.max(16, newest.size()));
      }
    }
    int rows = 0;
    for (int i = 0; i < count; i++) {
      Object key = keys.get(i);
      if (times[i] == newest.get(key)) {
        keys.set(rows, key);
        times[rows] = times[i];
        rows++;
        for (int c = 0; c < kept.length; c++) {
          if (kept[c] != null) {
            result[c].appendFrom(kept[c], i);
          }
        }
      }
    }
    keys.subList(rows, count).clear();
    return result;
  }

  /** The key of {@code row}: the value of a single key column, or the list of their values. */
  private static Object keyOf(ColumnBatch batch, int[] keys, int row) {
    if (keys.length == 1) {
      return batch.vector(keys[0]).getObject(row);
    }
    Object[] values = new Object[keys.length];
    for (int k = 0; k < keys.length; k++) {
      values[k] = batch.vector(keys[k]).getObject(row);
    }
    return Arrays.asList(values);
  }
}
