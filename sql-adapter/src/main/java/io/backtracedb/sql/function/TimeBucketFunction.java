package io.backtracedb.sql.function;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One signature of {@code time_bucket} as a schema function whose parameters have SQL types
 * (INTERVAL, TIMESTAMP) that a plain Java method cannot declare; generated code calls a static
 * method of {@link TimeBucket}, since both types are milliseconds inside Calcite.
 */
final class TimeBucketFunction implements ScalarFunction, ImplementableFunction {
  private final ImplementableFunction implementation;
  private final List<Function<RelDataTypeFactory, RelDataType>> parameterTypes;
  private final Function<RelDataTypeFactory, RelDataType> returnType;

  private TimeBucketFunction(
      String method,
      int arity,
      List<Function<RelDataTypeFactory, RelDataType>> parameterTypes,
      Function<RelDataTypeFactory, RelDataType> returnType) {
    Class<?>[] longs = new Class<?>[arity];
    java.util.Arrays.fill(longs, long.class);
    Method target;
    try {
      target = TimeBucket.class.getMethod(method, longs);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    this.implementation = (ImplementableFunction) ScalarFunctionImpl.create(target);
    this.parameterTypes = parameterTypes;
    this.returnType = returnType;
  }

  /** The signatures of {@code time_bucket}. */
  static List<TimeBucketFunction> signatures() {
    Function<RelDataTypeFactory, RelDataType> interval =
        f ->
            f.createSqlIntervalType(
                new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
    Function<RelDataTypeFactory, RelDataType> timestamp =
        f -> f.createSqlType(SqlTypeName.TIMESTAMP, 3);
    Function<RelDataTypeFactory, RelDataType> bigint = f -> f.createSqlType(SqlTypeName.BIGINT);
    List<TimeBucketFunction> signatures = new ArrayList<>();
    signatures.add(
        new TimeBucketFunction("bucketTimestamp", 2, List.of(interval, timestamp), timestamp));
    signatures.add(
        new TimeBucketFunction("bucket", 3, List.of(interval, timestamp, timestamp), timestamp));
    signatures.add(new TimeBucketFunction("bucketNumber", 2, List.of(bigint, bigint), bigint));
    signatures.add(new TimeBucketFunction("bucket", 3, List.of(bigint, bigint, bigint), bigint));
    return signatures;
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return returnType.apply(typeFactory);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> parameters = new ArrayList<>();
    String[] names = {"width", "time", "origin"};
    for (int i = 0; i < parameterTypes.size(); i++) {
      int ordinal = i;
      parameters.add(
          new FunctionParameter() {
            @Override
            public int getOrdinal() {
              return ordinal;
            }

            @Override
            public String getName() {
              return names[ordinal];
            }

            @Override
            public RelDataType getType(RelDataTypeFactory typeFactory) {
              return parameterTypes.get(ordinal).apply(typeFactory);
            }

            @Override
            public boolean isOptional() {
              return false;
            }
          });
    }
    return parameters;
  }

  @Override
  public CallImplementor getImplementor() {
    return implementation.getImplementor();
  }
}
