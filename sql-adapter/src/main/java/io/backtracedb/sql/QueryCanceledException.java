package io.backtracedb.sql;

/** A running statement stopped because it was canceled or its query timeout passed. */
public final class QueryCanceledException extends SqlStateException {
  private static final long serialVersionUID = 1L;

  private final boolean timedOut;

  /** A cancel ({@code timedOut} false) or a timeout, described by {@code message}. */
  public QueryCanceledException(String message, boolean timedOut) {
    super("57014", message);
    this.timedOut = timedOut;
  }

  /** Whether the statement's query timeout stopped it (rather than {@code cancel()}). */
  public boolean timedOut() {
    return timedOut;
  }
}
