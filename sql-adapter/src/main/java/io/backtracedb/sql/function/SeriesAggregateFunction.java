package io.backtracedb.sql.function;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One signature of a series aggregate ({@code increase}, {@code rate}, {@code delta}, {@code
 * deriv}, {@code first_sample}, {@code last_sample}) as a schema function. Its parameters have SQL
 * types (TIMESTAMP) that a reflective aggregate cannot declare, and {@code first_sample}/{@code
 * last_sample} answer in their value's type, so each signature names its SQL types and the
 * accumulator class whose methods generated code calls.
 */
final class SeriesAggregateFunction implements AggregateFunction, ImplementableAggFunction {
  /** A TIMESTAMP is epoch milliseconds inside Calcite. */
  static final long TIMESTAMP_UNITS_PER_SECOND = 1_000L;

  /** A BIGINT time is taken as microseconds, the default {@code time_unit} of a table. */
  static final long BIGINT_UNITS_PER_SECOND = 1_000_000L;

  private static final String[] PARAMETER_NAMES = {"value", "time", "units_per_second"};

  private final List<SqlTypeName> parameterTypes;
  private final SqlTypeName returnType;
  private final Class<?> accumulator;
  private final List<Expression> constructorArguments;
  private final Method add;
  private final Method result;

  private SeriesAggregateFunction(
      List<SqlTypeName> parameterTypes,
      SqlTypeName returnType,
      Class<?> accumulator,
      List<Expression> constructorArguments,
      String result) {
    this.parameterTypes = parameterTypes;
    this.returnType = returnType;
    this.accumulator = accumulator;
    this.constructorArguments = constructorArguments;
    Class<?> valueType =
        accumulator == FirstLastLong.class
            ? long.class
            : accumulator == FirstLastObject.class ? Object.class : double.class;
    Class<?>[] addTypes = new Class<?>[parameterTypes.size()];
    addTypes[0] = valueType;
    for (int i = 1; i < addTypes.length; i++) {
      addTypes[i] = long.class;
    }
    try {
      this.add = accumulator.getMethod("add", addTypes);
      this.result = accumulator.getMethod(result);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("cannot find accumulator method: " + e.getMessage(), e);
    }
  }

  /** The signatures of every series aggregate, under their SQL names. */
  static List<Named> signatures() {
    List<Named> signatures = new ArrayList<>();
    for (SqlTypeName time : List.of(SqlTypeName.TIMESTAMP, SqlTypeName.BIGINT)) {
      long unitsPerSecond =
          time == SqlTypeName.TIMESTAMP ? TIMESTAMP_UNITS_PER_SECOND : BIGINT_UNITS_PER_SECOND;
      List<SqlTypeName> doubleAt = List.of(SqlTypeName.DOUBLE, time);
      signatures.add(timed("increase", doubleAt, SampleBuffer.class, unitsPerSecond, "increase"));
      signatures.add(timed("rate", doubleAt, SampleBuffer.class, unitsPerSecond, "rate"));
      signatures.add(timed("deriv", doubleAt, SlopeAccumulator.class, unitsPerSecond, "slope"));
      signatures.add(
          untimed("delta", doubleAt, SqlTypeName.DOUBLE, FirstLastDouble.class, "delta"));
      for (String edge : List.of("first", "last")) {
        // FIRST(x, n) and LAST(x, n) parse as MATCH_RECOGNIZE navigation, whose second argument
        // must be a literal, so plain first(value, time) cannot be called: hence first_sample.
        String name = edge + "_sample";
        signatures.add(untimed(name, doubleAt, SqlTypeName.DOUBLE, FirstLastDouble.class, edge));
        // Calcite holds these as long (BIGINT, TIMESTAMP) or int (INTEGER, DATE).
        for (SqlTypeName integer :
            List.of(
                SqlTypeName.BIGINT, SqlTypeName.INTEGER, SqlTypeName.TIMESTAMP, SqlTypeName.DATE)) {
          signatures.add(untimed(name, List.of(integer, time), integer, FirstLastLong.class, edge));
        }
        for (SqlTypeName object : List.of(SqlTypeName.VARCHAR, SqlTypeName.BOOLEAN)) {
          signatures.add(untimed(name, List.of(object, time), object, FirstLastObject.class, edge));
        }
      }
    }
    // rate and deriv on a BIGINT time in another unit than microseconds.
    List<SqlTypeName> withUnit =
        List.of(SqlTypeName.DOUBLE, SqlTypeName.BIGINT, SqlTypeName.BIGINT);
    signatures.add(timed("rate", withUnit, SampleBuffer.class, 0, "rate"));
    signatures.add(timed("deriv", withUnit, SlopeAccumulator.class, 0, "slope"));
    return signatures;
  }

  private static Named timed(
      String name,
      List<SqlTypeName> parameters,
      Class<?> accumulator,
      long unitsPerSecond,
      String result) {
    return new Named(
        name,
        new SeriesAggregateFunction(
            parameters,
            SqlTypeName.DOUBLE,
            accumulator,
            List.of(Expressions.constant(unitsPerSecond)),
            result));
  }

  private static Named untimed(
      String name,
      List<SqlTypeName> parameters,
      SqlTypeName returnType,
      Class<?> accumulator,
      String result) {
    return new Named(
        name, new SeriesAggregateFunction(parameters, returnType, accumulator, List.of(), result));
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    // NULL for a group without a non-null sample, and for rate and deriv without a time span.
    return typeFactory.createTypeWithNullability(sqlType(typeFactory, returnType), true);
  }

  /** A TIMESTAMP has millisecond precision, as every TIMESTAMP column does. */
  private static RelDataType sqlType(RelDataTypeFactory typeFactory, SqlTypeName type) {
    return type == SqlTypeName.TIMESTAMP
        ? typeFactory.createSqlType(type, 3)
        : typeFactory.createSqlType(type);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> parameters = new ArrayList<>();
    for (int i = 0; i < parameterTypes.size(); i++) {
      parameters.add(new Parameter(i, parameterTypes.get(i)));
    }
    return parameters;
  }

  @Override
  public AggImplementor getImplementor(boolean windowContext) {
    return new SeriesAggregateImplementor(accumulator, constructorArguments, add, result);
  }

  /** A signature with the SQL name it is registered under. */
  record Named(String name, SeriesAggregateFunction function) {}

  /** One parameter of a signature, by position and SQL type. */
  private record Parameter(int ordinal, SqlTypeName type) implements FunctionParameter {
    @Override
    public int getOrdinal() {
      return ordinal;
    }

    @Override
    public String getName() {
      return PARAMETER_NAMES[ordinal];
    }

    @Override
    public RelDataType getType(RelDataTypeFactory typeFactory) {
      return sqlType(typeFactory, type);
    }

    @Override
    public boolean isOptional() {
      return false;
    }
  }
}
