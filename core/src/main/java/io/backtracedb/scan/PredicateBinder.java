package io.backtracedb.scan;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Predicate.And;
import io.backtracedb.Predicate.Between;
import io.backtracedb.Predicate.Compare;
import io.backtracedb.Predicate.In;
import io.backtracedb.Predicate.IsNull;
import io.backtracedb.Predicate.Not;
import io.backtracedb.Predicate.Or;
import io.backtracedb.Schema;
import io.backtracedb.column.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a predicate to a table's schema: checks that columns exist, converts values to the column
 * representation, and pushes NOT down (negation normal form) so that the only NOT left wraps an IN.
 *
 * <p>In the bound form, two-valued evaluation (UNKNOWN counted as false) is exact: every leaf is
 * false on NULL, and AND/OR are monotonic.
 */
public final class PredicateBinder {
  private final String table;
  private final Schema schema;

  private PredicateBinder(String table, Schema schema) {
    this.table = table;
    this.schema = schema;
  }

  /** The bound form of {@code predicate} over {@code schema} of {@code table}. */
  public static Predicate bind(String table, Schema schema, Predicate predicate) {
    return new PredicateBinder(table, schema).bind(predicate, false);
  }

  private Predicate bind(Predicate predicate, boolean negate) {
    if (predicate instanceof Compare c) {
      Object value = value(c.column(), c.value());
      return new Compare(c.column(), negate ? c.op().negate() : c.op(), value);
    }
    if (predicate instanceof Between b) {
      Object low = value(b.column(), b.low());
      Object high = value(b.column(), b.high());
      if (!negate) {
        return new Between(b.column(), low, high);
      }
      return new Or(
          List.of(
              new Compare(b.column(), Predicate.Op.LT, low),
              new Compare(b.column(), Predicate.Op.GT, high)));
    }
    if (predicate instanceof In in) {
      List<Object> values = new ArrayList<>(in.values().size());
      for (Object value : in.values()) {
        if (value != null) {
          values.add(value(in.column(), value));
        }
      }
      if (values.isEmpty()) {
        // x IN (NULL) is never true, nor is its negation.
        return new And(List.of(new IsNull(in.column(), false), new IsNull(in.column(), true)));
      }
      In bound = new In(in.column(), values);
      return negate ? new Not(bound) : bound;
    }
    if (predicate instanceof Predicate.Like like) {
      ColumnType type = column(like.column());
      if (type != ColumnType.VARCHAR) {
        throw new IllegalArgumentException(
            "LIKE needs a VARCHAR column, but '"
                + like.column()
                + "' of table '"
                + table
                + "' is "
                + type);
      }
      return new Predicate.Like(
          like.column(), like.pattern(), like.escape(), like.negated() != negate);
    }
    if (predicate instanceof IsNull n) {
      column(n.column());
      return new IsNull(n.column(), n.negated() != negate);
    }
    if (predicate instanceof And and) {
      List<Predicate> parts = bindAll(and.parts(), negate);
      return negate ? new Or(parts) : new And(parts);
    }
    if (predicate instanceof Or or) {
      List<Predicate> parts = bindAll(or.parts(), negate);
      return negate ? new And(parts) : new Or(parts);
    }
    if (predicate instanceof Not not) {
      return bind(not.part(), !negate);
    }
    throw new IllegalArgumentException("unknown predicate " + predicate);
  }

  /** Sets {@code columns[ordinal]} for every column of {@code schema} that {@code p} reads. */
  public static void markColumns(Predicate p, Schema schema, boolean[] columns) {
    if (p instanceof And and) {
      and.parts().forEach(part -> markColumns(part, schema, columns));
    } else if (p instanceof Or or) {
      or.parts().forEach(part -> markColumns(part, schema, columns));
    } else if (p instanceof Not not) {
      markColumns(not.part(), schema, columns);
    } else if (p instanceof Compare c) {
      columns[schema.ordinalOf(c.column())] = true;
    } else if (p instanceof Between b) {
      columns[schema.ordinalOf(b.column())] = true;
    } else if (p instanceof In in) {
      columns[schema.ordinalOf(in.column())] = true;
    } else if (p instanceof IsNull n) {
      columns[schema.ordinalOf(n.column())] = true;
    } else if (p instanceof Predicate.Like like) {
      columns[schema.ordinalOf(like.column())] = true;
    }
  }

  private List<Predicate> bindAll(List<Predicate> parts, boolean negate) {
    List<Predicate> bound = new ArrayList<>(parts.size());
    for (Predicate part : parts) {
      bound.add(bind(part, negate));
    }
    return bound;
  }

  private ColumnType column(String name) {
    return schema.column(schema.requireOrdinal(table, name)).type();
  }

  private Object value(String column, Object value) {
    ColumnType type = column(column);
    try {
      return Values.normalize(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot filter table '" + table + "': column '" + column + "' " + e.getMessage(), e);
    }
  }
}
