package io.backtracedb.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;

/**
 * Exact conversions between JDBC's date-time objects and BacktraceDB's storage: a TIMESTAMP is a
 * zone-less wall-clock time held as milliseconds since 1970-01-01T00:00 (as Calcite evaluates it),
 * a DATE is days since 1970-01-01.
 *
 * <p>Nothing here consults the JVM's default time zone except where JDBC defines {@link
 * java.sql.Timestamp} and {@link java.sql.Date} by it: their wall-clock fields ({@code
 * toLocalDateTime()}, {@code toLocalDate()}) are what is stored and what comes back, so values
 * survive daylight-saving transitions unchanged. An {@link Instant}, {@link OffsetDateTime} or
 * {@link ZonedDateTime} is stored as its UTC wall clock and reads back as the same instant.
 * Sub-millisecond digits are truncated: TIMESTAMP has millisecond precision (docs/sql.md).
 */
public final class TemporalValues {
  private static final long MILLIS_PER_SECOND = 1000;
  private static final int NANOS_PER_MILLI = 1_000_000;

  private TemporalValues() {}

  /** The stored millis of a wall-clock time. */
  public static long millis(LocalDateTime value) {
    return value.toEpochSecond(ZoneOffset.UTC) * MILLIS_PER_SECOND
        + value.getNano() / NANOS_PER_MILLI;
  }

  /** The wall-clock time of stored millis. */
  public static LocalDateTime localDateTime(long millis) {
    long seconds = Math.floorDiv(millis, MILLIS_PER_SECOND);
    int nanos = (int) Math.floorMod(millis, MILLIS_PER_SECOND) * NANOS_PER_MILLI;
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }

  /**
   * The stored millis of a value bound to a TIMESTAMP parameter, or null when {@code value} is not
   * a date-time object this driver converts.
   */
  public static Long timestampMillis(Object value) throws SQLException {
    if (value instanceof Timestamp timestamp) {
      return millis(timestamp.toLocalDateTime());
    } else if (value instanceof java.sql.Date date) {
      return millis(date.toLocalDate().atStartOfDay());
    } else if (value instanceof java.util.Date date) {
      return millis(new Timestamp(date.getTime()).toLocalDateTime());
    } else if (value instanceof LocalDateTime local) {
      return millis(local);
    } else if (value instanceof LocalDate date) {
      return millis(date.atStartOfDay());
    } else if (value instanceof Instant instant) {
      return millis(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    } else if (value instanceof OffsetDateTime offset) {
      return millis(offset.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } else if (value instanceof ZonedDateTime zoned) {
      return millis(zoned.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } else if (value instanceof Calendar calendar) {
      return timestampMillis(calendar.toInstant());
    } else if (value instanceof String text) {
      return millis(parseTimestamp(text));
    }
    return null;
  }

  /**
   * The stored days of a value bound to a DATE parameter, or null when {@code value} is not a date
   * object this driver converts. A time of day is refused rather than dropped.
   */
  public static Integer dateDays(Object value) throws SQLException {
    LocalDate date;
    if (value instanceof java.sql.Date sqlDate) {
      date = sqlDate.toLocalDate();
    } else if (value instanceof LocalDate local) {
      date = local;
    } else if (value instanceof String text) {
      try {
        date = LocalDate.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new SQLDataException(
            "cannot convert '" + text + "' to DATE: expected yyyy-mm-dd", "22007", e);
      }
    } else {
      LocalDateTime time = null;
      Long millis = value instanceof java.util.Date ? timestampMillis(value) : null;
      if (value instanceof LocalDateTime local) {
        time = local;
      } else if (millis != null) {
        time = localDateTime(millis);
      }
      if (time == null) {
        return null;
      }
      if (!time.toLocalTime().equals(LocalTime.MIDNIGHT)) {
        throw new SQLDataException(
            "cannot convert " + time + " to DATE: it has a time of day", "22007");
      }
      date = time.toLocalDate();
    }
    return Math.toIntExact(date.toEpochDay());
  }

  /** A timestamp literal: {@code yyyy-mm-dd hh:mm:ss[.f...]}, ISO-8601, optionally with a zone. */
  static LocalDateTime parseTimestamp(String text) throws SQLException {
    String trimmed = text.trim();
    try {
      if (trimmed.length() == 10) {
        return LocalDate.parse(trimmed).atStartOfDay();
      }
      String iso = trimmed.replace(' ', 'T');
      if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(iso).atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return LocalDateTime.parse(iso);
    } catch (DateTimeParseException e) {
      throw new SQLDataException(
          "cannot convert '" + text + "' to TIMESTAMP: expected yyyy-mm-dd hh:mm:ss[.fff]",
          "22007",
          e);
    }
  }

  /** Stored millis as a {@link Timestamp} with the same wall clock in the JVM's zone. */
  public static Timestamp timestamp(long millis) {
    return Timestamp.valueOf(localDateTime(millis));
  }

  /** Stored millis as a {@link Timestamp}: the wall clock taken in {@code calendar}'s zone. */
  public static Timestamp timestamp(long millis, Calendar calendar) {
    if (calendar == null) {
      return timestamp(millis);
    }
    ZoneId zone = calendar.getTimeZone().toZoneId();
    return Timestamp.from(localDateTime(millis).atZone(zone).toInstant());
  }

  /**
   * Stored millis as {@code type}: {@link LocalDateTime}, {@link Instant}, {@link OffsetDateTime}
   * (at UTC), {@link ZonedDateTime} (at UTC), {@link LocalDate}, {@link Timestamp}, {@link
   * java.sql.Date}; null for other types.
   */
  public static Object timestampAs(long millis, Class<?> type) {
    LocalDateTime local = localDateTime(millis);
    if (type == LocalDateTime.class) {
      return local;
    } else if (type == Instant.class) {
      return local.toInstant(ZoneOffset.UTC);
    } else if (type == OffsetDateTime.class) {
      return local.atOffset(ZoneOffset.UTC);
    } else if (type == ZonedDateTime.class) {
      return local.atZone(ZoneOffset.UTC);
    } else if (type == LocalDate.class) {
      return local.toLocalDate();
    } else if (type == Timestamp.class || type == java.util.Date.class) {
      return timestamp(millis);
    } else if (type == java.sql.Date.class) {
      return java.sql.Date.valueOf(local.toLocalDate());
    }
    return null;
  }

  /**
   * Stored days as {@code type}: {@link LocalDate}, {@link java.sql.Date}, {@link LocalDateTime}
   * (midnight), {@link Timestamp} (midnight); null for other types.
   */
  public static Object dateAs(int days, Class<?> type) {
    LocalDate date = LocalDate.ofEpochDay(days);
    if (type == LocalDate.class) {
      return date;
    } else if (type == java.sql.Date.class || type == java.util.Date.class) {
      return java.sql.Date.valueOf(date);
    } else if (type == LocalDateTime.class) {
      return date.atStartOfDay();
    } else if (type == Timestamp.class) {
      return Timestamp.valueOf(date.atStartOfDay());
    }
    return null;
  }
}
