package io.backtracedb.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growing array of {@code long} words.
 *
 * <p>Not thread-safe. The writer owns its words; {@link #reset()} clears it for reuse so that one
 * writer serves many chunks without allocating.
 */
public final class BitWriter {
  private static final int INITIAL_WORDS = 16;

  private long[] words;
  private long bitCount;

  /** An empty writer. */
  public BitWriter() {
    words = new long[INITIAL_WORDS];
  }

  /** Forgets every bit written so far, keeping the buffer. */
  public void reset() {
    int used = wordsFor(bitCount);
    Arrays.fill(words, 0, Math.min(used + 1, words.length), 0L);
    bitCount = 0;
  }

  /** The number of bits written. */
  public long bitCount() {
    return bitCount;
  }

  /** The number of bytes {@link #writeTo} produces: the bits rounded up to whole bytes. */
  public int byteCount() {
    return (int) ((bitCount + 7) >>> 3);
  }

  /** Appends one bit. */
  public void writeBit(boolean bit) {
    int word = (int) (bitCount >>> 6);
    ensureWords(word + 1);
    if (bit) {
      words[word] |= Long.MIN_VALUE >>> (bitCount & 63);
    }
    bitCount++;
  }

  /**
   * Appends the low {@code width} bits of {@code value}, most significant first; the higher bits of
   * {@code value} are ignored.
   *
   * @param width 0 to 64
   */
  public void writeBits(long value, int width) {
    if (width <= 0) {
      if (width == 0) {
        return;
      }
      throw new IllegalArgumentException("cannot write bits: width " + width + " is negative");
    }
    if (width > 64) {
      throw new IllegalArgumentException("cannot write bits: width " + width + " exceeds 64");
    }
    int word = (int) (bitCount >>> 6);
    ensureWords(word + 2);
    long bits = BitMasks.lowBits(value, width);
    int free = 64 - (int) (bitCount & 63);
    if (width <= free) {
      words[word] |= bits << (free - width);
    } else {
      int spill = width - free; // 1..63 bits continue in the next word
      words[word] |= bits >>> spill;
      words[word + 1] = bits << (64 - spill);
    }
    bitCount += width;
  }

  /** Writes the bits as big-endian bytes, zero-padded to a whole byte, at the buffer's position. */
  public void writeTo(ByteBuffer out) {
    int bytes = byteCount();
    int fullWords = bytes >>> 3;
    for (int i = 0; i < fullWords; i++) {
      out.putLong(words[i]);
    }
    long last = fullWords < words.length ? words[fullWords] : 0L;
    for (int i = 0; i < (bytes & 7); i++) {
      out.put((byte) (last >>> (56 - 8 * i)));
    }
  }

  /** A copy of the bits as big-endian bytes, zero-padded to a whole byte. */
  public byte[] toByteArray() {
    byte[] bytes = new byte[byteCount()];
    writeTo(ByteBuffer.wrap(bytes));
    return bytes;
  }

  private void ensureWords(int needed) {
    if (needed > words.length) {
      words = Arrays.copyOf(words, Math.max(needed, words.length * 2));
    }
  }

  private static int wordsFor(long bits) {
    return (int) ((bits + 63) >>> 6);
  }
}
