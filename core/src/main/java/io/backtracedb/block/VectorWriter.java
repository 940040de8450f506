package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes the cells of one column vector to Parquet column writers, a gathered chunk of rows at a
 * time.
 *
 * <p>{@link #gather} copies the chunk's values (and NULL flags) out of the vector in a short loop,
 * so that the scattered reads of an {@code order} permutation are independent loads the processor
 * can overlap, rather than one cache miss inside each cell's encoding work. Rows in index order are
 * not copied: the chunk is then a window on the vector's own array. {@link #write} then hands cell
 * {@code i} of the chunk to a column writer.
 *
 * <p>The vector must not change while a block is written. Not thread-safe.
 */
abstract sealed class VectorWriter {
  /** Rows per gathered chunk: large enough to amortise the gather, small enough for L2. */
  static final int CHUNK_ROWS = 4096;

  private final ColumnVector vector;

  /** Definition level of a present value: 1 in an OPTIONAL column, 0 in a REQUIRED one. */
  final int valueLevel;

  private boolean[] nulls;
  private boolean chunkHasNulls;

  private VectorWriter(ColumnVector vector, int valueLevel) {
    this.vector = vector;
    this.valueLevel = valueLevel;
  }

  /** A writer of {@code vector}'s cells as values of {@code column}. */
  static VectorWriter of(Column column, ColumnVector vector) {
    int level = column.nullable() ? 1 : 0;
    return switch (vector.type().physical()) {
      case LONG -> new Longs((LongVector) vector, level);
      case INT -> new Ints((IntVector) vector, level);
      case DOUBLE -> new Doubles((DoubleVector) vector, level);
      case BOOLEAN -> new Booleans((BooleanVector) vector, level);
      case STRING -> new Strings((StringVector) vector, level);
    };
  }

  /**
   * Gathers rows {@code order[from], ..., order[to - 1]}, or rows {@code from} to {@code to - 1}
   * when {@code order} is null, as cells {@code 0} to {@code to - from - 1}.
   */
  final void gather(int[] order, int from, int to) {
    chunkHasNulls = false;
    if (vector.mayHaveNulls()) {
      if (nulls == null) {
        nulls = new boolean[CHUNK_ROWS];
      }
      boolean any = false;
      for (int i = 0; i < to - from; i++) {
        boolean isNull = vector.isNull(order == null ? from + i : order[from + i]);
        nulls[i] = isNull;
        any |= isNull;
      }
      chunkHasNulls = any;
    }
    gatherValues(order, from, to);
  }

  /** Writes cell {@code i} of the gathered chunk as the next value of {@code writer}. */
  final void write(int i, ColumnWriter writer) {
    if (chunkHasNulls && nulls[i]) {
      writer.writeNull(0, 0); // a NULL is defined up to the (level 0) message only
    } else {
      writeValue(i, writer);
    }
  }

  abstract void gatherValues(int[] order, int from, int to);

  abstract void writeValue(int i, ColumnWriter writer);

  /** INT64 cells: BIGINT and TIMESTAMP. */
  private static final class Longs extends VectorWriter {
    private final long[] source;
    private long[] scratch;
    private long[] chunk;
    private int base;

    Longs(LongVector vector, int valueLevel) {
      super(vector, valueLevel);
      this.source = vector.values();
    }

    @Override
    void gatherValues(int[] order, int from, int to) {
      if (order == null) {
        chunk = source;
        base = from;
        return;
      }
      if (scratch == null) {
        scratch = new long[CHUNK_ROWS];
      }
      for (int i = 0; i < to - from; i++) {
        scratch[i] = source[order[from + i]];
      }
      chunk = scratch;
      base = 0;
    }

    @Override
    void writeValue(int i, ColumnWriter writer) {
      writer.write(chunk[base + i], 0, valueLevel);
    }
  }

  /** INT32 cells: INTEGER and DATE. */
  private static final class Ints extends VectorWriter {
    private final int[] source;
    private int[] scratch;
    private int[] chunk;
    private int base;

    Ints(IntVector vector, int valueLevel) {
      super(vector, valueLevel);
      this.source = vector.values();
    }

    @Override
    void gatherValues(int[] order, int from, int to) {
      if (order == null) {
        chunk = source;
        base = from;
        return;
      }
      if (scratch == null) {
        scratch = new int[CHUNK_ROWS];
      }
      for (int i = 0; i < to - from; i++) {
        scratch[i] = source[order[from + i]];
      }
      chunk = scratch;
      base = 0;
    }

    @Override
    void writeValue(int i, ColumnWriter writer) {
      writer.write(chunk[base + i], 0, valueLevel);
    }
  }

  /** DOUBLE cells. */
  private static final class Doubles extends VectorWriter {
    private final double[] source;
    private double[] scratch;
    private double[] chunk;
    private int base;

    Doubles(DoubleVector vector, int valueLevel) {
      super(vector, valueLevel);
      this.source = vector.values();
    }

    @Override
    void gatherValues(int[] order, int from, int to) {
      if (order == null) {
        chunk = source;
        base = from;
        return;
      }
      if (scratch == null) {
        scratch = new double[CHUNK_ROWS];
      }
      for (int i = 0; i < to - from; i++) {
        scratch[i] = source[order[from + i]];
      }
      chunk = scratch;
      base = 0;
    }

    @Override
    void writeValue(int i, ColumnWriter writer) {
      writer.write(chunk[base + i], 0, valueLevel);
    }
  }

  /** BOOLEAN cells. */
  private static final class Booleans extends VectorWriter {
    private final boolean[] source;
    private boolean[] scratch;
    private boolean[] chunk;
    private int base;

    Booleans(BooleanVector vector, int valueLevel) {
      super(vector, valueLevel);
      this.source = vector.values();
    }

    @Override
    void gatherValues(int[] order, int from, int to) {
      if (order == null) {
        chunk = source;
        base = from;
        return;
      }
      if (scratch == null) {
        scratch = new boolean[CHUNK_ROWS];
      }
      for (int i = 0; i < to - from; i++) {
        scratch[i] = source[order[from + i]];
      }
      chunk = scratch;
      base = 0;
    }

    @Override
    void writeValue(int i, ColumnWriter writer) {
      writer.write(chunk[base + i], 0, valueLevel);
    }
  }

  /**
   * VARCHAR cells: dictionary ids are gathered, and each dictionary entry is encoded to UTF-8 once,
   * on its first non-NULL use (a NULL row's id means nothing and is never looked up).
   */
  private static final class Strings extends VectorWriter {
    private final int[] source;
    private final String[] dictionary;
    private final Binary[] encoded;
    private int[] scratch;
    private int[] chunk;
    private int base;

    Strings(StringVector vector, int valueLevel) {
      super(vector, valueLevel);
      this.source = vector.ids();
      this.dictionary = vector.dictionary(); // after ids(): covers every id in that array
      this.encoded = new Binary[dictionary.length];
    }

    @Override
    void gatherValues(int[] order, int from, int to) {
      if (order == null) {
        chunk = source;
        base = from;
        return;
      }
      if (scratch == null) {
        scratch = new int[CHUNK_ROWS];
      }
      for (int i = 0; i < to - from; i++) {
        scratch[i] = source[order[from + i]];
      }
      chunk = scratch;
      base = 0;
    }

    @Override
    void writeValue(int i, ColumnWriter writer) {
      int id = chunk[base + i];
      Binary binary = encoded[id];
      if (binary == null) {
        binary = Binary.fromConstantByteArray(dictionary[id].getBytes(StandardCharsets.UTF_8));
        encoded[id] = binary;
      }
      writer.write(binary, 0, valueLevel);
    }
  }
}
