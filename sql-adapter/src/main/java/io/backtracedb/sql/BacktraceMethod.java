package io.backtracedb.sql;

import java.lang.reflect.Method;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Types;

/** The methods generated code calls. */
enum BacktraceMethod {
  SCAN(BacktraceTable.class, "scan", DataContext.class, BacktraceScanSpec.class),
  INSERT(BacktraceTable.class, "insert", DataContext.class, Enumerable.class);

  final Method method;

  BacktraceMethod(Class<?> owner, String name, Class<?>... parameters) {
    this.method = Types.lookupMethod(owner, name, parameters);
  }
}
