package io.backtracedb.column;

import io.backtracedb.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Converts Java values to a column type's representation: Long for BIGINT and TIMESTAMP (epoch
 * milliseconds), Integer for INTEGER and DATE (epoch days), Double, Boolean, String.
 *
 * <p>A value that does not fit raises {@link IllegalArgumentException} with a message of the form
 * {@code expects DOUBLE, got VARCHAR 'abc'} that callers prefix with table, column and row.
 */
public final class Values {
  private Values() {}

  /** The value converted to {@code type}'s representation; null stays null. */
  public static Object normalize(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    Object converted =
        switch (type) {
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case INTEGER -> toInteger(value);
          case BIGINT -> toLong(value);
          case DOUBLE ->
              value instanceof Number number && !(value instanceof BigInteger)
                  ? Double.valueOf(number.doubleValue())
                  : null;
          case VARCHAR -> value instanceof CharSequence text ? text.toString() : null;
          case TIMESTAMP -> toEpochMillis(value);
          case DATE -> toEpochDay(value);
        };
    if (converted == null) {
      throw new IllegalArgumentException("expects " + type + ", got " + describe(value));
    }
    return converted;
  }

  /** How a value reads in an error message: its SQL type name and the value. */
  public static String describe(Object value) {
    if (value == null) {
      return "NULL";
    }
    String kind;
    if (value instanceof String) {
      kind = "VARCHAR";
    } else if (value instanceof Long) {
      kind = "BIGINT";
    } else if (value instanceof Integer) {
      kind = "INTEGER";
    } else if (value instanceof Double) {
      kind = "DOUBLE";
    } else if (value instanceof Boolean) {
      kind = "BOOLEAN";
    } else {
      kind = value.getClass().getSimpleName();
    }
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return kind + " " + (value instanceof CharSequence ? "'" + text + "'" : text);
  }

  private static Integer toInteger(Object value) {
    Long wide = toLong(value);
    if (wide == null || wide < Integer.MIN_VALUE || wide > Integer.MAX_VALUE) {
      return null;
    }
    return wide.intValue();
  }

  private static Long toLong(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? big.longValue() : null;
    }
    if (value instanceof BigDecimal dec) {
      try {
        return dec.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static Long toEpochMillis(Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    } else if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    } else if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    } else if (value instanceof OffsetDateTime offset) {
      return offset.toInstant().toEpochMilli();
    } else if (value instanceof ZonedDateTime zoned) {
      return zoned.toInstant().toEpochMilli();
    } else if (value instanceof java.util.Date date) {
      return date.getTime();
    }
    return null;
  }

  private static Integer toEpochDay(Object value) {
    if (value instanceof Integer days) {
      return days;
    } else if (value instanceof LocalDate date) {
      return Math.toIntExact(date.toEpochDay());
    } else if (value instanceof java.sql.Date date) {
      return Math.toIntExact(date.toLocalDate().toEpochDay());
    }
    return null;
  }

  /**
   * The engine's total order of doubles (PostgreSQL's and DuckDB's): -0.0 equals 0.0, NaN equals
   * NaN and is greater than every other value. Comparisons, IN, pruning and Parquet pushdown all
   * follow it, so that negating a comparison is exact.
   */
  public static int compareDoubles(double a, double b) {
    return a == b ? 0 : Double.compare(a, b);
  }

  /** Compares two normalized values of the same type (doubles as {@link #compareDoubles}). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object left, Object right) {
    if (left instanceof Double a && right instanceof Double b) {
      return compareDoubles(a, b);
    }
    return ((Comparable) left).compareTo(right);
  }
}
