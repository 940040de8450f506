package org.apache.calcite.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * What BacktraceDB tells tools about itself beyond Avatica's defaults: it takes writes, supports
 * transactions (read committed: a statement reads the latest committed rows, not the connection's
 * own pending ones) and savepoints, and DDL runs at once, outside any transaction. Lives in
 * Calcite's package beside the rest of the driver's Calcite subclasses.
 */
final class BacktraceDatabaseMetaData extends AvaticaDatabaseMetaData {
  private final AvaticaConnection connection;

  BacktraceDatabaseMetaData(AvaticaConnection connection) {
    super(connection);
    this.connection = connection;
  }

  /** The URL the application connected with, not the prefix Calcite was handed. */
  @Override
  public String getURL() throws SQLException {
    String url =
        connection instanceof BacktraceConnection backtrace ? backtrace.originalUrl() : null;
    return url != null ? url : super.getURL();
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public boolean supportsMultipleTransactions() {
    return true;
  }

  @Override
  public boolean supportsSavepoints() {
    return true;
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() {
    return true;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return false;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() {
    return false;
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() {
    return false;
  }
}
