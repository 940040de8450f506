package io.backtracedb.block;

import io.backtracedb.Predicate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The minimum and maximum of every page of an integer column chunk (INT32 or INT64), taken from its
 * column index once as plain {@code long}s, so that a range on the column finds its pages with a
 * few comparisons per page. Parquet's column index filter answers the same question for any
 * predicate but rebuilds lists of boxed bounds on every call, which dominates a point lookup.
 */
final class PageBounds {
  private final long[] mins;
  private final long[] maxs;
  private final boolean[] nullPages;

  /**
   * Whether no page holds only NULLs and both the minimums and the maximums never fall from one
   * page to the next (a column the rows are sorted by, such as a block's time column): then the
   * pages that may hold a range are found by binary search.
   */
  private final boolean ascending;

  private PageBounds(long[] mins, long[] maxs, boolean[] nullPages) {
    this.mins = mins;
    this.maxs = maxs;
    this.nullPages = nullPages;
    boolean sorted = true;
    for (int p = 0; p < nullPages.length && sorted; p++) {
      sorted = !nullPages[p] && (p == 0 || (mins[p - 1] <= mins[p] && maxs[p - 1] <= maxs[p]));
    }
    this.ascending = sorted;
  }

  /** The bounds of a chunk of {@code type}, or null when it is not an integer or has no index. */
  static PageBounds of(ColumnIndex index, PrimitiveTypeName type) {
    if (index == null || (type != PrimitiveTypeName.INT32 && type != PrimitiveTypeName.INT64)) {
      return null;
    }
    List<Boolean> nulls = index.getNullPages();
    List<ByteBuffer> minValues = index.getMinValues();
    List<ByteBuffer> maxValues = index.getMaxValues();
    int pages = nulls.size();
    long[] mins = new long[pages];
    long[] maxs = new long[pages];
    boolean[] nullPages = new boolean[pages];
    for (int p = 0; p < pages; p++) {
      nullPages[p] = nulls.get(p);
      if (!nullPages[p]) {
        mins[p] = value(minValues.get(p), type);
        maxs[p] = value(maxValues.get(p), type);
      }
    }
    return new PageBounds(mins, maxs, nullPages);
  }

  private static long value(ByteBuffer bytes, PrimitiveTypeName type) {
    ByteBuffer little = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return type == PrimitiveTypeName.INT32
        ? little.getInt(little.position())
        : little.getLong(little.position());
  }

  /** Pages, one per entry of the column index. */
  int pageCount() {
    return nullPages.length;
  }

  /** The least value of page {@code page}; meaningless for a page of NULLs only. */
  long min(int page) {
    return mins[page];
  }

  /** The greatest value of page {@code page}; meaningless for a page of NULLs only. */
  long max(int page) {
    return maxs[page];
  }

  /** Whether page {@code page} holds only NULLs. */
  boolean nullPage(int page) {
    return nullPages[page];
  }

  /**
   * The first page that may hold a value of at least {@code low}, found by binary search when the
   * bounds are ascending; 0 otherwise. No earlier page holds a value in a range starting at {@code
   * low}.
   */
  int firstPageFrom(long low) {
    if (!ascending) {
      return 0;
    }
    int lo = 0;
    int hi = maxs.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (maxs[mid] < low) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Whether no page from {@code page} on can hold a value of at most {@code high}: the bounds are
   * ascending and this page's minimum is above it.
   */
  boolean allAbove(int page, long high) {
    return ascending && mins[page] > high;
  }

  /** Whether page {@code page} may hold a value in {@code [low, high]}. */
  boolean mayHold(int page, long low, long high) {
    return !nullPages[page] && maxs[page] >= low && mins[page] <= high;
  }

  /**
   * An inclusive range of integer values on one column: what a comparison, a BETWEEN or an AND of
   * them on one column keeps (NULLs never match).
   *
   * @param column the column
   * @param low the least value kept
   * @param high the greatest value kept (below {@code low} when none is)
   */
  record Range(String column, long low, long high) {

    /** The range {@code predicate} (bound to its schema) keeps, or null when it is not one. */
    static Range of(Predicate predicate) {
      if (predicate instanceof Predicate.And and) {
        Range range = null;
        for (Predicate part : and.parts()) {
          Range next = of(part);
          if (next == null || (range != null && !range.column().equals(next.column()))) {
            return null;
          }
          range =
              range == null
                  ? next
                  : new Range(
                      range.column(),
                      Math.max(range.low(), next.low()),
                      Math.min(range.high(), next.high()));
        }
        return range;
      }
      if (predicate instanceof Predicate.Between between
          && integer(between.low()) != null
          && integer(between.high()) != null) {
        return new Range(between.column(), integer(between.low()), integer(between.high()));
      }
      if (!(predicate instanceof Predicate.Compare compare) || integer(compare.value()) == null) {
        return null;
      }
      long value = integer(compare.value());
      String column = compare.column();
      return switch (compare.op()) {
        case EQ -> new Range(column, value, value);
        case LT ->
            value == Long.MIN_VALUE ? empty(column) : new Range(column, Long.MIN_VALUE, value - 1);
        case LE -> new Range(column, Long.MIN_VALUE, value);
        case GT ->
            value == Long.MAX_VALUE ? empty(column) : new Range(column, value + 1, Long.MAX_VALUE);
        case GE -> new Range(column, value, Long.MAX_VALUE);
        case NE -> null;
      };
    }

    private static Range empty(String column) {
      return new Range(column, 1, 0);
    }

    private static Long integer(Object value) {
      return value instanceof Long || value instanceof Integer
          ? ((Number) value).longValue()
          : null;
    }
  }
}
