package io.backtracedb.encoding;

/** Decodes what an {@link IntegerAppender} wrote, in step with the chunk's timestamps. */
public final class IntegerIterator extends ValueIterator {
  private final BitReader in;
  private final boolean deltaOfDelta;
  private boolean started;
  private long value;
  private long delta;

  /**
   * Walks {@code timestamps}, reading the values of present samples (see {@link ValueIterator} for
   * {@code presentBits}) from {@code values}, encoded as {@code encoding}.
   */
  public IntegerIterator(
      TimestampIterator timestamps,
      long[] presentBits,
      BitReader values,
      IntegerEncoding encoding) {
    super(timestamps, presentBits);
    this.in = values;
    this.deltaOfDelta = encoding == IntegerEncoding.DELTA_OF_DELTA;
  }

  @Override
  protected void decodeNext() {
    long read = Buckets.INTEGERS.read(in);
    if (!started) {
      started = true;
      value = read;
      return;
    }
    delta = deltaOfDelta ? delta + read : read;
    value += delta;
  }

  @Override
  public double value() {
    return present() ? (double) value : Double.NaN;
  }

  @Override
  public long longValue() {
    return present() ? value : 0L;
  }
}
