package io.backtracedb;

import java.nio.file.Path;

/** A file's contents are damaged: names the file, the byte offset and what failed to check. */
public class CorruptionException extends BacktraceException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long offset;

  /** Corruption in {@code file} at {@code offset} (-1 when no offset applies). */
  public CorruptionException(Path file, long offset, String detail) {
    this(file, offset, detail, null);
  }

  /** Corruption in {@code file} at {@code offset}, with the error that revealed it. */
  public CorruptionException(Path file, long offset, String detail, Throwable cause) {
    super(
        "corrupt file " + file + (offset >= 0 ? " at offset " + offset : "") + ": " + detail,
        cause);
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the damage, or -1. */
  public long offset() {
    return offset;
  }
}
