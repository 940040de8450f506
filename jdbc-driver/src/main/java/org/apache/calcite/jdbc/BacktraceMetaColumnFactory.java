package org.apache.calcite.jdbc;

import java.sql.Types;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.schema.Table;

/**
 * Describes columns to {@code DatabaseMetaData.getColumns} the way tools expect: a plain type name
 * ({@code TIMESTAMP}, not Calcite's {@code TIMESTAMP(3) NOT NULL}) and a display size for every
 * type BacktraceDB stores.
 */
final class BacktraceMetaColumnFactory implements CalciteMetaColumnFactory {
  static final BacktraceMetaColumnFactory INSTANCE = new BacktraceMetaColumnFactory();

  /** Characters in {@code yyyy-mm-dd hh:mm:ss.fff}. */
  private static final int TIMESTAMP_SIZE = 23;

  /** Significant decimal digits that identify a double. */
  private static final int DOUBLE_DIGITS = 17;

  private BacktraceMetaColumnFactory() {}

  @Override
  public MetaImpl.MetaColumn createColumn(
      Table table,
      String tableCat,
      String tableSchem,
      String tableName,
      String columnName,
      int dataType,
      String typeName,
      Integer columnSize,
      Integer decimalDigits,
      int numPrecRadix,
      int nullable,
      Integer charOctetLength,
      int ordinalPosition,
      String isNullable) {
    String name = typeName;
    Integer size = columnSize;
    Integer digits = decimalDigits;
    // Only character columns have an octet length.
    Integer octets = dataType == Types.VARCHAR ? Integer.valueOf(Integer.MAX_VALUE) : null;
    switch (dataType) {
      case Types.BOOLEAN -> {
        name = "BOOLEAN";
        size = 1;
      }
      case Types.INTEGER -> {
        name = "INTEGER";
        size = 10;
        digits = 0;
      }
      case Types.BIGINT -> {
        name = "BIGINT";
        size = 19;
        digits = 0;
      }
      case Types.DOUBLE -> {
        name = "DOUBLE";
        size = DOUBLE_DIGITS;
      }
      case Types.VARCHAR -> {
        name = "VARCHAR";
        size = Integer.MAX_VALUE;
      }
      case Types.DATE -> {
        name = "DATE";
        size = 10;
      }
      case Types.TIMESTAMP -> {
        name = "TIMESTAMP";
        size = TIMESTAMP_SIZE;
        digits = 3;
      }
      default -> octets = charOctetLength;
    }
    return CalciteMetaColumnFactoryImpl.INSTANCE.createColumn(
        table,
        tableCat,
        tableSchem,
        tableName,
        columnName,
        dataType,
        name,
        size,
        digits,
        numPrecRadix,
        nullable,
        octets,
        ordinalPosition,
        isNullable);
  }

  @Override
  public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
    return CalciteMetaColumnFactoryImpl.INSTANCE.getMetaColumnClass();
  }
}
