package org.apache.calcite.jdbc;

import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.util.Holder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The context of one execution: its parameter values and clock, with Calcite's other variables made
 * only when a statement asks for one. Calcite's own context builds a map of every variable (the
 * user, the locale, the standard streams, four clocks) for every execution, which costs more than a
 * cached point lookup's reads. The clock is read once, when the execution starts, and every time
 * variable derives from it, as in Calcite's.
 */
final class ExecutionContext implements DataContext {
  /**
   * The variables Calcite's context holds besides the parameters and the clock; any other name (the
   * timeout of a statement that has none, say) is absent there too.
   */
  private static final Set<String> MADE_BY_CALCITE =
      Set.of(
          Variable.TIME_FRAME_SET.camelName,
          Variable.USER.camelName,
          Variable.SYSTEM_USER.camelName,
          Variable.LOCALE.camelName,
          Variable.STDIN.camelName,
          Variable.STDOUT.camelName,
          Variable.STDERR.camelName,
          Variable.SQL_ADVISOR.camelName);

  private final BacktraceConnection connection;
  private final Map<String, Object> parameters;
  private final @Nullable CalciteSchema rootSchema;
  private final long time;
  private @Nullable DataContext others;

  ExecutionContext(
      BacktraceConnection connection,
      Map<String, Object> parameters,
      @Nullable CalciteSchema rootSchema) {
    this.connection = connection;
    this.parameters = parameters;
    this.rootSchema = rootSchema;
    Holder<Long> clock = Holder.of(System.currentTimeMillis());
    Hook.CURRENT_TIME.run(clock);
    this.time = clock.get();
  }

  @Override
  public @Nullable SchemaPlus getRootSchema() {
    return rootSchema == null ? null : rootSchema.plus();
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return connection.getTypeFactory();
  }

  @Override
  public QueryProvider getQueryProvider() {
    return connection;
  }

  @Override
  public @Nullable Object get(String name) {
    if (parameters.containsKey(name)) {
      Object value = parameters.get(name);
      return value == AvaticaSite.DUMMY_VALUE ? null : value;
    }
    if (Variable.UTC_TIMESTAMP.camelName.equals(name)) {
      return time;
    }
    if (Variable.CURRENT_TIMESTAMP.camelName.equals(name)
        || Variable.LOCAL_TIMESTAMP.camelName.equals(name)) {
      return time + connection.getTimeZone().getOffset(time);
    }
    if (Variable.SYS_TIMESTAMP.camelName.equals(name)) {
      return time + TimeZone.getDefault().getOffset(time);
    }
    if (Variable.TIME_ZONE.camelName.equals(name)) {
      return connection.getTimeZone();
    }
    return MADE_BY_CALCITE.contains(name) ? others().get(name) : null;
  }

  /** Calcite's context, for the variables that do not depend on the clock; made on first use. */
  private DataContext others() {
    DataContext context = others;
    if (context == null) {
      context = new CalciteConnectionImpl.DataContextImpl(connection, parameters, rootSchema);
      others = context;
    }
    return context;
  }
}
