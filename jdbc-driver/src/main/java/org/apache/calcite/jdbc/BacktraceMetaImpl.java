package org.apache.calcite.jdbc;

import io.backtracedb.jdbc.BacktraceSqlErrors;
import io.backtracedb.sql.BacktraceBatchInsert;
import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * BacktraceDB's JDBC metadata and connection hooks. It lives in Calcite's package because {@link
 * CalciteMetaImpl}'s constructor takes the package-private {@code CalciteConnectionImpl}; the
 * driver is a classpath driver for that reason (docs/architecture.md).
 *
 * <p>Connections start with autocommit on; {@code setAutoCommit}, {@code commit()} and {@code
 * rollback()} act on the connection's {@link BacktraceSession}. Closing a connection rolls back
 * what it has not committed.
 *
 * <p>{@code executeBatch} of a prepared {@code INSERT INTO t [(cols)] VALUES (?, ...)} appends the
 * whole batch column-wise through {@link BacktraceBatchInsert} instead of running Calcite's plan
 * once per row; every other statement takes Calcite's path.
 */
public final class BacktraceMetaImpl extends CalciteMetaImpl {
  private final Runnable onClose;

  /** Per statement id: the SQL it was recognised from and its fast path, if it has one. */
  private final Map<Integer, Recognized> batchInserts = new ConcurrentHashMap<>();

  /**
   * What {@link #executeBatch} learnt about a statement's SQL.
   *
   * @param sql the statement's text
   * @param insert its fast path, or empty when Calcite runs it
   */
  private record Recognized(String sql, Optional<BacktraceBatchInsert> insert) {}

  /** Metadata for {@code connection}; {@code onClose} releases its database. */
  public BacktraceMetaImpl(AvaticaConnection connection, Runnable onClose) {
    super((CalciteConnectionImpl) connection);
    this.onClose = onClose;
  }

  private BacktraceSession session() {
    return BacktraceSessions.of(connection);
  }

  @Override
  public ExecuteBatchResult executeBatch(
      StatementHandle h, List<List<TypedValue>> parameterValueLists)
      throws NoSuchStatementException {
    // A prepared statement's signature lives in Calcite's server statement, not in the handle.
    Meta.Signature signature = getConnection().server.getStatement(h).getSignature();
    String sql = signature == null ? null : signature.sql;
    Recognized recognized = batchInserts.get(h.id);
    if (recognized == null || !Objects.equals(recognized.sql(), sql)) {
      recognized = new Recognized(sql, BacktraceBatchInsert.recognize(sql));
      batchInserts.put(h.id, recognized);
    }
    if (recognized.insert().isEmpty()) {
      return super.executeBatch(h, parameterValueLists);
    }
    SQLException failure;
    try {
      return new ExecuteBatchResult(
          recognized
              .insert()
              .get()
              .append(
                  getConnection().getRootSchema(),
                  connection.getSchema(),
                  session(),
                  parameterValueLists));
    } catch (SQLException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = BacktraceSqlErrors.toSql(e);
    }
    throw new BacktraceBatchFailure(
        new BatchUpdateException(
            failure.getMessage(),
            failure.getSQLState(),
            failure.getErrorCode(),
            new long[0],
            failure.getCause() == null ? failure : failure.getCause()));
  }

  @Override
  public void closeStatement(StatementHandle h) {
    batchInserts.remove(h.id);
    super.closeStatement(h);
  }

  @Override
  public void commit(Meta.ConnectionHandle ch) {
    BacktraceSession session = session();
    if (session != null) {
      session.commit();
    }
  }

  @Override
  public void rollback(Meta.ConnectionHandle ch) {
    BacktraceSession session = session();
    if (session != null) {
      session.rollback();
    }
  }

  @Override
  public Meta.ConnectionProperties connectionSync(
      Meta.ConnectionHandle ch, Meta.ConnectionProperties properties) {
    Meta.ConnectionProperties result = super.connectionSync(ch, properties);
    BacktraceSession session = session();
    if (session != null && properties.isAutoCommit() != null) {
      session.setAutoCommit(properties.isAutoCommit());
    }
    return result;
  }

  @Override
  public void closeConnection(Meta.ConnectionHandle ch) {
    try {
      BacktraceSession session = session();
      if (session != null) {
        session.rollback();
      }
      super.closeConnection(ch);
    } finally {
      BacktraceSessions.unregister(connection);
      onClose.run();
    }
  }
}
