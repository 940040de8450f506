package io.backtracedb;

/** A table named by the caller does not exist (or was dropped). */
public class NoSuchTableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The table is missing; {@code message} names it. */
  public NoSuchTableException(String message) {
    super(message);
  }
}
