package io.backtracedb;

/**
 * A row breaks a constraint of its table; nothing of the batch or commit that carried it applies.
 */
public class ConstraintViolationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Which constraint a row broke. */
  public enum Kind {
    /** A NULL in a NOT NULL column. */
    NOT_NULL,
    /** A key already present in a unique index. */
    UNIQUE,
    /** A sample of a series table older than its series' out-of-order window allows. */
    OUT_OF_ORDER
  }

  private final Kind kind;

  /** A violation of {@code kind}; {@code message} names table, column and row. */
  public ConstraintViolationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** The constraint broken. */
  public Kind kind() {
    return kind;
  }
}
