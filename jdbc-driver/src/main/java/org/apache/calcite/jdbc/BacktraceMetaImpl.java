package org.apache.calcite.jdbc;

import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/**
 * BacktraceDB's JDBC metadata and connection hooks. It lives in Calcite's package because {@link
 * CalciteMetaImpl}'s constructor takes the package-private {@code CalciteConnectionImpl}; the
 * driver is a classpath driver for that reason (docs/architecture.md).
 *
 * <p>Connections start with autocommit on; {@code setAutoCommit}, {@code commit()} and {@code
 * rollback()} act on the connection's {@link BacktraceSession}. Closing a connection rolls back
 * what it has not committed.
 */
public final class BacktraceMetaImpl extends CalciteMetaImpl {
  private final Runnable onClose;

  /** Metadata for {@code connection}; {@code onClose} releases its database. */
  public BacktraceMetaImpl(AvaticaConnection connection, Runnable onClose) {
    super((CalciteConnectionImpl) connection);
    this.onClose = onClose;
  }

  private BacktraceSession session() {
    return BacktraceSessions.of(connection);
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
