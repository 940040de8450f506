package io.backtracedb.wal;

import io.backtracedb.DiskFullException;
import io.backtracedb.StorageException;
import java.io.IOException;
import java.util.Locale;

/** Turns I/O errors into the engine's typed exceptions, recognizing a full disk. */
final class StorageErrors {

  private StorageErrors() {}

  /**
   * A {@link DiskFullException} when {@code cause} reports ENOSPC, else a {@link StorageException}.
   */
  static StorageException of(String message, IOException cause) {
    String full = message + ": " + cause.getMessage();
    return isDiskFull(cause)
        ? new DiskFullException(full, cause)
        : new StorageException(full, cause);
  }

  /** Whether {@code error} or one of its causes says the device or quota is full. */
  static boolean isDiskFull(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String text = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (text.contains("no space left on device") || text.contains("disk quota exceeded")) {
        return true;
      }
    }
    return false;
  }
}
