package io.backtracedb.sql.function;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.StrictAggImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;

/**
 * Generates the code of one series aggregate signature: a fresh accumulator per group, a call of
 * its {@code add} per row whose arguments are all non-null (Calcite's strict aggregate skips the
 * others, and answers NULL for a group that had none), and a call of its result method. Arguments
 * are converted from Calcite's internal values (a TIMESTAMP is epoch milliseconds) to the
 * accumulator's primitive parameters.
 */
final class SeriesAggregateImplementor extends StrictAggImplementor {
  private final Class<?> accumulator;
  private final List<Expression> constructorArguments;
  private final Method add;
  private final Method result;

  SeriesAggregateImplementor(
      Class<?> accumulator, List<Expression> constructorArguments, Method add, Method result) {
    this.accumulator = accumulator;
    this.constructorArguments = constructorArguments;
    this.add = add;
    this.result = result;
  }

  @Override
  public List<Type> getNotNullState(AggContext info) {
    return List.of(accumulator);
  }

  @Override
  protected void implementNotNullReset(AggContext info, AggResetContext reset) {
    reset
        .currentBlock()
        .add(
            Expressions.statement(
                Expressions.assign(
                    reset.accumulator().get(0),
                    Expressions.new_(accumulator, constructorArguments))));
  }

  @Override
  protected void implementNotNullAdd(AggContext info, AggAddContext add) {
    List<Expression> arguments = add.arguments();
    Class<?>[] parameterTypes = this.add.getParameterTypes();
    List<Expression> converted = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      converted.add(EnumUtils.convert(arguments.get(i), parameterTypes[i]));
    }
    add.currentBlock()
        .add(
            Expressions.statement(Expressions.call(add.accumulator().get(0), this.add, converted)));
  }

  @Override
  protected Expression implementNotNullResult(AggContext info, AggResultContext result) {
    return Expressions.call(result.accumulator().get(0), this.result);
  }
}
