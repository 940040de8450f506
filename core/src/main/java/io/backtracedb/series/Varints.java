package io.backtracedb.series;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Unsigned LEB128 varints: seven bits per byte, low bits first, the high bit marks "more". */
final class Varints {
  /** A 64-bit value takes at most ten bytes. */
  static final int MAX_BYTES = 10;

  private static final int PAYLOAD_BITS = 0x7F;
  private static final int CONTINUATION_BIT = 0x80;

  private Varints() {}

  /** Writes {@code value} as an unsigned varint. */
  static void write(ByteBuffer out, long value) {
    while ((value & ~PAYLOAD_BITS) != 0) {
      out.put((byte) ((value & PAYLOAD_BITS) | CONTINUATION_BIT));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /** Writes {@code value} as an unsigned varint to a growing stream. */
  static void write(java.io.ByteArrayOutputStream out, long value) {
    while ((value & ~PAYLOAD_BITS) != 0) {
      out.write((int) ((value & PAYLOAD_BITS) | CONTINUATION_BIT));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** The number of bytes {@link #write} spends on {@code value}. */
  static int size(long value) {
    int bytes = 1;
    while ((value & ~PAYLOAD_BITS) != 0) {
      value >>>= 7;
      bytes++;
    }
    return bytes;
  }

  /** A cursor that reads varints and fixed-width fields from a byte range, checking its bounds. */
  static final class Cursor {
    private final byte[] bytes;
    private final int end;
    private int position;

    Cursor(byte[] bytes, int offset, int end) {
      this.bytes = bytes;
      this.position = offset;
      this.end = end;
    }

    int position() {
      return position;
    }

    /** Reads an unsigned varint, or throws {@link IllegalStateException} naming the problem. */
    long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        value |= (long) (b & PAYLOAD_BITS) << shift;
        if ((b & CONTINUATION_BIT) == 0) {
          if (shift == 63 && (b & PAYLOAD_BITS) > 1) {
            throw new IllegalStateException("varint overflows 64 bits");
          }
          return value;
        }
      }
      throw new IllegalStateException("varint longer than " + MAX_BYTES + " bytes");
    }

    int readByte() {
      require(1);
      return bytes[position++] & 0xFF;
    }

    int readInt() {
      require(4);
      int value = ByteBuffer.wrap(bytes, position, 4).getInt();
      position += 4;
      return value;
    }

    long readLong() {
      require(8);
      long value = ByteBuffer.wrap(bytes, position, 8).getLong();
      position += 8;
      return value;
    }

    /** Reads {@code count} bytes as a new array. */
    byte[] readBytes(int count) {
      require(count);
      byte[] copy = Arrays.copyOfRange(bytes, position, position + count);
      position += count;
      return copy;
    }

    void skip(int count) {
      require(count);
      position += count;
    }

    private void require(int count) {
      if (count < 0 || end - position < count) {
        throw new IllegalStateException(
            "needs " + count + " bytes, " + (end - position) + " are left");
      }
    }
  }
}
