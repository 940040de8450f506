package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The values of a covering index's included columns for one row, as the payload of its entry
 * (docs/format/btree.md): a bitmap with one bit per column set for NULL, then each non-NULL value
 * in column order, BOOLEAN as one byte, INTEGER and DATE as 4 bytes, BIGINT, TIMESTAMP and DOUBLE
 * as 8 (big-endian; DOUBLE as its IEEE bits), VARCHAR as a varint byte count and its UTF-8 bytes.
 * Immutable and thread-safe.
 */
final class RowPayload {
  private final int[] ordinals;
  private final ColumnType[] types;
  private final int bitmapBytes;

  /** The payload of the columns {@code included} (names in {@code schema}), in that order. */
  RowPayload(Schema schema, List<String> included) {
    ordinals = new int[included.size()];
    types = new ColumnType[included.size()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = schema.ordinalOf(included.get(i));
      types[i] = schema.column(ordinals[i]).type();
    }
    bitmapBytes = (ordinals.length + 7) / 8;
  }

  /** The table ordinals of the included columns, in payload order. */
  int[] ordinals() {
    return ordinals.clone();
  }

  /** Whether the payload holds no column. */
  boolean isEmpty() {
    return ordinals.length == 0;
  }

  /** The payload of row {@code row} of {@code vectors} (indexed by table ordinal). */
  byte[] encode(ColumnVector[] vectors, int row) {
    int size = bitmapBytes;
    byte[][] strings = null;
    for (int i = 0; i < ordinals.length; i++) {
      ColumnVector vector = vectors[ordinals[i]];
      if (vector.isNull(row)) {
        continue;
      }
      if (types[i] == ColumnType.VARCHAR) {
        if (strings == null) {
          strings = new byte[ordinals.length][];
        }
        strings[i] = ((StringVector) vector).get(row).getBytes(StandardCharsets.UTF_8);
        size += varintSize(strings[i].length) + strings[i].length;
      } else {
        size += width(types[i]);
      }
    }
    byte[] out = new byte[size];
    int pos = bitmapBytes;
    for (int i = 0; i < ordinals.length; i++) {
      ColumnVector vector = vectors[ordinals[i]];
      if (vector.isNull(row)) {
        out[i >>> 3] |= (byte) (1 << (i & 7));
        continue;
      }
      switch (types[i]) {
        case BOOLEAN -> out[pos++] = (byte) (((BooleanVector) vector).get(row) ? 1 : 0);
        case INTEGER, DATE -> pos = putInt(out, pos, ((IntVector) vector).get(row));
        case BIGINT, TIMESTAMP -> pos = putLong(out, pos, ((LongVector) vector).get(row));
        case DOUBLE ->
            pos = putLong(out, pos, Double.doubleToRawLongBits(((DoubleVector) vector).get(row)));
        case VARCHAR -> {
          byte[] bytes = strings[i];
          pos = putVarint(out, pos, bytes.length);
          System.arraycopy(bytes, 0, out, pos, bytes.length);
          pos += bytes.length;
        }
        default -> throw new IllegalStateException("no payload encoding for " + types[i]);
      }
    }
    return out;
  }

  /**
   * Appends the values of {@code payload} to the vectors of the included columns that {@code
   * vectors} holds (null entries are skipped).
   *
   * @throws CorruptionException naming {@code file} when the payload does not parse
   */
  void decodeInto(byte[] payload, ColumnVector[] vectors, Path file) {
    int pos = bitmapBytes;
    try {
      for (int i = 0; i < ordinals.length; i++) {
        ColumnVector vector = vectors[ordinals[i]];
        if ((payload[i >>> 3] & (1 << (i & 7))) != 0) {
          if (vector != null) {
            vector.appendNull();
          }
          continue;
        }
        switch (types[i]) {
          case BOOLEAN -> {
            if (vector != null) {
              ((BooleanVector) vector).append(payload[pos] != 0);
            }
            pos++;
          }
          case INTEGER, DATE -> {
            if (vector != null) {
              ((IntVector) vector).append(getInt(payload, pos));
            }
            pos += 4;
          }
          case BIGINT, TIMESTAMP -> {
            if (vector != null) {
              ((LongVector) vector).append(getLong(payload, pos));
            }
            pos += 8;
          }
          case DOUBLE -> {
            if (vector != null) {
              ((DoubleVector) vector).append(Double.longBitsToDouble(getLong(payload, pos)));
            }
            pos += 8;
          }
          case VARCHAR -> {
            int length = 0;
            int shift = 0;
            byte b;
            do {
              b = payload[pos++];
              length |= (b & 0x7F) << shift;
              shift += 7;
            } while (b < 0 && shift < 32);
            if (length < 0 || pos + length > payload.length) {
              throw new ArrayIndexOutOfBoundsException("string of " + length + " bytes");
            }
            if (vector != null) {
              ((StringVector) vector)
                  .append(new String(payload, pos, length, StandardCharsets.UTF_8));
            }
            pos += length;
          }
          default -> throw new IllegalStateException("no payload encoding for " + types[i]);
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new CorruptionException(file, 0, "index payload cut short at byte " + pos);
    }
    if (pos != payload.length) {
      throw new CorruptionException(
          file, 0, "index payload of " + payload.length + " bytes ends at byte " + pos);
    }
  }

  private static int width(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> 1;
      case INTEGER, DATE -> 4;
      case BIGINT, TIMESTAMP, DOUBLE -> 8;
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR has no fixed width");
    };
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  private static int putVarint(byte[] out, int pos, int value) {
    while ((value & ~0x7F) != 0) {
      out[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
    return pos;
  }

  private static int putInt(byte[] out, int pos, int value) {
    out[pos] = (byte) (value >>> 24);
    out[pos + 1] = (byte) (value >>> 16);
    out[pos + 2] = (byte) (value >>> 8);
    out[pos + 3] = (byte) value;
    return pos + 4;
  }

  private static int putLong(byte[] out, int pos, long value) {
    putInt(out, pos, (int) (value >>> 32));
    return putInt(out, pos + 4, (int) value);
  }

  private static int getInt(byte[] in, int pos) {
    return (in[pos] & 0xFF) << 24
        | (in[pos + 1] & 0xFF) << 16
        | (in[pos + 2] & 0xFF) << 8
        | (in[pos + 3] & 0xFF);
  }

  private static long getLong(byte[] in, int pos) {
    return ((long) getInt(in, pos) << 32) | (getInt(in, pos + 4) & 0xFFFF_FFFFL);
  }
}
