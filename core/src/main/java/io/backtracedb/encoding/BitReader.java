package io.backtracedb.encoding;

/**
 * Reads bits, most significant first, from {@code long} words, as {@link BitWriter} wrote them.
 *
 * <p>Not thread-safe. Reading past the last bit throws {@link EncodingException}, so a damaged
 * stream never yields bits that were not written.
 */
public final class BitReader {
  private final long[] words;
  private final long bitLimit;
  private long position;

  /** Reads {@code bitLimit} bits from {@code words}; the array is not copied. */
  public BitReader(long[] words, long bitLimit) {
    if (bitLimit < 0 || bitLimit > (long) words.length * 64) {
      throw new IllegalArgumentException(
          "cannot read bits: limit " + bitLimit + " exceeds " + words.length + " words");
    }
    this.words = words;
    this.bitLimit = bitLimit;
  }

  /**
   * Reads the bits of {@code length} big-endian bytes of {@code bytes} starting at {@code offset}.
   */
  public static BitReader ofBytes(byte[] bytes, int offset, int length) {
    long[] words = new long[(length + 7) >>> 3];
    for (int i = 0; i < length; i++) {
      words[i >>> 3] |= (bytes[offset + i] & 0xFFL) << (56 - 8 * (i & 7));
    }
    return new BitReader(words, (long) length * 8);
  }

  /** The number of bits read so far. */
  public long position() {
    return position;
  }

  /** The number of bits left. */
  public long remaining() {
    return bitLimit - position;
  }

  /** Reads one bit. */
  public boolean readBit() {
    if (position >= bitLimit) {
      throw pastEnd(1);
    }
    boolean bit = (words[(int) (position >>> 6)] & (Long.MIN_VALUE >>> (position & 63))) != 0;
    position++;
    return bit;
  }

  /** Reads {@code width} bits (0 to 64) as an unsigned number in the low bits of the result. */
  public long readBits(int width) {
    if (width == 0) {
      return 0L;
    }
    if (width < 0 || width > 64) {
      throw new IllegalArgumentException("cannot read bits: width " + width + " is not 0..64");
    }
    if (bitLimit - position < width) {
      throw pastEnd(width);
    }
    int word = (int) (position >>> 6);
    int used = (int) (position & 63);
    int free = 64 - used;
    long bits;
    if (width <= free) {
      bits = (words[word] << used) >>> (64 - width);
    } else {
      int spill = width - free;
      long high = BitMasks.lowBits(words[word], free) << spill;
      bits = high | (words[word + 1] >>> (64 - spill));
    }
    position += width;
    return bits;
  }

  /**
   * Reads up to {@code maxOnes} one-bits followed by a zero and returns how many ones came first;
   * stops without reading a zero after {@code maxOnes} ones. This reads the unary bucket prefixes.
   */
  public int readOnes(int maxOnes) {
    int ones = 0;
    while (ones < maxOnes && readBit()) {
      ones++;
    }
    return ones;
  }

  private EncodingException pastEnd(int wanted) {
    return new EncodingException(
        "cannot read "
            + wanted
            + " bits at bit "
            + position
            + ": the stream ends at bit "
            + bitLimit);
  }
}
