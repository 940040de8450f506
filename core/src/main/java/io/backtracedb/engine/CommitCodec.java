package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a commit (rows for one or more tables) as one WAL record payload, column by column, and
 * decodes it on replay. Layout: docs/format/wal.md, "Commit payload".
 */
final class CommitCodec {
  /** Payload kind byte: rows appended to tables. */
  static final byte KIND_ROWS = 1;

  private CommitCodec() {}

  /** The rows of one table in a commit. */
  record Entry(long tableId, ColumnVector[] columns, int rowCount) {}

  /** Encodes {@code entries} into a fresh little-endian buffer, flipped for reading. */
  static ByteBuffer encode(List<Entry> entries) {
    return encode(entries, null);
  }

  /**
   * Encodes {@code entries} into {@code spare} when it is large enough (else into a fresh buffer),
   * little-endian, flipped for reading; {@code spare} may be null.
   */
  static ByteBuffer encode(List<Entry> entries, ByteBuffer spare) {
    int size = 1 + 4;
    List<byte[][]> dictionaries = new ArrayList<>();
    for (Entry entry : entries) {
      size += 8 + 4 + 4;
      for (ColumnVector column : entry.columns()) {
        size += 2;
        if (column.mayHaveNulls()) {
          size += 4 + words(entry.rowCount()) * 8;
        }
        byte[][] dictionary = null;
        if (column instanceof StringVector strings) {
          dictionary = utf8Dictionary(strings);
          size += 4;
          for (byte[] value : dictionary) {
            size += 4 + value.length;
          }
          size += idWidth(dictionary.length) * entry.rowCount();
        } else {
          size += valueWidth(column.type()) * entry.rowCount();
        }
        dictionaries.add(dictionary);
      }
    }
    ByteBuffer out =
        (spare != null && spare.capacity() >= size ? spare.clear() : ByteBuffer.allocate(size))
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(KIND_ROWS).putInt(entries.size());
    int next = 0;
    for (Entry entry : entries) {
      int rows = entry.rowCount();
      out.putLong(entry.tableId()).putInt(rows).putInt(entry.columns().length);
      for (ColumnVector column : entry.columns()) {
        out.put((byte) column.type().ordinal());
        out.put((byte) (column.mayHaveNulls() ? 1 : 0));
        if (column.mayHaveNulls()) {
          writeNulls(out, column, rows);
        }
        writeValues(out, column, rows, dictionaries.get(next++));
      }
    }
    return out.flip();
  }

  /** Decodes a payload; {@code schemaOf} gives the schema of a table id, or null if it is gone. */
  static List<Entry> decode(ByteBuffer payload, java.util.function.LongFunction<Schema> schemaOf) {
    ByteBuffer in = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    byte kind = in.get();
    if (kind != KIND_ROWS) {
      throw new IllegalArgumentException("unknown commit payload kind " + kind);
    }
    int count = in.getInt();
    List<Entry> entries = new ArrayList<>(count);
    for (int e = 0; e < count; e++) {
      long tableId = in.getLong();
      int rows = in.getInt();
      int columnCount = in.getInt();
      Schema schema = schemaOf.apply(tableId);
      if (schema != null && schema.size() != columnCount) {
        throw new IllegalArgumentException(
            "table id "
                + tableId
                + " has "
                + schema.size()
                + " columns, record has "
                + columnCount);
      }
      ColumnVector[] columns = new ColumnVector[columnCount];
      for (int c = 0; c < columnCount; c++) {
        ColumnType type = ColumnType.values()[in.get()];
        if (schema != null && schema.column(c).type() != type) {
          throw new IllegalArgumentException(
              "table id "
                  + tableId
                  + " column "
                  + c
                  + " is "
                  + schema.column(c).type()
                  + ", record has "
                  + type);
        }
        boolean hasNulls = in.get() != 0;
        long[] nulls = hasNulls ? readNulls(in) : null;
        columns[c] = readValues(in, type, rows, nulls);
      }
      if (schema != null) {
        entries.add(new Entry(tableId, columns, rows));
      }
    }
    return entries;
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }

  private static int valueWidth(ColumnType type) {
    return switch (type.physical()) {
      case LONG, DOUBLE -> 8;
      case INT -> 4;
      case BOOLEAN -> 1;
      case STRING -> throw new IllegalArgumentException("strings have no fixed width");
    };
  }

  /** Narrowest id width for a dictionary: 1, 2 or 4 bytes. */
  private static int idWidth(int dictionarySize) {
    return dictionarySize <= 256 ? 1 : dictionarySize <= 65_536 ? 2 : 4;
  }

