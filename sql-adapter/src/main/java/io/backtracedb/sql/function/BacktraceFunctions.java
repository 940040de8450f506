package io.backtracedb.sql.function;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import org.apache.calcite.schema.Function;

/** The SQL functions a BacktraceDB schema offers, by name. */
public final class BacktraceFunctions {
  private BacktraceFunctions() {}

  /** Every function, under its SQL name. */
  public static Multimap<String, Function> all() {
    ImmutableMultimap.Builder<String, Function> functions = ImmutableMultimap.builder();
    for (TimeBucketFunction signature : TimeBucketFunction.signatures()) {
      functions.put("time_bucket", signature);
    }
    for (SeriesAggregateFunction.Named signature : SeriesAggregateFunction.signatures()) {
      functions.put(signature.name(), signature.function());
    }
    return functions.build();
  }
}
