package io.backtracedb.encoding;

/**
 * How {@link IntegerAppender} turns BIGINT values into {@link Buckets#INTEGERS} numbers: both
 * encode the first value as its difference from 0; the code is what chunk headers store.
 */
public enum IntegerEncoding {
  /** The difference from the previous value: best for gauges that step and hold. */
  DELTA(1),
  /** The change of that difference: best for counters that grow at a steady rate. */
  DELTA_OF_DELTA(2);

  private final int code;

  IntegerEncoding(int code) {
    this.code = code;
  }

  /** The on-disk code. */
  public int code() {
    return code;
  }

  /** The encoding with on-disk {@code code}, or null when no encoding has it. */
  public static IntegerEncoding ofCode(int code) {
    for (IntegerEncoding encoding : values()) {
      if (encoding.code == code) {
        return encoding;
      }
    }
    return null;
  }
}
