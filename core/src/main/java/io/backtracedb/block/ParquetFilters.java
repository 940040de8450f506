package io.backtracedb.block;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.binaryColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.booleanColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.doubleColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.gt;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;
import static org.apache.parquet.filter2.predicate.FilterApi.ltEq;
import static org.apache.parquet.filter2.predicate.FilterApi.notEq;
import static org.apache.parquet.filter2.predicate.FilterApi.or;

import io.backtracedb.Column;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;

/**
 * Converts an engine {@link Predicate} into a Parquet {@link FilterPredicate} that selects a
 * superset of the rows the predicate holds for; the engine re-evaluates every row it gets back.
 *
 * <p>How the superset is kept:
 *
 * <ul>
 *   <li>NOT is pushed to the leaves first with SQL's three-valued logic, where it is exact: {@code
 *       NOT (x < 5)} is {@code x >= 5} (both unknown on NULL), {@code NOT (x IN (a, b))} is {@code
 *       x <> a AND x <> b}, De Morgan for AND and OR. No Parquet {@code not} is ever emitted, so no
 *       dropped part can end up under a negation.
 *   <li>A leaf that cannot be converted is dropped from an AND (fewer conditions, more rows) and
 *       makes a whole OR unconvertible.
 *   <li>{@code x <> v} becomes Parquet's {@code notEq(x, v)}, which also matches NULL, narrowed
 *       with {@code notEq(x, null)} (IS NOT NULL).
 * </ul>
 *
 * <p>Comparisons follow {@link io.backtracedb.column.Values#compare}: a total order in which NaN is
 * the largest double and -0.0 sorts before 0.0; Parquet's statistics widen around both, so they
 * stay conservative. Not converted (dropped): NaN literals; range comparisons on strings whose
 * literal has a character at or above U+D800 (Java orders strings by UTF-16 units, Parquet by UTF-8
 * bytes, and the two disagree only there); columns whose name contains '.', which Parquet's filter
 * API would read as a nested path; literals that are not in the column's representation.
 */
final class ParquetFilters {
  private final Schema schema;
  private final Set<String> columns = new LinkedHashSet<>();

  private ParquetFilters(Schema schema) {
    this.schema = schema;
  }

  /**
   * A converted predicate and the columns it reads.
   *
   * @param filter the Parquet filter, or null when nothing could be converted
   * @param columns names of the columns the filter refers to
   */
  record Pushed(FilterPredicate filter, Set<String> columns) {}

  /**
   * Converts {@code predicate} over {@code schema}, whose values are already in each column's
   * representation (Long, Integer, Double, Boolean, String). A null predicate converts to no
   * filter.
   *
   * @throws IllegalArgumentException when the predicate names a column the schema lacks
   */
  static Pushed convert(Predicate predicate, Schema schema) {
    if (predicate == null) {
      return new Pushed(null, Set.of());
    }
    ParquetFilters conversion = new ParquetFilters(schema);
    FilterPredicate filter = conversion.convert(predicate, false);
    return new Pushed(filter, filter == null ? Set.of() : Set.copyOf(conversion.columns));
  }

  private FilterPredicate convert(Predicate predicate, boolean negated) {
    if (predicate instanceof Predicate.Compare compare) {
      return compare(
          compare.column(), negated ? compare.op().negate() : compare.op(), compare.value());
    } else if (predicate instanceof Predicate.Between between) {
      return negated
          ? anyOf(
              compare(between.column(), Predicate.Op.LT, between.low()),
              compare(between.column(), Predicate.Op.GT, between.high()))
          : allOf(
              compare(between.column(), Predicate.Op.GE, between.low()),
              compare(between.column(), Predicate.Op.LE, between.high()));
    } else if (predicate instanceof Predicate.In in) {
      return in(in.column(), in.values(), negated);
    } else if (predicate instanceof Predicate.IsNull isNull) {
      return nullCheck(isNull.column(), isNull.negated() != negated);
    } else if (predicate instanceof Predicate.And and) {
      return negated ? anyOf(convertAll(and.parts(), true)) : allOf(convertAll(and.parts(), false));
    } else if (predicate instanceof Predicate.Or or) {
      return negated ? allOf(convertAll(or.parts(), true)) : anyOf(convertAll(or.parts(), false));
    } else if (predicate instanceof Predicate.Not not) {
      return convert(not.part(), !negated);
    } else if (predicate instanceof Predicate.Like) {
      return null; // the scan evaluates it on rows
    }
    throw new IllegalArgumentException("unknown predicate " + predicate);
  }

  private FilterPredicate[] convertAll(List<Predicate> parts, boolean negated) {
    FilterPredicate[] converted = new FilterPredicate[parts.size()];
    for (int i = 0; i < converted.length; i++) {
      converted[i] = convert(parts.get(i), negated);
    }
    return converted;
  }

  /** The conjunction of the convertible parts; null when none is. */
  private static FilterPredicate allOf(FilterPredicate... parts) {
    FilterPredicate result = null;
    for (FilterPredicate part : parts) {
      if (part != null) {
        result = result == null ? part : and(result, part);
      }
    }
    return result;
  }

  /** The disjunction of the parts; null when any is unconvertible (or there are none). */
  private static FilterPredicate anyOf(FilterPredicate... parts) {
    FilterPredicate result = null;
    for (FilterPredicate part : parts) {
      if (part == null) {
        return null;
      }
      result = result == null ? part : or(result, part);
    }
    return result;
  }

