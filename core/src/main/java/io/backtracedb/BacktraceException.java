package io.backtracedb;

/** The base of every error the engine raises on purpose; unchecked. */
public class BacktraceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message. */
  public BacktraceException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public BacktraceException(String message, Throwable cause) {
    super(message, cause);
  }
}
