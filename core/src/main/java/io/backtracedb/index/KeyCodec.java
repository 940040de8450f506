package io.backtracedb.index;

import io.backtracedb.ColumnType;
import io.backtracedb.column.Values;
import java.util.Arrays;

/**
 * Turns key values of one column type into byte strings whose unsigned lexicographic order is the
 * engine's order of the values, and back.
 *
 * <p>Every key starts with a tag byte: {@code 0x00} for NULL (so NULL sorts first), {@code 0x01}
 * for a value, followed by:
 *
 * <ul>
 *   <li>BOOLEAN: one byte, 0 or 1;
 *   <li>INTEGER, DATE: 4 bytes, big-endian with the sign bit flipped;
 *   <li>BIGINT, TIMESTAMP: 8 bytes, big-endian with the sign bit flipped;
 *   <li>DOUBLE: 8 bytes of the IEEE bits, the sign bit flipped for positives and every bit flipped
 *       for negatives, after folding -0.0 into 0.0 and every NaN into the one canonical NaN; this
 *       is {@link Values#compareDoubles}'s order (NaN largest);
 *   <li>VARCHAR: each UTF-16 code unit as 1, 2 or 3 bytes (CESU-8, surrogates encoded one by one),
 *       which keeps {@link String#compareTo}'s order; no terminator, since the string ends the key.
 * </ul>
 *
 * <p>Decoding returns the engine representation ({@link Values#normalize}); -0.0 comes back as 0.0
 * and every NaN as {@link Double#NaN}, the values the index cannot tell apart. Stateless and
 * thread-safe.
 */
final class KeyCodec {
  private static final byte TAG_NULL = 0;
  private static final byte TAG_VALUE = 1;

  /** The one NaN the index stores; Java's canonical quiet NaN. */
  private static final long CANONICAL_NAN_BITS = 0x7ff8000000000000L;

  private final ColumnType type;

  KeyCodec(ColumnType type) {
    this.type = type;
  }

  /** The column type whose values this codec encodes. */
  ColumnType type() {
    return type;
  }

  /**
   * The encoded key of {@code value}, converted first as {@link Values#normalize} does.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  byte[] encode(Object value) {
    if (value == null) {
      return new byte[] {TAG_NULL};
    }
    Object v = Values.normalize(type, value);
    return switch (type) {
      case BOOLEAN -> new byte[] {TAG_VALUE, (byte) ((Boolean) v ? 1 : 0)};
      case INTEGER, DATE -> encodeInt((Integer) v);
      case BIGINT, TIMESTAMP -> encodeLong((Long) v);
      case DOUBLE -> encodeDouble((Double) v);
      case VARCHAR -> encodeString((String) v);
    };
  }

  /** The encoded key of a BIGINT or TIMESTAMP value, without boxing. */
  static byte[] encodeLong(long value) {
    byte[] out = new byte[9];
    out[0] = TAG_VALUE;
    putLong(out, 1, value ^ Long.MIN_VALUE);
    return out;
  }

  static byte[] encodeInt(int value) {
    int flipped = value ^ Integer.MIN_VALUE;
    return new byte[] {
      TAG_VALUE,
      (byte) (flipped >>> 24),
      (byte) (flipped >>> 16),
      (byte) (flipped >>> 8),
      (byte) flipped
    };
  }

  static byte[] encodeDouble(double value) {
    long bits;
    if (Double.isNaN(value)) {
      bits = CANONICAL_NAN_BITS;
    } else if (value == 0.0) {
      bits = 0L; // -0.0 == 0.0 in the engine's order: one encoding for both
    } else {
      bits = Double.doubleToRawLongBits(value);
    }
    long sortable = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    byte[] out = new byte[9];
    out[0] = TAG_VALUE;
    putLong(out, 1, sortable);
    return out;
  }

  static byte[] encodeString(String value) {
    byte[] out = new byte[1 + 3 * value.length()];
    out[0] = TAG_VALUE;
    int n = 1;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      } else {
        out[n++] = (byte) (0xE0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * The value an encoded key stands for (null for the NULL key).
   *
   * @throws IllegalArgumentException when the bytes are not a key of this type
   */
  Object decode(byte[] key) {
    if (key.length == 1 && key[0] == TAG_NULL) {
      return null;
    }
    if (key.length < 1 || key[0] != TAG_VALUE) {
      throw new IllegalArgumentException("not a " + type + " key: bad tag");
    }
    return switch (type) {
      case BOOLEAN -> {
        expectLength(key, 2);
        if (key[1] != 0 && key[1] != 1) {
          throw new IllegalArgumentException("not a BOOLEAN key: byte " + key[1]);
        }
        yield key[1] == 1;
      }
      case INTEGER, DATE -> {
        expectLength(key, 5);
        yield (int) (getLong(key, 1, 4) ^ Integer.MIN_VALUE);
      }
      case BIGINT, TIMESTAMP -> {
        expectLength(key, 9);
        yield getLong(key, 1, 8) ^ Long.MIN_VALUE;
      }
      case DOUBLE -> {
        expectLength(key, 9);
        long sortable = getLong(key, 1, 8);
        long bits = sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable;
        yield Double.longBitsToDouble(bits);
      }
      case VARCHAR -> decodeString(key);
    };
  }

  /** Whether {@code key} is a well-formed key of this type. */
  boolean isValid(byte[] key) {
    try {
      Object value = decode(key);
      // A canonical encoding only: the same value must encode to the same bytes.
      return Arrays.equals(encode(value), key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** How a key reads in messages and page dumps: its type and value. */
  String describe(byte[] key) {
    try {
      return Values.describe(decode(key));
    } catch (IllegalArgumentException e) {
      return "<undecodable key of " + key.length + " bytes>";
    }
  }

  private String decodeString(byte[] key) {
    char[] chars = new char[key.length - 1];
    int n = 0;
    int i = 1;
    while (i < key.length) {
      int b = key[i] & 0xFF;
      if (b < 0x80) {
        chars[n++] = (char) b;
        i += 1;
      } else if ((b & 0xE0) == 0xC0 && i + 1 < key.length) {
        chars[n++] = (char) (((b & 0x1F) << 6) | (key[i + 1] & 0x3F));
        i += 2;
      } else if ((b & 0xF0) == 0xE0 && i + 2 < key.length) {
        chars[n++] = (char) (((b & 0x0F) << 12) | ((key[i + 1] & 0x3F) << 6) | (key[i + 2] & 0x3F));
        i += 3;
      } else {
        throw new IllegalArgumentException("not a VARCHAR key: bad byte at " + i);
      }
    }
    return new String(chars, 0, n);
  }

  private void expectLength(byte[] key, int length) {
    if (key.length != length) {
      throw new IllegalArgumentException(
          "not a " + type + " key: " + key.length + " bytes, expected " + length);
    }
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long getLong(byte[] in, int offset, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (in[offset + i] & 0xFF);
    }
    return value;
  }
}
