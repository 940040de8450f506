package io.backtracedb.sql.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A read-only virtual table whose rows are computed from live engine state each time it is scanned.
 * Values are in Calcite's representation (epoch millis for TIMESTAMP).
 */
final class SysTable extends AbstractTable implements ScannableTable {
  /** A column of a sys table. */
  record Column(String name, SqlTypeName type) {}

  private final List<Column> columns;
  private final Supplier<List<Object[]>> rows;

  SysTable(List<Column> columns, Supplier<List<Object[]>> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  static Column column(String name, SqlTypeName type) {
    return new Column(name, type);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Column column : columns) {
      RelDataType type =
          column.type() == SqlTypeName.TIMESTAMP
              ? factory.createSqlType(SqlTypeName.TIMESTAMP, 3)
              : factory.createSqlType(column.type());
      builder.add(column.name(), factory.createTypeWithNullability(type, true));
    }
    return builder.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(new ArrayList<>(rows.get()));
  }

  /** Tools list these apart from user tables. */
  @Override
  public org.apache.calcite.schema.Schema.TableType getJdbcTableType() {
    return org.apache.calcite.schema.Schema.TableType.SYSTEM_TABLE;
  }
}
