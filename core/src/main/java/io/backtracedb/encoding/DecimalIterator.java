package io.backtracedb.encoding;

/**
 * Decodes a DOUBLE field stored as scaled integers ({@link DecimalScale}): the scale in {@link
 * DecimalScale#SCALE_BITS} bits, then the integers as an {@link IntegerAppender} wrote them.
 */
public final class DecimalIterator extends ValueIterator {
  private final BitReader in;
  private final IntegerDecoder decoder;
  private int scale = -1;
  private double value;

  /**
   * Walks {@code timestamps}, reading the values of present samples (see {@link ValueIterator} for
   * {@code presentBits}) from {@code values}, whose integers are encoded as {@code encoding}.
   */
  public DecimalIterator(
      TimestampIterator timestamps,
      long[] presentBits,
      BitReader values,
      IntegerEncoding encoding) {
    super(timestamps, presentBits);
    this.in = values;
    this.decoder = new IntegerDecoder(values, encoding);
  }

  @Override
  protected void decodeNext() {
    if (scale < 0) {
      scale = (int) in.readBits(DecimalScale.SCALE_BITS);
    }
    value = DecimalScale.unscale(decoder.next(), scale);
  }

  @Override
  public double value() {
    return present() ? value : Double.NaN;
  }

  @Override
  public long longValue() {
    return present() ? (long) value : 0L;
  }
}
