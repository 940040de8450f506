package io.backtracedb.jdbc;

import java.math.BigDecimal;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Converts a value given to a {@link java.sql.PreparedStatement} setter into the representation the
 * compiled statement reads for the parameter's SQL type, or refuses it with an SQLState that says
 * why. Numbers convert between numeric types only when no digit is lost; strings parse into
 * numbers, booleans and date-times; date-times follow {@link TemporalValues}.
 */
public final class ParameterBinder {
  private ParameterBinder() {}

  /**
   * The bound value of parameter {@code index} (1-based) of SQL type {@code sqlType}, or null when
   * the type is one this binder leaves to Avatica (for example a parameter whose type the validator
   * could not infer). {@code value} is not null.
   */
  public static TypedValue bind(int index, int sqlType, Object value) throws SQLException {
    switch (sqlType) {
      case Types.TIMESTAMP:
        Long millis = TemporalValues.timestampMillis(value);
        if (millis == null) {
          throw mismatch(index, "TIMESTAMP", value);
        }
        return TypedValue.ofLocal(ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP, millis);
      case Types.DATE:
        Integer days = TemporalValues.dateDays(value);
        if (days == null) {
          throw mismatch(index, "DATE", value);
        }
        return TypedValue.ofLocal(ColumnMetaData.Rep.JAVA_SQL_DATE, days);
      case Types.INTEGER:
        return TypedValue.ofLocal(ColumnMetaData.Rep.INTEGER, integer(index, value));
      case Types.BIGINT:
        return TypedValue.ofLocal(ColumnMetaData.Rep.LONG, bigint(index, value));
      case Types.DOUBLE:
        return TypedValue.ofLocal(ColumnMetaData.Rep.DOUBLE, decimal(index, "DOUBLE", value));
      case Types.DECIMAL:
      case Types.NUMERIC:
        return TypedValue.ofLocal(ColumnMetaData.Rep.NUMBER, exact(index, "DECIMAL", value));
      case Types.BOOLEAN:
        return TypedValue.ofLocal(ColumnMetaData.Rep.BOOLEAN, bool(index, value));
      case Types.VARCHAR:
      case Types.CHAR:
        return TypedValue.ofLocal(ColumnMetaData.Rep.STRING, string(index, value));
      default:
        return null;
    }
  }

  private static int integer(int index, Object value) throws SQLException {
    long result = bigint(index, value);
    if (result != (int) result) {
      throw new SQLDataException(
          "parameter " + index + " is INTEGER: " + value + " is out of range", "22003");
    }
    return (int) result;
  }

  private static long bigint(int index, Object value) throws SQLException {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    BigDecimal exact = exact(index, "BIGINT", value);
    try {
      return exact.longValueExact();
    } catch (ArithmeticException e) {
      throw new SQLDataException(
          "parameter " + index + " is BIGINT: " + value + " is out of range or not whole",
          "22003",
          e);
    }
  }

  private static BigDecimal exact(int index, String type, Object value) throws SQLException {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw new SQLDataException(
            "parameter " + index + " is " + type + ": got " + value, "22003");
      }
      return BigDecimal.valueOf(number);
    } else if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    } else if (value instanceof String text) {
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        throw new SQLDataException(
            "parameter " + index + " is " + type + ": cannot convert '" + text + "'", "22018", e);
      }
    }
    throw mismatch(index, type, value);
  }

  private static double decimal(int index, String type, Object value) throws SQLException {
    if (value instanceof Number number) {
      return number.doubleValue();
    } else if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new SQLDataException(
            "parameter " + index + " is " + type + ": cannot convert '" + text + "'", "22018", e);
      }
    }
    throw mismatch(index, type, value);
  }

  private static boolean bool(int index, Object value) throws SQLException {
    if (value instanceof Boolean bool) {
      return bool;
    } else if (value instanceof String text) {
      String lower = text.trim().toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("false")) {
        return lower.equals("true");
      }
      throw new SQLDataException(
          "parameter " + index + " is BOOLEAN: cannot convert '" + text + "'", "22018");
    } else if (value instanceof Number number
        && (number.intValue() == 0 || number.intValue() == 1)
        && number.doubleValue() == number.intValue()) {
      return number.intValue() == 1;
    }
    throw mismatch(index, "BOOLEAN", value);
  }

  private static String string(int index, Object value) throws SQLException {
    if (value instanceof String
        || value instanceof Character
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof TemporalAccessor) {
      return value.toString();
    }
    throw mismatch(index, "VARCHAR", value);
  }

  private static SQLException mismatch(int index, String type, Object value) {
    return new SQLDataException(
        "parameter "
            + index
            + " is "
            + type
            + ": cannot convert "
            + value.getClass().getSimpleName()
            + " "
            + value,
        "22000");
  }
}
