package io.backtracedb.encoding;

/**
 * A bit stream does not decode: it ends early or holds an impossible code. Readers of files turn it
 * into a {@link io.backtracedb.CorruptionException} that names the file and offset.
 */
public final class EncodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A decoding failure described by {@code message}. */
  public EncodingException(String message) {
    super(message);
  }
}
