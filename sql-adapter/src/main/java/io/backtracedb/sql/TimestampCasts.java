package io.backtracedb.sql;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's convertlets, except that a cast of a TIMESTAMP to a character type keeps the value's
 * fractional seconds: Calcite's own cast formats every timestamp to whole seconds, so {@code
 * CAST(ts AS VARCHAR)} of a millisecond time column would lose its milliseconds. The cast becomes a
 * call formatting the timestamp with the digits of its type's precision (at most 3, the
 * milliseconds a TIMESTAMP holds), then the standard cast of that string to the target type, which
 * truncates or pads it as any string cast does.
 */
public final class TimestampCasts implements SqlRexConvertletTable {
  /** Milliseconds: the finest fraction a TIMESTAMP value holds. */
  private static final int MAX_DIGITS = 3;

  /** {@code $TIMESTAMP_TO_STRING(ts, digits)}: {@link #format}, made for casts only. */
  private static final SqlUserDefinedFunction FORMAT =
      new SqlUserDefinedFunction(
          new SqlIdentifier("$TIMESTAMP_TO_STRING", SqlParserPos.ZERO),
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.VARCHAR),
          InferTypes.RETURN_TYPE,
          null,
          ScalarFunctionImpl.create(TimestampCasts.class, "format"));

  /** The table for the planner of a BacktraceDB connection. */
  public static final TimestampCasts INSTANCE = new TimestampCasts();

  private TimestampCasts() {}

  @Override
  public SqlRexConvertlet get(SqlCall call) {
    SqlRexConvertlet standard = StandardConvertletTable.INSTANCE.get(call);
    if (call.getKind() != SqlKind.CAST || standard == null) {
      return standard;
    }
    return (context, cast) -> {
      RelDataType from = context.getValidator().getValidatedNodeType(cast.operand(0));
      RelDataType to = context.getValidator().getValidatedNodeType(cast);
      if (from.getSqlTypeName() != SqlTypeName.TIMESTAMP
          || to.getSqlTypeName().getFamily() != SqlTypeFamily.CHARACTER) {
        return standard.convertCall(context, cast);
      }
      return formatted(context, cast, from, to);
    };
  }

  private static RexNode formatted(
      SqlRexContext context, SqlCall cast, RelDataType from, RelDataType to) {
    RexBuilder rex = context.getRexBuilder();
    RelDataTypeFactory types = rex.getTypeFactory();
    int precision =
        from.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? 0 : from.getPrecision();
    int digits = Math.max(0, Math.min(precision, MAX_DIGITS));
    RelDataType text =
        types.createTypeWithNullability(
            types.createSqlType(SqlTypeName.VARCHAR), from.isNullable());
    RexNode call =
        rex.makeCall(
            text,
            FORMAT,
            List.of(
                context.convertExpression(cast.operand(0)),
                rex.makeExactLiteral(BigDecimal.valueOf(digits))));
    return rex.makeCast(to, call);
  }

  /**
   * A timestamp (milliseconds since the epoch, UTC wall clock) as {@code yyyy-MM-dd HH:mm:ss}
   * followed by {@code digits} digits of its fraction; null for NULL.
   */
  public static String format(Long timestamp, int digits) {
    return timestamp == null ? null : DateTimeUtils.unixTimestampToString(timestamp, digits);
  }
}
