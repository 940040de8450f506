package org.apache.calcite.jdbc;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/**
 * BacktraceDB's JDBC metadata and connection hooks. It lives in Calcite's package because {@link
 * CalciteMetaImpl}'s constructor takes the package-private {@code CalciteConnectionImpl}; the
 * driver is a classpath driver for that reason (docs/architecture.md).
 *
 * <p>Connections start with autocommit on. With autocommit on, {@code commit()} and {@code
 * rollback()} have nothing to do and succeed (connection pools call them on return).
 */
public final class BacktraceMetaImpl extends CalciteMetaImpl {
  private final Runnable onClose;

  /** Metadata for {@code connection}; {@code onClose} releases its database. */
  public BacktraceMetaImpl(AvaticaConnection connection, Runnable onClose) {
    super((CalciteConnectionImpl) connection);
    this.onClose = onClose;
  }

  @Override
  public void commit(Meta.ConnectionHandle ch) {
    // Every statement commits as it runs until transactions arrive with INSERT support.
  }

  @Override
  public void rollback(Meta.ConnectionHandle ch) {
    // Nothing is pending: statements commit as they run.
  }

  @Override
  public void closeConnection(Meta.ConnectionHandle ch) {
    try {
      super.closeConnection(ch);
    } finally {
      onClose.run();
    }
  }
}
