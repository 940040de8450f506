package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import java.nio.file.Path;

/**
 * An index file was changed and not flushed before its process stopped: its pages may not match its
 * header, so it must be rebuilt from the table.
 */
public final class DirtyIndexException extends CorruptionException {
  private static final long serialVersionUID = 1L;

  /** The index file {@code file} has a dirty header. */
  public DirtyIndexException(Path file) {
    super(
        file,
        BTreeFormat.H_STATE,
        "index was modified and not flushed before it was last closed; rebuild it");
  }
}
