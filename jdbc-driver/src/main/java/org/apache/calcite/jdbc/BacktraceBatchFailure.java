package org.apache.calcite.jdbc;

import java.sql.BatchUpdateException;

/**
 * Carries a failed fast-path {@code executeBatch}'s {@link BatchUpdateException} through Avatica's
 * {@code Meta} interface, which declares no {@code SQLException}; {@link BacktraceConnection}
 * rethrows it unchanged, so the caller sees its SQLState.
 */
final class BacktraceBatchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final BatchUpdateException failure;

  BacktraceBatchFailure(BatchUpdateException failure) {
    super(failure.getMessage(), failure);
    this.failure = failure;
  }

  /** The exception for the caller. */
  BatchUpdateException failure() {
    return failure;
  }
}
