package org.apache.calcite.jdbc;

import io.backtracedb.jdbc.ParameterBinder;
import io.backtracedb.sql.StatementShape;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * One connection's compiled plans of literal statements, keyed by their {@link StatementShape}: the
 * second run of {@code SELECT ... WHERE ts >= TIMESTAMP '...'} with other literals binds the new
 * values to the first run's plan instead of planning and compiling again. A plan is dropped when a
 * table is created or dropped, and the cache holds at most {@value #CAPACITY} plans (least recently
 * used go first). Plans are per connection because Calcite binds them to the connection's schema.
 */
final class BacktracePlanCache {
  static final int CAPACITY = 256;

  /** A compiled plan, and the catalog version it was planned against. */
  private record Plan(CalcitePrepare.CalciteSignature<Object> signature, long catalogVersion) {}

  private final Map<String, Plan> plans = lru();

  /** Shapes that do not plan as shapes (a parameter the validator cannot type); run as text. */
  private final Map<String, Boolean> refused = lru();

  /** A map in access order that drops its least recently used entry beyond {@link #CAPACITY}. */
  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CAPACITY;
      }
    };
  }

  private long hits;
  private long misses;

  /** The cached plan of {@code key}, or null. */
  synchronized CalcitePrepare.CalciteSignature<Object> plan(String key, long catalogVersion) {
    Plan plan = plans.get(key);
    if (plan == null || plan.catalogVersion() != catalogVersion) {
      misses++;
      return null;
    }
    hits++;
    return plan.signature();
  }

  synchronized void put(
      String key, CalcitePrepare.CalciteSignature<Object> signature, long catalogVersion) {
    plans.put(key, new Plan(signature, catalogVersion));
  }

  synchronized boolean isRefused(String key) {
    return refused.containsKey(key);
  }

  synchronized void refuse(String key) {
    refused.put(key, Boolean.TRUE);
  }

  /** Executions that reused a plan. */
  synchronized long hits() {
    return hits;
  }

  /** Executions of a liftable statement that had to plan. */
  synchronized long misses() {
    return misses;
  }

  /**
   * The shape's values bound to the plan's parameter types, or null when one does not convert (then
   * the statement runs as text and reports its own error).
   */
  static List<TypedValue> bind(List<AvaticaParameter> parameters, List<Object> values) {
    if (parameters.size() != values.size()) {
      return null;
    }
    List<TypedValue> bound = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      try {
        TypedValue value =
            ParameterBinder.bind(i + 1, parameters.get(i).parameterType, values.get(i));
        if (value == null) {
          return null;
        }
        bound.add(value);
      } catch (SQLException e) {
        return null;
      }
    }
    return bound;
  }
}
