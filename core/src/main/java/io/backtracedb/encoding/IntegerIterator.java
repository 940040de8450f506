package io.backtracedb.encoding;

/** Decodes what an {@link IntegerAppender} wrote, in step with the chunk's timestamps. */
public final class IntegerIterator extends ValueIterator {
  private final IntegerDecoder decoder;
  private long value;

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
    this.decoder = new IntegerDecoder(values, encoding);
  }

  @Override
  protected void decodeNext() {
    value = decoder.next();
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
