package org.apache.calcite.jdbc;

import static io.backtracedb.jdbc.BacktraceSqlErrors.translating;

import io.backtracedb.jdbc.BacktraceSqlErrors;
import io.backtracedb.jdbc.ParameterBinder;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Calcite's prepared statement with exact parameter binding ({@link ParameterBinder}: java.time
 * values, no time-zone shift, clear errors for values of the wrong type) and every failure reported
 * with an SQLState. Lives in Calcite's package because its superclass is package-private.
 */
final class BacktracePreparedStatement extends CalcitePreparedStatement {
  BacktracePreparedStatement(
      CalciteConnectionImpl connection,
      Meta.StatementHandle h,
      CalcitePrepare.CalciteSignature<?> signature,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability)
      throws SQLException {
    super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  /** A setter of Avatica's, used for null values and parameter types the binder leaves alone. */
  @FunctionalInterface
  private interface Fallback {
    void set() throws SQLException;
  }

  private void bind(int index, Object value, Fallback fallback) throws SQLException {
    checkOpen();
    if (index < 1 || index > slots.length) {
      throw new SQLException(
          "parameter index " + index + " is out of range: the statement has " + slots.length,
          "07009");
    }
    if (value != null) {
      int type = getSignature().parameters.get(index - 1).parameterType;
      TypedValue bound = ParameterBinder.bind(index, type, value);
      if (bound != null) {
        slots[index - 1] = bound;
        return;
      }
    }
    fallback.set();
  }

  // Execution, with SQLStates.

  /**
   * Runs one execution: a cancel left over from an earlier execution is forgotten (JDBC's cancel
   * stops the statement running now), and failures get their SQLStates.
   */
  private <T> T run(BacktraceSqlErrors.JdbcCall<T> execution) throws SQLException {
    cancelFlag.set(false);
    return translating(execution);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return run(super::executeQuery);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return run(super::executeLargeUpdate);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(super::execute);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return run(super::executeLargeBatch);
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return run(super::executeBatch);
  }

  // Values converted by the binder.

  @Override
  public void setObject(int index, Object x) throws SQLException {
    bind(index, x, () -> super.setObject(index, x));
  }

  @Override
  public void setObject(int index, Object x, int targetSqlType) throws SQLException {
    bind(index, x, () -> super.setObject(index, x, targetSqlType));
  }

  @Override
  public void setObject(int index, Object x, int targetSqlType, int scale) throws SQLException {
    bind(index, x, () -> super.setObject(index, x, targetSqlType, scale));
  }

  @Override
  public void setString(int index, String x) throws SQLException {
    bind(index, x, () -> super.setString(index, x));
  }

  @Override
  public void setBoolean(int index, boolean x) throws SQLException {
    bind(index, x, () -> super.setBoolean(index, x));
  }

  @Override
  public void setByte(int index, byte x) throws SQLException {
    bind(index, x, () -> super.setByte(index, x));
  }

  @Override
  public void setShort(int index, short x) throws SQLException {
    bind(index, x, () -> super.setShort(index, x));
  }

  @Override
  public void setInt(int index, int x) throws SQLException {
    bind(index, x, () -> super.setInt(index, x));
  }

  @Override
  public void setLong(int index, long x) throws SQLException {
    bind(index, x, () -> super.setLong(index, x));
  }

  @Override
  public void setFloat(int index, float x) throws SQLException {
    bind(index, x, () -> super.setFloat(index, x));
  }

  @Override
  public void setDouble(int index, double x) throws SQLException {
    bind(index, x, () -> super.setDouble(index, x));
  }

  @Override
  public void setBigDecimal(int index, BigDecimal x) throws SQLException {
    bind(index, x, () -> super.setBigDecimal(index, x));
  }

  @Override
  public void setTimestamp(int index, Timestamp x) throws SQLException {
    bind(index, x, () -> super.setTimestamp(index, x));
  }

  /** The wall clock of {@code x} in {@code calendar}'s zone is what is stored. */
  @Override
  public void setTimestamp(int index, Timestamp x, Calendar calendar) throws SQLException {
    Object value = x;
    if (x != null && calendar != null) {
      value =
          Instant.ofEpochSecond(Math.floorDiv(x.getTime(), 1000), x.getNanos())
              .atZone(calendar.getTimeZone().toZoneId())
              .toLocalDateTime();
    }
    bind(index, value, () -> super.setTimestamp(index, x, calendar));
  }

  @Override
  public void setDate(int index, Date x) throws SQLException {
    bind(index, x, () -> super.setDate(index, x));
  }

  /** The date of {@code x} in {@code calendar}'s zone is what is stored. */
  @Override
  public void setDate(int index, Date x, Calendar calendar) throws SQLException {
    Object value = x;
    if (x != null && calendar != null) {
      value =
          Instant.ofEpochMilli(x.getTime()).atZone(calendar.getTimeZone().toZoneId()).toLocalDate();
    }
    bind(index, value, () -> super.setDate(index, x, calendar));
  }

  // JDBC 4 setters that Avatica's statement leaves abstract.

  @Override
  public void setRowId(int index, RowId x) throws SQLException {
    getSite(index).setRowId(x);
  }

  @Override
  public void setNString(int index, String value) throws SQLException {
    setString(index, value);
  }

  @Override
  public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
    getSite(index).setNCharacterStream(value, length);
  }

  @Override
  public void setNClob(int index, NClob value) throws SQLException {
    getSite(index).setNClob(value);
  }

  @Override
  public void setClob(int index, Reader reader, long length) throws SQLException {
    getSite(index).setClob(reader, length);
  }

  @Override
  public void setBlob(int index, InputStream inputStream, long length) throws SQLException {
    getSite(index).setBlob(inputStream, length);
  }

  @Override
  public void setNClob(int index, Reader reader, long length) throws SQLException {
    getSite(index).setNClob(reader, length);
  }

  @Override
  public void setSQLXML(int index, SQLXML xmlObject) throws SQLException {
    getSite(index).setSQLXML(xmlObject);
  }

  @Override
  public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
    getSite(index).setAsciiStream(x, length);
  }

  @Override
  public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
    getSite(index).setBinaryStream(x, length);
  }

  @Override
  public void setCharacterStream(int index, Reader reader, long length) throws SQLException {
    getSite(index).setCharacterStream(reader, length);
  }

  @Override
  public void setAsciiStream(int index, InputStream x) throws SQLException {
    getSite(index).setAsciiStream(x);
  }

  @Override
  public void setBinaryStream(int index, InputStream x) throws SQLException {
    getSite(index).setBinaryStream(x);
  }

  @Override
  public void setCharacterStream(int index, Reader reader) throws SQLException {
    getSite(index).setCharacterStream(reader);
  }

  @Override
  public void setNCharacterStream(int index, Reader value) throws SQLException {
    getSite(index).setNCharacterStream(value);
  }

  @Override
  public void setClob(int index, Reader reader) throws SQLException {
    getSite(index).setClob(reader);
  }

  @Override
  public void setBlob(int index, InputStream inputStream) throws SQLException {
    getSite(index).setBlob(inputStream);
  }

  @Override
  public void setNClob(int index, Reader reader) throws SQLException {
    getSite(index).setNClob(reader);
  }
}
