package io.backtracedb.encoding;

/**
 * Encodes doubles as the Gorilla paper does: the first in 64 raw bits, each later one as the XOR of
 * its bits with the previous value's bits.
 *
 * <ul>
 *   <li>{@code 0}: the same bits as the previous value;
 *   <li>{@code 10} + the meaningful bits: they fit the previous window of leading and trailing
 *       zeros;
 *   <li>{@code 11} + 5 bits of leading zeros (at most 31) + 6 bits of meaningful length (64 written
 *       as 0) + the meaningful bits: a new window.
 * </ul>
 *
 * <p>Values are compared by their raw bits ({@link Double#doubleToRawLongBits}), so NaN payloads,
 * infinities and -0.0 round-trip exactly. Not thread-safe.
 */
public final class XorAppender {
  /** Five bits hold the count of leading zeros, so larger counts are written as 31. */
  static final int MAX_LEADING = 31;

  private final BitWriter out;
  private int count;
  private long previous;
  private int leading = -1; // -1: no window yet
  private int trailing;

  /** Appends to {@code out}, which must be positioned where the stream starts. */
  public XorAppender(BitWriter out) {
    this.out = out;
  }

  /** Appends one value. */
  public void append(double value) {
    long bits = Double.doubleToRawLongBits(value);
    if (count++ == 0) {
      out.writeBits(bits, 64);
      previous = bits;
      return;
    }
    long xor = bits ^ previous;
    previous = bits;
    if (xor == 0) {
      out.writeBit(false);
      return;
    }
    int lead = Math.min(Long.numberOfLeadingZeros(xor), MAX_LEADING);
    int trail = Long.numberOfTrailingZeros(xor);
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      out.writeBits(0b10, 2);
      out.writeBits(xor >>> trailing, 64 - leading - trailing);
      return;
    }
    int meaningful = 64 - lead - trail; // 1..64
    out.writeBits(0b11, 2);
    out.writeBits(lead, 5);
    out.writeBits(meaningful, 6); // 64 wraps to 0 in six bits
    out.writeBits(xor >>> trail, meaningful);
    leading = lead;
    trailing = trail;
  }

  /** The number of values appended. */
  public int count() {
    return count;
  }
}
