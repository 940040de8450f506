package io.backtracedb.sql;

/**
 * An error raised while planning or running a statement that already knows its SQLState (for
 * example {@code 42P07} for a table that exists); the JDBC driver reports it with that state.
 */
public class SqlStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  /** An error with {@code sqlState} (five characters) and a message naming the object. */
  public SqlStateException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  /** An error with {@code sqlState}, a message and the error that caused it. */
  public SqlStateException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** The SQLState. */
  public String sqlState() {
    return sqlState;
  }
}
