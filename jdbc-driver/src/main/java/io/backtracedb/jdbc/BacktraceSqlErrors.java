package io.backtracedb.jdbc;

import io.backtracedb.CorruptionException;
import io.backtracedb.DatabaseLockedException;
import io.backtracedb.DiskFullException;
import io.backtracedb.StorageException;
import java.sql.SQLException;

/** Maps engine errors to {@link SQLException}s with the SQLStates of docs/architecture.md. */
public final class BacktraceSqlErrors {
  private BacktraceSqlErrors() {}

  /** The SQLException for engine error {@code e}, its cause kept. */
  public static SQLException toSql(RuntimeException e) {
    String state;
    if (e instanceof DatabaseLockedException) {
      state = "08004";
    } else if (e instanceof DiskFullException) {
      state = "53100";
    } else if (e instanceof CorruptionException) {
      state = "XX001";
    } else if (e instanceof StorageException) {
      state = "58030";
    } else if (e instanceof IllegalArgumentException) {
      state = "22000";
    } else {
      state = "HY000";
    }
    return new SQLException(e.getMessage(), state, e);
  }
}
