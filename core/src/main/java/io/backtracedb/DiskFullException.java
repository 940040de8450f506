package io.backtracedb;

/** The device has no space left; what failed was not acknowledged, committed data is intact. */
public class DiskFullException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** A full-disk failure described by {@code message}. */
  public DiskFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
