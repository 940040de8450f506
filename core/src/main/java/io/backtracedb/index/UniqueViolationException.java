package io.backtracedb.index;

import io.backtracedb.BacktraceException;

/** An insert into a unique index found its key already mapped to another address. */
public final class UniqueViolationException extends BacktraceException {
  private static final long serialVersionUID = 1L;
  private final String index;
  private final transient Object key;

  /**
   * The key {@code key} (described as {@code keyText}) is already in unique index {@code index}.
   */
  public UniqueViolationException(
      String index, Object key, String keyText, long existing, long rejected) {
    super(
        "cannot insert into unique index '"
            + index
            + "': key "
            + keyText
            + " already maps to address "
            + existing
            + ", rejected address "
            + rejected);
    this.index = index;
    this.key = key;
  }

  /** The index's name. */
  public String index() {
    return index;
  }

  /** The duplicate key, in the engine's representation. */
  public Object key() {
    return key;
  }
}