  /** The schema column, or null when its name cannot be expressed as a Parquet filter column. */
  private Column column(String name) {
    int ordinal = schema.ordinalOf(name);
    if (ordinal < 0) {
      throw new IllegalArgumentException(
          "cannot filter on column '" + name + "': not in " + schema.names());
    }
    return name.indexOf('.') >= 0 ? null : schema.column(ordinal);
  }

  private FilterPredicate nullCheck(String name, boolean isNotNull) {
    Column column = column(name);
    if (column == null) {
      return null;
    }
    columns.add(name);
    return switch (column.type()) {
      case BOOLEAN -> nullCheck(booleanColumn(name), isNotNull);
      case INTEGER, DATE -> nullCheck(intColumn(name), isNotNull);
      case BIGINT, TIMESTAMP -> nullCheck(longColumn(name), isNotNull);
      case DOUBLE -> nullCheck(doubleColumn(name), isNotNull);
      case VARCHAR -> nullCheck(binaryColumn(name), isNotNull);
    };
  }

  private static <
          T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsEqNotEq>
      FilterPredicate nullCheck(C column, boolean isNotNull) {
    return isNotNull ? notEq(column, null) : eq(column, null);
  }

  private FilterPredicate compare(String name, Predicate.Op op, Object value) {
    Column column = column(name);
    if (column == null) {
      return null;
    }
    FilterPredicate result =
        switch (column.type()) {
          case BOOLEAN -> value instanceof Boolean b ? compareBoolean(name, op, b) : null;
          case INTEGER, DATE -> value instanceof Integer i ? ordered(intColumn(name), op, i) : null;
          case BIGINT, TIMESTAMP ->
              value instanceof Long l ? ordered(longColumn(name), op, l) : null;
          case DOUBLE ->
              value instanceof Double d && !d.isNaN() ? ordered(doubleColumn(name), op, d) : null;
          case VARCHAR ->
              value instanceof String s
                      && (op == Predicate.Op.EQ || op == Predicate.Op.NE || ordersAlike(s))
                  ? ordered(binaryColumn(name), op, Binary.fromString(s))
                  : null;
        };
    if (result != null) {
      columns.add(name);
    }
    return result;
  }

  private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
      FilterPredicate ordered(C column, Predicate.Op op, T value) {
    return switch (op) {
      case EQ -> eq(column, value);
      case NE -> and(notEq(column, value), notEq(column, null));
      case LT -> lt(column, value);
      case LE -> ltEq(column, value);
      case GT -> gt(column, value);
      case GE -> gtEq(column, value);
    };
  }

  /** Booleans have no order in Parquet's filter API; false < true rewrites to equalities. */
  private static FilterPredicate compareBoolean(String name, Predicate.Op op, boolean value) {
    Operators.BooleanColumn column = booleanColumn(name);
    return switch (op) {
      case EQ -> eq(column, value);
      case NE -> eq(column, !value);
      case LT -> value ? eq(column, false) : null; // "< false" matches nothing: left unpruned
      case LE -> value ? notEq(column, null) : eq(column, false);
      case GT -> value ? null : eq(column, true);
      case GE -> value ? eq(column, true) : notEq(column, null);
    };
  }

  private FilterPredicate in(String name, List<Object> values, boolean negated) {
    Column column = column(name);
    if (column == null) {
      return null;
    }
    FilterPredicate result =
        switch (column.type()) {
          case BOOLEAN -> inSet(booleanColumn(name), typed(values, Boolean.class), negated);
          case INTEGER, DATE -> inSet(intColumn(name), typed(values, Integer.class), negated);
          case BIGINT, TIMESTAMP -> inSet(longColumn(name), typed(values, Long.class), negated);
          case DOUBLE -> inSet(doubleColumn(name), doubles(values), negated);
          case VARCHAR -> inSet(binaryColumn(name), strings(values), negated);
        };
    if (result != null) {
      columns.add(name);
    }
    return result;
  }

  private static <
          T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsEqNotEq>
      FilterPredicate inSet(C column, Set<T> values, boolean negated) {
    if (values == null) {
      return null;
    }
    return negated
        ? and(FilterApi.notIn(column, values), notEq(column, null))
        : FilterApi.in(column, values);
  }

  /** The values as a set of {@code type}, or null when any has another class. */
  private static <T> Set<T> typed(List<Object> values, Class<T> type) {
    Set<T> result = new HashSet<>();
    for (Object value : values) {
      if (!type.isInstance(value)) {
        return null;
      }
      result.add(type.cast(value));
    }
    return result;
  }

  private static Set<Double> doubles(List<Object> values) {
    Set<Double> result = typed(values, Double.class);
    if (result != null) {
      for (Double value : result) {
        if (value.isNaN()) {
          return null;
        }
      }
    }
    return result;
  }

  private static Set<Binary> strings(List<Object> values) {
    Set<Binary> result = new HashSet<>();
    for (Object value : values) {
      if (!(value instanceof String text)) {
        return null;
      }
      result.add(Binary.fromString(text));
    }
    return result;
  }

  /**
   * Whether comparing any string with {@code literal} gives the same sign in UTF-16 order (Java)
   * and in UTF-8 byte order (Parquet): true when every character is below the surrogates.
   */
  static boolean ordersAlike(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (literal.charAt(i) >= '\uD800') {
        return false;
      }
    }
    return true;
  }
}
