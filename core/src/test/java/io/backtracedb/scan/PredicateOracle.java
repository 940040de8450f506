package io.backtracedb.scan;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.Values;

/**
 * A deliberately naive evaluator of unbound predicates over boxed rows, with SQL three-valued
 * logic, used as the oracle for the vectorised filter and the pruner.
 */
final class PredicateOracle {
  private PredicateOracle() {}

  /** TRUE, FALSE, or null for UNKNOWN. */
  static Boolean eval(Predicate p, Schema schema, Object[] row) {
    if (p instanceof Predicate.And and) {
      Boolean result = Boolean.TRUE;
      for (Predicate part : and.parts()) {
        Boolean v = eval(part, schema, row);
        if (Boolean.FALSE.equals(v)) {
          return false;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    if (p instanceof Predicate.Or or) {
      Boolean result = Boolean.FALSE;
      for (Predicate part : or.parts()) {
        Boolean v = eval(part, schema, row);
        if (Boolean.TRUE.equals(v)) {
          return true;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    if (p instanceof Predicate.Not not) {
      Boolean v = eval(not.part(), schema, row);
      return v == null ? null : !v;
    }
    if (p instanceof Predicate.IsNull n) {
      Object x = row[schema.ordinalOf(n.column())];
      return (x == null) != n.negated();
    }
    if (p instanceof Predicate.Compare c) {
      Object x = value(schema, row, c.column());
      if (x == null) {
        return null;
      }
      Object v = Values.normalize(schema.column(schema.ordinalOf(c.column())).type(), c.value());
      int cmp = Values.compare(x, v);
      return switch (c.op()) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    }
    if (p instanceof Predicate.Between b) {
      return eval(
          Predicate.and(
              new Predicate.Compare(b.column(), Predicate.Op.GE, b.low()),
              new Predicate.Compare(b.column(), Predicate.Op.LE, b.high())),
          schema,
          row);
    }
    if (p instanceof Predicate.In in) {
      Object x = value(schema, row, in.column());
      if (x == null) {
        return null;
      }
      for (Object candidate : in.values()) {
        Boolean eq =
            eval(new Predicate.Compare(in.column(), Predicate.Op.EQ, candidate), schema, row);
        if (Boolean.TRUE.equals(eq)) {
          return true;
        }
      }
      return false;
    }
    throw new IllegalArgumentException(String.valueOf(p));
  }

  private static Object value(Schema schema, Object[] row, String column) {
    return row[schema.ordinalOf(column)];
  }
}
