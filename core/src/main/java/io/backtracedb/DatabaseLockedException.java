package io.backtracedb;

/** Another process holds the database directory's lock. */
public class DatabaseLockedException extends BacktraceException {
  private static final long serialVersionUID = 1L;

  /** The database at {@code path} is locked. */
  public DatabaseLockedException(String path) {
    super("database " + path + " is locked by another process");
  }
}
