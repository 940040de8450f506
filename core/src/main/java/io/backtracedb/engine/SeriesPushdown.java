package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.series.LabelMatcher;
import io.backtracedb.series.LikePattern;
import java.util.ArrayList;
import java.util.List;

/**
 * What a series table's scan takes from a bound predicate before reading: a condition on tag values
 * for the label index, and a time range for the chunk index. Both may select more than the
 * predicate (the scan still evaluates it on every row), never less.
 */
final class SeriesPushdown {
  private SeriesPushdown() {}

  /** The tag condition implied by {@code predicate}, or null when it implies none. */
  static LabelMatcher matcher(Predicate predicate, Schema schema, SeriesLayout layout) {
    if (predicate == null) {
      return null;
    }
    if (predicate instanceof Predicate.And and) {
      List<LabelMatcher> parts = new ArrayList<>();
      for (Predicate part : and.parts()) {
        LabelMatcher matcher = matcher(part, schema, layout);
        if (matcher != null) {
          parts.add(matcher);
        }
      }
      return parts.isEmpty() ? null : LabelMatcher.and(parts.toArray(new LabelMatcher[0]));
    }
    if (predicate instanceof Predicate.Or or) {
      List<LabelMatcher> parts = new ArrayList<>();
      for (Predicate part : or.parts()) {
        LabelMatcher matcher = matcher(part, schema, layout);
        if (matcher == null) {
          return null; // one branch selects any series, so the union does
        }
        parts.add(matcher);
      }
      return LabelMatcher.or(parts.toArray(new LabelMatcher[0]));
    }
    if (predicate instanceof Predicate.Compare compare && isTag(compare.column(), schema, layout)) {
      String value = (String) compare.value();
      return switch (compare.op()) {
        case EQ -> LabelMatcher.eq(compare.column(), value);
        case NE -> LabelMatcher.ne(compare.column(), value);
        default -> null;
      };
    }
    if (predicate instanceof Predicate.In in && isTag(in.column(), schema, layout)) {
      String[] values = new String[in.values().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (String) in.values().get(i);
      }
      return LabelMatcher.in(in.column(), values);
    }
    if (predicate instanceof Predicate.Like like
        && !like.negated()
        && isTag(like.column(), schema, layout)) {
      return new LabelMatcher.Like(
          like.column(), LikePattern.compile(like.pattern(), like.escape()));
    }
    return null;
  }

  private static boolean isTag(String column, Schema schema, SeriesLayout layout) {
    int ordinal = schema.ordinalOf(column);
    return ordinal >= 0 && layout.isTag(ordinal);
  }

  /**
   * The inclusive range {@code [from, to]} of times that {@code predicate} allows on the time
   * column {@code time}; the whole {@code long} range when it does not restrict it.
   */
  static long[] timeRange(Predicate predicate, String time) {
    long[] range = {Long.MIN_VALUE, Long.MAX_VALUE};
    narrow(predicate, time, range);
    return range;
  }

  private static void narrow(Predicate predicate, String time, long[] range) {
    if (predicate instanceof Predicate.And and) {
      for (Predicate part : and.parts()) {
        narrow(part, time, range);
      }
    } else if (predicate instanceof Predicate.Between between
        && between.column().equals(time)
        && between.low() instanceof Long low
        && between.high() instanceof Long high) {
      range[0] = Math.max(range[0], low);
      range[1] = Math.min(range[1], high);
    } else if (predicate instanceof Predicate.Compare compare
        && compare.column().equals(time)
        && compare.value() instanceof Long value) {
      switch (compare.op()) {
        case EQ -> {
          range[0] = Math.max(range[0], value);
          range[1] = Math.min(range[1], value);
        }
        case GE -> range[0] = Math.max(range[0], value);
        case GT -> range[0] = Math.max(range[0], value == Long.MAX_VALUE ? value : value + 1);
        case LE -> range[1] = Math.min(range[1], value);
        case LT -> range[1] = Math.min(range[1], value == Long.MIN_VALUE ? value : value - 1);
        default -> {}
      }
    }
  }
}
