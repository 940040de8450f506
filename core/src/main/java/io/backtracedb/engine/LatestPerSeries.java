package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.scan.TableScan;

/**
 * When the newest rows of each series of a series table may come from each series' newest chunks
 * only ({@link TableScan#latestOnly()}), so that the answer costs a chunk per series and chunk file
 * instead of the whole history; {@link LatestPerKey} reduces the rows, a series being its tags'
 * values.
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
}
