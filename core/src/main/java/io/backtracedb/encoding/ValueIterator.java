package io.backtracedb.encoding;

/**
 * Walks a field's value stream in step with the chunk's timestamps, skipping absent samples: the
 * shared half of {@link XorIterator} and {@link IntegerIterator}.
 *
 * <p>The presence bitmap (owned by the caller, not copied) has bit {@code i % 64} of word {@code i
 * / 64} set when sample {@code i} has a value; null means every sample has one. Absent samples have
 * nothing in the value stream.
 */
public abstract class ValueIterator implements SampleIterator {
  private final TimestampIterator timestamps;
  private final long[] presentBits;
  private boolean present;

  /** Walks {@code timestamps} and the values that {@code presentBits} marks. */
  protected ValueIterator(TimestampIterator timestamps, long[] presentBits) {
    if (presentBits != null && (long) presentBits.length * 64 < timestamps.count()) {
      throw new IllegalArgumentException(
          "cannot iterate values: presence bitmap of "
              + presentBits.length
              + " words is short for "
              + timestamps.count()
              + " samples");
    }
    this.timestamps = timestamps;
    this.presentBits = presentBits;
  }

  /** Whether sample {@code index} has a value in a presence bitmap (null: all present). */
  public static boolean isPresent(long[] presentBits, int index) {
    return presentBits == null || (presentBits[index >>> 6] & (1L << (index & 63))) != 0;
  }

  @Override
  public final boolean next() {
    if (!timestamps.next()) {
      present = false;
      return false;
    }
    present = isPresent(presentBits, timestamps.index());
    if (present) {
      decodeNext();
    }
    return true;
  }

  @Override
  public final boolean seek(long timestamp) {
    if (timestamps.index() >= timestamps.count()) {
      return false;
    }
    if (timestamps.index() >= 0 && timestamps.timestamp() >= timestamp) {
      return true;
    }
    while (next()) {
      if (timestamps.timestamp() >= timestamp) {
        return true;
      }
    }
    return false;
  }

  @Override
  public final long timestamp() {
    return timestamps.timestamp();
  }

  @Override
  public final boolean present() {
    return present;
  }

  /** Decodes the next value of the stream into the iterator's current value. */
  protected abstract void decodeNext();
}