  private static byte[][] utf8Dictionary(StringVector strings) {
    String[] dictionary = strings.dictionary();
    byte[][] encoded = new byte[strings.dictionarySize()][];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = dictionary[i].getBytes(StandardCharsets.UTF_8);
    }
    return encoded;
  }

  private static void writeNulls(ByteBuffer out, ColumnVector column, int rows) {
    int words = words(rows);
    out.putInt(words);
    for (int w = 0; w < words; w++) {
      long bits = 0;
      for (int b = 0; b < 64; b++) {
        int row = (w << 6) + b;
        if (row < rows && column.isNull(row)) {
          bits |= 1L << b;
        }
      }
      out.putLong(bits);
    }
  }

  private static long[] readNulls(ByteBuffer in) {
    long[] bits = new long[in.getInt()];
    in.asLongBuffer().get(bits);
    in.position(in.position() + bits.length * 8);
    return bits;
  }

  private static void writeValues(ByteBuffer out, ColumnVector column, int rows, byte[][] dict) {
    switch (column.type().physical()) {
      case LONG -> {
        out.asLongBuffer().put(((LongVector) column).values(), 0, rows);
        out.position(out.position() + rows * 8);
      }
      case DOUBLE -> {
        out.asDoubleBuffer().put(((DoubleVector) column).values(), 0, rows);
        out.position(out.position() + rows * 8);
      }
      case INT -> {
        out.asIntBuffer().put(((IntVector) column).values(), 0, rows);
        out.position(out.position() + rows * 4);
      }
      case BOOLEAN -> {
        boolean[] values = ((BooleanVector) column).values();
        for (int i = 0; i < rows; i++) {
          out.put((byte) (values[i] ? 1 : 0));
        }
      }
      case STRING -> {
        out.putInt(dict.length);
        for (byte[] value : dict) {
          out.putInt(value.length).put(value);
        }
        int[] ids = ((StringVector) column).ids();
        switch (idWidth(dict.length)) {
          case 1 -> {
            for (int i = 0; i < rows; i++) {
              out.put((byte) ids[i]);
            }
          }
          case 2 -> {
            for (int i = 0; i < rows; i++) {
              out.putShort((short) ids[i]);
            }
          }
          default -> {
            out.asIntBuffer().put(ids, 0, rows);
            out.position(out.position() + rows * 4);
          }
        }
      }
      default -> throw new IllegalStateException("unknown physical type");
    }
  }

  private static ColumnVector readValues(ByteBuffer in, ColumnType type, int rows, long[] nulls) {
    ColumnVector vector = ColumnVector.create(type, rows);
    switch (type.physical()) {
      case LONG -> {
        LongVector longs = (LongVector) vector;
        for (int i = 0; i < rows; i++) {
          longs.append(in.getLong());
        }
      }
      case DOUBLE -> {
        DoubleVector doubles = (DoubleVector) vector;
        for (int i = 0; i < rows; i++) {
          doubles.append(in.getDouble());
        }
      }
      case INT -> {
        IntVector ints = (IntVector) vector;
        for (int i = 0; i < rows; i++) {
          ints.append(in.getInt());
        }
      }
      case BOOLEAN -> {
        BooleanVector bools = (BooleanVector) vector;
        for (int i = 0; i < rows; i++) {
          bools.append(in.get() != 0);
        }
      }
      case STRING -> {
        String[] dict = new String[in.getInt()];
        for (int i = 0; i < dict.length; i++) {
          byte[] bytes = new byte[in.getInt()];
          in.get(bytes);
          dict[i] = new String(bytes, StandardCharsets.UTF_8);
        }
        StringVector strings = (StringVector) vector;
        int width = idWidth(dict.length);
        for (int i = 0; i < rows; i++) {
          int id =
              switch (width) {
                case 1 -> in.get() & 0xFF;
                case 2 -> in.getShort() & 0xFFFF;
                default -> in.getInt();
              };
          if (isNull(nulls, i)) {
            strings.appendNull();
          } else {
            strings.append(dict[id]);
          }
        }
        return vector;
      }
      default -> throw new IllegalStateException("unknown physical type");
    }
    return nulls == null ? vector : withNulls(vector, nulls, rows);
  }

  private static boolean isNull(long[] nulls, int row) {
    return nulls != null && (nulls[row >>> 6] & (1L << row)) != 0;
  }

  /** Rebuilds {@code values} with NULLs where the bitmap says so. */
  private static ColumnVector withNulls(ColumnVector values, long[] nulls, int rows) {
    ColumnVector result = ColumnVector.create(values.type(), rows);
    for (int i = 0; i < rows; i++) {
      if (isNull(nulls, i)) {
        result.appendNull();
      } else {
        result.appendFrom(values, i);
      }
    }
    return result;
  }
}
