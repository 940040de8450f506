package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.TableScan;
import java.io.IOException;
import java.util.Arrays;

/**
 * The newest rows of each series of a series table: the rows at the greatest time of their series
 * among the rows a scan returns. With {@link TableScan#latestOnly()} the scan decodes only each
 * series' newest chunks, so the answer costs a chunk per series and chunk file instead of the whole
 * history.
 */
public final class LatestPerSeries {
  private LatestPerSeries() {}

  /**
   * Whether a bound predicate keeps the shortcut exact: conditions on tags, and lower bounds on the
   * time column (a series' newest sample fails a lower bound only when all its samples do).
   */
  public static boolean allowsShortcut(TableStore store, Predicate predicate) {
    if (predicate == null) {
      return true;
    }
    SeriesLayout layout = store.series().layout();
    Schema schema = store.schema();
    if (predicate instanceof Predicate.And and) {
      return and.parts().stream().allMatch(part -> allowsShortcut(store, part));
    }
    if (predicate instanceof Predicate.Or or) {
      return or.parts().stream().allMatch(part -> tagsOnly(schema, layout, part));
    }
    if (predicate instanceof Predicate.Compare compare
        && schema.ordinalOf(compare.column()) == layout.time()) {
      return compare.op() == Predicate.Op.GE || compare.op() == Predicate.Op.GT;
    }
    return tagsOnly(schema, layout, predicate);
  }

  private static boolean tagsOnly(Schema schema, SeriesLayout layout, Predicate predicate) {
    if (predicate instanceof Predicate.And and) {
      return and.parts().stream().allMatch(part -> tagsOnly(schema, layout, part));
    }
    if (predicate instanceof Predicate.Or or) {
      return or.parts().stream().allMatch(part -> tagsOnly(schema, layout, part));
    }
    if (predicate instanceof Predicate.Not not) {
      return tagsOnly(schema, layout, not.part());
    }
    String column = null;
    if (predicate instanceof Predicate.Compare c) {
      column = c.column();
    } else if (predicate instanceof Predicate.Between b) {
      column = b.column();
    } else if (predicate instanceof Predicate.In in) {
      column = in.column();
    } else if (predicate instanceof Predicate.IsNull n) {
      column = n.column();
    } else if (predicate instanceof Predicate.Like like) {
      column = like.column();
    }
    return column != null && layout.isTag(schema.ordinalOf(column));
  }

  /**
   * Drains {@code scan} (which must read the time column and every tag) and returns its rows that
   * are at the newest time of their series, as a block holding the {@code columns} read.
   */
  public static ScanBlock reduce(TableStore store, TableScan scan, boolean[] columns)
      throws IOException {
    SeriesRegistry registry = store.series();
    int time = registry.layout().time();
    Schema schema = store.schema();
    ColumnVector[] kept = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i]) {
        kept[i] = ColumnVector.create(schema.column(i).type(), 256);
      }
    }
    long[] newest = new long[Math.max(16, registry.seriesCount())];
    Arrays.fill(newest, Long.MIN_VALUE);
    int[] keptIds = new int[256];
    long[] keptTimes = new long[256];
    int count = 0;
    for (ColumnBatch batch = scan.next(); batch != null; batch = scan.next()) {
      int[] ids = registry.idsOf(batch.vectors(), batch.start(), batch.end());
      LongVector times = (LongVector) batch.vector(time);
      for (int i = 0; i < batch.selectedCount(); i++) {
        int row = batch.selectedRow(i);
        int id = ids[row - batch.start()];
        long at = times.get(row);
        if (id >= newest.length) {
          int size = Math.max(id + 1, newest.length * 2);
          int old = newest.length;
          newest = Arrays.copyOf(newest, size);
          Arrays.fill(newest, old, size, Long.MIN_VALUE);
        }
        if (at < newest[id]) {
          continue;
        }
        newest[id] = at;
        if (count == keptIds.length) {
          keptIds = Arrays.copyOf(keptIds, count * 2);
          keptTimes = Arrays.copyOf(keptTimes, count * 2);
        }
        keptIds[count] = id;
        keptTimes[count] = at;
        count++;
        for (int c = 0; c < kept.length; c++) {
          if (kept[c] != null) {
            kept[c].appendFrom(batch.vector(c), row);
          }
        }
      }
    }
    // Rows kept before their series' newest time showed up are dropped now.
    ColumnVector[] result = new ColumnVector[columns.length];
    for (int c = 0; c < kept.length; c++) {
      if (kept[c] != null) {
        result[c] = ColumnVector.create(schema.column(c).type(), count);
      }
    }
    int rows = 0;
    for (int i = 0; i < count; i++) {
      if (keptTimes[i] == newest[keptIds[i]]) {
        rows++;
        for (int c = 0; c < kept.length; c++) {
          if (kept[c] != null) {
            result[c].appendFrom(kept[c], i);
          }
        }
      }
    }
    return new VectorBlock(result, rows);
  }
}
