package io.backtracedb.encoding;

/** Decodes what an {@link XorAppender} wrote, in step with the chunk's timestamps. */
public final class XorIterator extends ValueIterator {
  private final BitReader in;
  private boolean started;
  private long bits;
  private int leading = -1;
  private int trailing;

  /**
   * Walks {@code timestamps}, reading the values of present samples (see {@link ValueIterator} for
   * {@code presentBits}) from {@code values}.
   */
  public XorIterator(TimestampIterator timestamps, long[] presentBits, BitReader values) {
    super(timestamps, presentBits);
    this.in = values;
  }

  @Override
  protected void decodeNext() {
    if (!started) {
      started = true;
      bits = in.readBits(64);
      return;
    }
    if (!in.readBit()) {
      return;
    }
    if (!in.readBit()) {
      if (leading < 0) {
        throw new EncodingException(
            "cannot decode XOR value at bit "
                + in.position()
                + ": window reused before one was set");
      }
      bits ^= in.readBits(64 - leading - trailing) << trailing;
      return;
    }
    int lead = (int) in.readBits(5);
    int meaningful = (int) in.readBits(6);
    if (meaningful == 0) {
      meaningful = 64;
    }
    int trail = 64 - lead - meaningful;
    if (trail < 0) {
      throw new EncodingException(
          "cannot decode XOR value at bit "
              + in.position()
              + ": "
              + lead
              + " leading zeros and "
              + meaningful
              + " meaningful bits exceed 64");
    }
    bits ^= in.readBits(meaningful) << trail;
    leading = lead;
    trailing = trail;
  }

  @Override
  public double value() {
    return present() ? Double.longBitsToDouble(bits) : Double.NaN;
  }

  @Override
  public long longValue() {
    return present() ? (long) Double.longBitsToDouble(bits) : 0L;
  }
}
