package io.backtracedb.sql;

import io.backtracedb.Predicate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Replaces {@link BacktraceParam}s in a pushed predicate with the statement's values, pushing NOT
 * down on the way so that a comparison with a NULL parameter (UNKNOWN in SQL) becomes false however
 * many NOTs surround it.
 */
final class BacktraceParams {
  private BacktraceParams() {}

  /** The predicate with parameter values from {@code root}; null stays null. */
  static Predicate resolve(Predicate predicate, DataContext root) {
    return predicate == null ? null : resolve(predicate, root, false);
  }

  private static Predicate resolve(Predicate p, DataContext root, boolean negated) {
    if (p instanceof Predicate.And and) {
      List<Predicate> parts = resolveAll(and.parts(), root, negated);
      return negated ? new Predicate.Or(parts) : new Predicate.And(parts);
    }
    if (p instanceof Predicate.Or or) {
      List<Predicate> parts = resolveAll(or.parts(), root, negated);
      return negated ? new Predicate.And(parts) : new Predicate.Or(parts);
    }
    if (p instanceof Predicate.Not not) {
      return resolve(not.part(), root, !negated);
    }
    if (p instanceof Predicate.Compare c && c.value() instanceof BacktraceParam param) {
      Object value = root.get("?" + param.index());
      if (value == null) {
        return never(c.column());
      }
      Predicate resolved = new Predicate.Compare(c.column(), c.op(), value);
      return negated ? Predicate.not(resolved) : resolved;
    }
    return negated ? Predicate.not(p) : p;
  }

  private static List<Predicate> resolveAll(
      List<Predicate> parts, DataContext root, boolean negated) {
    List<Predicate> resolved = new ArrayList<>(parts.size());
    for (Predicate part : parts) {
      resolved.add(resolve(part, root, negated));
    }
    return resolved;
  }

  /** A predicate no row satisfies. */
  private static Predicate never(String column) {
    return Predicate.and(Predicate.isNull(column), Predicate.isNotNull(column));
  }
}
