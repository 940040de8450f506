package io.backtracedb.engine;

/**
 * A table block failed while an index walk fetched its rows: the block's error, carried out of the
 * walk unchanged in meaning so that the index is not blamed (and not marked stale) for it.
 */
final class BlockFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BlockFetchException(Exception cause) {
    super(cause.getMessage(), cause);
  }

  /** The block's own error: an unchecked one as it was, an I/O error wrapped. */
  RuntimeException unwrap() {
    Throwable cause = getCause();
    return cause instanceof RuntimeException runtime
        ? runtime
        : new java.io.UncheckedIOException((java.io.IOException) cause);
  }
}
