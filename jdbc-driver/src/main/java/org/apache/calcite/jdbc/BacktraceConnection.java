package org.apache.calcite.jdbc;

import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;

/**
 * A Calcite connection with JDBC savepoints backed by the connection's {@link BacktraceSession}. It
 * lives in Calcite's package because it extends the package-private connection class.
 */
final class BacktraceConnection extends CalciteConnectionImpl {
  private final AtomicInteger savepointIds = new AtomicInteger();

  BacktraceConnection(
      Driver driver,
      AvaticaFactory factory,
      String url,
      Properties info,
      CalciteSchema rootSchema,
      JavaTypeFactory typeFactory) {
    super(driver, factory, url, info, rootSchema, typeFactory);
  }

  private BacktraceSession session() throws SQLException {
    BacktraceSession session = BacktraceSessions.of(this);
    if (session == null) {
      throw new SQLException("connection is not attached to a BacktraceDB database", "08003");
    }
    return session;
  }

  private void requireTransaction() throws SQLException {
    if (getAutoCommit()) {
      throw new SQLException("savepoints need autocommit off", "25000");
    }
  }

  /** Rethrows a failed fast-path batch as its own {@link java.sql.BatchUpdateException}. */
  @Override
  protected long[] executeBatchUpdateInternal(AvaticaPreparedStatement statement)
      throws SQLException {
    try {
      return super.executeBatchUpdateInternal(statement);
    } catch (SQLException e) {
      if (e.getCause() instanceof BacktraceBatchFailure failure) {
        throw failure.failure();
      }
      throw e;
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return setSavepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    requireTransaction();
    BacktraceSavepoint savepoint = new BacktraceSavepoint(savepointIds.incrementAndGet(), name);
    session().savepoint(savepoint);
    return savepoint;
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    requireTransaction();
    try {
      session().rollbackTo(savepoint);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "3B001", e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    try {
      session().release(savepoint);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "3B001", e);
    }
  }

  /**
   * A savepoint: named or numbered.
   *
   * @param id the savepoint's number in its connection
   * @param name its name, or null for an unnamed savepoint
   */
  record BacktraceSavepoint(int id, String name) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
      if (name != null) {
        throw new SQLException("savepoint '" + name + "' is named", "3B001");
      }
      return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
      if (name == null) {
        throw new SQLException("savepoint " + id + " has no name", "3B001");
      }
      return name;
    }
  }
}
