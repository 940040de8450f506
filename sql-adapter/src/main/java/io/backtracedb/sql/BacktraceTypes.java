package io.backtracedb.sql;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps BacktraceDB column types to Calcite SQL types. */
final class BacktraceTypes {
  /** TIMESTAMP is millisecond precision end to end (docs/architecture.md). */
  static final int TIMESTAMP_PRECISION = 3;

  private BacktraceTypes() {}

  static RelDataType rowType(RelDataTypeFactory factory, Schema schema) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Column column : schema.columns()) {
      builder.add(
          column.name(),
          factory.createTypeWithNullability(sqlType(factory, column.type()), column.nullable()));
    }
    return builder.build();
  }

  static RelDataType sqlType(RelDataTypeFactory factory, ColumnType type) {
    return switch (type) {
      case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
      case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION);
      case DATE -> factory.createSqlType(SqlTypeName.DATE);
    };
  }
}
