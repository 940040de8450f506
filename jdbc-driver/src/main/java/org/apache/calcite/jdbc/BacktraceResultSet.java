package org.apache.calcite.jdbc;

import static io.backtracedb.jdbc.BacktraceSqlErrors.translating;

import io.backtracedb.jdbc.TemporalValues;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/**
 * Calcite's result set with exact date-time reads ({@link TemporalValues}: the stored wall clock
 * comes back unchanged as {@code Timestamp}, {@code LocalDateTime}, {@code Instant}, {@code
 * OffsetDateTime} or {@code LocalDate}) and failures during iteration (a corrupt block, a cancel)
 * reported with an SQLState. Lives in Calcite's package because its superclass's constructor is
 * package-private.
 */
final class BacktraceResultSet extends CalciteResultSet {
  private int[] columnTypes;

  BacktraceResultSet(
      AvaticaStatement statement,
      CalcitePrepare.CalciteSignature<?> signature,
      ResultSetMetaData metaData,
      TimeZone timeZone,
      Meta.Frame firstFrame)
      throws SQLException {
    super(statement, signature, metaData, timeZone, firstFrame);
  }

  @Override
  public boolean next() throws SQLException {
    return translating(super::next);
  }

  private int typeOf(int column) throws SQLException {
    if (columnTypes == null) {
      ResultSetMetaData metaData = getMetaData();
      int[] types = new int[metaData.getColumnCount()];
      for (int i = 0; i < types.length; i++) {
        types[i] = metaData.getColumnType(i + 1);
      }
      columnTypes = types;
    }
    return column >= 1 && column <= columnTypes.length ? columnTypes[column - 1] : Types.OTHER;
  }

  /** The stored millis of a TIMESTAMP column, or null for SQL NULL. */
  private Long millis(int column) throws SQLException {
    long value = super.getLong(column);
    return wasNull() ? null : value;
  }

  /** The stored days of a DATE column, or null for SQL NULL. */
  private Integer days(int column) throws SQLException {
    int value = super.getInt(column);
    return wasNull() ? null : value;
  }

  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    return getTimestamp(column, (Calendar) null);
  }

  @Override
  public Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label), (Calendar) null);
  }

  @Override
  public Timestamp getTimestamp(String label, Calendar calendar) throws SQLException {
    return getTimestamp(findColumn(label), calendar);
  }

  /** The wall clock taken in {@code calendar}'s zone (the JVM's zone when null). */
  @Override
  public Timestamp getTimestamp(int column, Calendar calendar) throws SQLException {
    switch (typeOf(column)) {
      case Types.TIMESTAMP:
        Long millis = millis(column);
        return millis == null ? null : TemporalValues.timestamp(millis, calendar);
      case Types.DATE:
        Integer days = days(column);
        return days == null ? null : TemporalValues.timestamp(days * 86_400_000L, calendar);
      default:
        return calendar == null ? super.getTimestamp(column) : super.getTimestamp(column, calendar);
    }
  }

  @Override
  public Date getDate(int column) throws SQLException {
    switch (typeOf(column)) {
      case Types.DATE:
        Integer days = days(column);
        return days == null ? null : (Date) TemporalValues.dateAs(days, Date.class);
      case Types.TIMESTAMP:
        Long millis = millis(column);
        return millis == null ? null : (Date) TemporalValues.timestampAs(millis, Date.class);
      default:
        return super.getDate(column);
    }
  }

  @Override
  public Date getDate(String label) throws SQLException {
    return getDate(findColumn(label));
  }

  @Override
  public Object getObject(int column) throws SQLException {
    switch (typeOf(column)) {
      case Types.TIMESTAMP:
        return getTimestamp(column);
      case Types.DATE:
        return getDate(column);
      default:
        return super.getObject(column);
    }
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  @Override
  public <T> T getObject(int column, Class<T> type) throws SQLException {
    Object value = null;
    switch (typeOf(column)) {
      case Types.TIMESTAMP:
        Long millis = millis(column);
        if (millis == null) {
          return null;
        }
        value = TemporalValues.timestampAs(millis, type);
        break;
      case Types.DATE:
        Integer days = days(column);
        if (days == null) {
          return null;
        }
        value = TemporalValues.dateAs(days, type);
        break;
      default:
        break;
    }
    return value != null ? type.cast(value) : super.getObject(column, type);
  }

  @Override
  public <T> T getObject(String label, Class<T> type) throws SQLException {
    return getObject(findColumn(label), type);
  }
}
