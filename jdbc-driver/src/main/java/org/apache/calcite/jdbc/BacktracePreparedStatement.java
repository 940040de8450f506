package org.apache.calcite.jdbc;

import static io.backtracedb.jdbc.BacktraceSqlErrors.translating;

import io.backtracedb.jdbc.BacktraceSqlErrors;
import io.backtracedb.jdbc.ParameterBinder;
import io.backtracedb.sql.BacktraceBatchInsert;
import io.backtracedb.sql.BacktraceSessions;
import io.backtracedb.sql.InsertBatch;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Calcite's prepared statement with exact parameter binding ({@link ParameterBinder}: java.time
 * values, no time-zone shift, clear errors for values of the wrong type) and every failure reported
 * with an SQLState. Lives in Calcite's package because its superclass is package-private.
 *
 * <p>A prepared {@code INSERT INTO t [(cols)] VALUES (?, ...)} ({@link BacktraceBatchInsert}) binds
 * its parameters into an {@link InsertBatch} instead of Avatica's {@code TypedValue} slots: {@code
 * addBatch} appends the values column-wise and {@code executeBatch} hands the rows to the
 * connection's session in one piece, never running Calcite's plan per row. A single {@code
 * execute}/{@code executeUpdate} of such a statement still runs Calcite's plan, with slots made
 * from the bound values.
 */
final class BacktracePreparedStatement extends CalcitePreparedStatement {
  /** The column-wise binding of a recognised INSERT, or null when Calcite runs every execution. */
  private final PreparedInsertBinding columns;

  BacktracePreparedStatement(
      CalciteConnectionImpl connection,
      Meta.StatementHandle h,
      CalcitePrepare.CalciteSignature<?> signature,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability)
      throws SQLException {
    super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
    this.columns = PreparedInsertBinding.of(connection, signature);
  }

  /** For {@link #direct}: a value of any type (a NULL). */
  private static final int ANY_TYPE = Integer.MIN_VALUE;

  /**
   * Checks that the statement is open and {@code index} names a parameter; for a recognised INSERT
   * whose parameter {@code index} is of JDBC type {@code type} (or for {@link #ANY_TYPE}), returns
   * true: the caller then sets the value in the batch directly (what {@link ParameterBinder} would
   * produce for a value of the type's own Java class is that value unchanged).
   */
  private boolean direct(int index, int type) throws SQLException {
    checkOpen();
    if (index < 1 || index > slots.length) {
      throw outOfRange(index);
    }
    if (columns == null || (type != ANY_TYPE && columns.parameterTypes[index - 1] != type)) {
      return false;
    }
    columns.inBatch(index - 1);
    return true;
  }

  private SQLException outOfRange(int index) {
    return new SQLException(
        "parameter index " + index + " is out of range: the statement has " + slots.length,
        "07009");
  }

  /** A setter of Avatica's, used for null values and parameter types the binder leaves alone. */
  @FunctionalInterface
  private interface Fallback {
    void set() throws SQLException;
  }

  private void bind(int index, Object value, Fallback fallback) throws SQLException {
    checkOpen();
    if (index < 1 || index > slots.length) {
      throw outOfRange(index);
    }
    if (value != null) {
      int type = getSignature().parameters.get(index - 1).parameterType;
      TypedValue bound = ParameterBinder.bind(index, type, value);
      if (bound != null) {
        if (columns != null) {
          columns.batch.setObject(index - 1, bound.toLocal());
          columns.inBatch(index - 1);
        } else {
          slots[index - 1] = bound;
        }
        return;
      }
    }
    fallback.set();
  }

  /**
   * Every setter of Avatica's comes here first: for a recognised INSERT, the slot holds the value
   * from now on, starting from the current one (some of Avatica's setters leave it unchanged).
   */
  @Override
  protected AvaticaSite getSite(int param) throws SQLException {
    AvaticaSite site = super.getSite(param);
    if (columns != null) {
      columns.inSlot(param - 1, slots);
    }
    return site;
  }

  /** For a recognised INSERT, the slots are made from the batch's values first. */
  @Override
  protected List<TypedValue> getParameterValues() {
    if (columns != null) {
      columns.writeSlots(slots);
    }
    return super.getParameterValues();
  }

  @Override
  public void clearParameters() throws SQLException {
    super.clearParameters();
    if (columns != null) {
      columns.clear();
    }
  }

  @Override
  public void addBatch() throws SQLException {
    if (columns == null) {
      super.addBatch();
      return;
    }
    checkOpen();
    columns.readSlots(slots);
    columns.batch.addRow();
  }

  @Override
  public void clearBatch() throws SQLException {
    super.clearBatch();
    if (columns != null) {
      columns.batch.clearRows();
    }
  }

  /**
   * Appends a recognised INSERT's batch through its session; a failure is a {@link
   * BatchUpdateException} with the SQLState of its cause, and nothing of the batch is applied.
   */
  private int appendBatch() throws SQLException {
    checkOpen();
    CalciteConnectionImpl connection = getConnection();
    try {
      return columns.insert.append(
          connection.getRootSchema(),
          connection.getSchema(),
          BacktraceSessions.of(connection),
          columns.batch);
    } catch (SQLException | RuntimeException e) {
      SQLException failure =
          e instanceof SQLException sql ? sql : BacktraceSqlErrors.toSql((RuntimeException) e);
      throw new BatchUpdateException(
          failure.getMessage(),
          failure.getSQLState(),
          failure.getErrorCode(),
          new long[0],
          failure.getCause() == null ? failure : failure.getCause());
    }
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
    if (columns == null) {
      return run(super::executeLargeBatch);
    }
    long[] counts = new long[run(this::appendBatch)];
    Arrays.fill(counts, 1L);
    return counts;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    if (columns == null) {
      return AvaticaUtils.toSaturatedInts(run(super::executeLargeBatch));
    }
    int[] counts = new int[run(this::appendBatch)];
    Arrays.fill(counts, 1);
    return counts;
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
    if (x != null && direct(index, Types.VARCHAR)) {
      columns.batch.setString(index - 1, x);
      return;
    }
    bind(index, x, () -> super.setString(index, x));
  }

  @Override
  public void setNull(int index, int sqlType) throws SQLException {
    if (direct(index, ANY_TYPE)) {
      columns.batch.setNull(index - 1);
      return;
    }
    super.setNull(index, sqlType);
  }

  /** A NULL, as {@link #setNull(int, int)} (Avatica's own ignores the call). */
  @Override
  public void setNull(int index, int sqlType, String typeName) throws SQLException {
    setNull(index, sqlType);
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
    if (direct(index, Types.INTEGER)) {
      columns.batch.setInt(index - 1, x);
      return;
    }
    bind(index, x, () -> super.setInt(index, x));
  }

  @Override
  public void setLong(int index, long x) throws SQLException {
    if (direct(index, Types.BIGINT)) {
      columns.batch.setLong(index - 1, x);
      return;
    }
    bind(index, x, () -> super.setLong(index, x));
  }

  @Override
  public void setFloat(int index, float x) throws SQLException {
    bind(index, x, () -> super.setFloat(index, x));
  }

  @Override
  public void setDouble(int index, double x) throws SQLException {
    if (direct(index, Types.DOUBLE)) {
      columns.batch.setDouble(index - 1, x);
      return;
    }
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
