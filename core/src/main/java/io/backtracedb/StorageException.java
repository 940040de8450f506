package io.backtracedb;

/** A file operation failed (an I/O error below the engine); the cause is the original error. */
public class StorageException extends BacktraceException {
  private static final long serialVersionUID = 1L;

  /** An I/O failure described by {@code message}. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
