package io.backtracedb.scan;

import io.backtracedb.Predicate;
import io.backtracedb.Predicate.And;
import io.backtracedb.Predicate.Between;
import io.backtracedb.Predicate.Compare;
import io.backtracedb.Predicate.In;
import io.backtracedb.Predicate.IsNull;
import io.backtracedb.Predicate.Not;
import io.backtracedb.Predicate.Or;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.Values;
import java.util.function.IntFunction;

/**
 * Decides from per-column min/max/NULL counts whether a block may hold rows matching a bound
 * predicate. It answers "maybe" whenever it cannot prove "no", so it never skips a matching row.
 */
public final class StatsPruner {
  private StatsPruner() {}

  /**
   * Whether a block of {@code rowCount} rows with column statistics {@code stats} (by ordinal) may
   * contain a row satisfying {@code predicate} (bound, see {@link PredicateBinder}).
   */
  public static boolean mayMatch(
      Predicate predicate, Schema schema, IntFunction<ColumnStats> stats, long rowCount) {
    if (rowCount == 0) {
      return false;
    }
    if (predicate instanceof And and) {
      for (Predicate part : and.parts()) {
        if (!mayMatch(part, schema, stats, rowCount)) {
          return false;
        }
      }
      return true;
    }
    if (predicate instanceof Or or) {
      for (Predicate part : or.parts()) {
        if (mayMatch(part, schema, stats, rowCount)) {
          return true;
        }
      }
      return or.parts().isEmpty();
    }
    if (predicate instanceof IsNull n) {
      ColumnStats s = stats.apply(schema.ordinalOf(n.column()));
      // No value at all (min is always known when any value exists) means every row is NULL.
      boolean allNull = s.min() == null;
      return n.negated() ? !allNull : s.nullCount() > 0 || allNull;
    }
    if (predicate instanceof Compare c) {
      ColumnStats s = stats.apply(schema.ordinalOf(c.column()));
      return compareMayMatch(c, s);
    }
    if (predicate instanceof Between b) {
      ColumnStats s = stats.apply(schema.ordinalOf(b.column()));
      return s.min() != null
          && (s.max() == null || Values.compare(b.low(), s.max()) <= 0)
          && Values.compare(b.high(), s.min()) >= 0
          && Values.compare(b.low(), b.high()) <= 0;
    }
    if (predicate instanceof In in) {
      ColumnStats s = stats.apply(schema.ordinalOf(in.column()));
      if (s.min() == null) {
        return false;
      }
      for (Object value : in.values()) {
        if (Values.compare(value, s.min()) >= 0
            && (s.max() == null || Values.compare(value, s.max()) <= 0)) {
          return true;
        }
      }
      return false;
    }
    if (predicate instanceof Not not && not.part() instanceof In in) {
      ColumnStats s = stats.apply(schema.ordinalOf(in.column()));
      if (s.min() == null) {
        return false;
      }
      boolean single = s.max() != null && Values.compare(s.min(), s.max()) == 0;
      return !(single && in.values().stream().anyMatch(v -> Values.compare(v, s.min()) == 0));
    }
    return true;
  }

  private static boolean compareMayMatch(Compare c, ColumnStats s) {
    Object min = s.min();
    Object max = s.max();
    if (min == null) {
      return false;
    }
    Object v = c.value();
    return switch (c.op()) {
      case EQ -> Values.compare(v, min) >= 0 && (max == null || Values.compare(v, max) <= 0);
      case NE -> max == null || Values.compare(min, max) != 0 || Values.compare(v, min) != 0;
      case LT -> Values.compare(min, v) < 0;
      case LE -> Values.compare(min, v) <= 0;
      case GT -> max == null || Values.compare(max, v) > 0;
      case GE -> max == null || Values.compare(max, v) >= 0;
    };
  }
}
