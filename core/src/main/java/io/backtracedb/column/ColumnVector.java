package io.backtracedb.column;

import io.backtracedb.ColumnType;

/**
 * A growable column of values of one type, with a null bitmap allocated on the first NULL.
 *
 * <p>Threading: one writer appends; any number of readers may read rows below a row count they
 * obtained through a happens-before edge (the active block publishes it through a volatile field).
 * Arrays are replaced, never shrunk, on growth, and the references are volatile, so a reader that
 * captures an array after reading the published count sees every published value in it.
 */
public abstract sealed class ColumnVector
    permits LongVector, IntVector, DoubleVector, BooleanVector, StringVector {

  private final ColumnType type;
  private volatile long[] nulls;
  protected int size;

  protected ColumnVector(ColumnType type) {
    this.type = type;
  }

  /** A new, empty vector for values of {@code type}. */
  public static ColumnVector create(ColumnType type, int capacity) {
    return switch (type.physical()) {
      case LONG -> new LongVector(type, capacity);
      case INT -> new IntVector(type, capacity);
      case DOUBLE -> new DoubleVector(type, capacity);
      case BOOLEAN -> new BooleanVector(type, capacity);
      case STRING -> new StringVector(type, capacity);
    };
  }

  /** The column type of the values. */
  public final ColumnType type() {
    return type;
  }

  /** The number of appended values (rows), NULLs included. Only the writer may rely on it. */
  public final int size() {
    return size;
  }

  /** Whether row {@code row} is NULL. */
  public final boolean isNull(int row) {
    long[] bits = nulls;
    return bits != null && (row >>> 6) < bits.length && (bits[row >>> 6] & (1L << row)) != 0;
  }

  /** Whether any NULL was ever appended. */
  public final boolean mayHaveNulls() {
    return nulls != null;
  }

  /** Appends a NULL. */
  public final void appendNull() {
    ensureCapacity(size + 1);
    markNull(size);
    appendDefault();
  }

  /**
   * Appends a value given as a Java object of this vector's representation (Long, Integer, Double,
   * Boolean, String), or NULL.
   */
  public abstract void appendObject(Object value);

  /** The value at {@code row} boxed in its representation, or null when NULL. */
  public abstract Object getObject(int row);

  /** Appends row {@code row} of {@code source}, which has the same type. */
  public abstract void appendFrom(ColumnVector source, int row);

  /**
   * Appends rows {@code [from, to)} of {@code source}, which has the same physical type, in one
   * bulk copy where the representation allows.
   */
  public final void appendRange(ColumnVector source, int from, int to) {
    int count = to - from;
    if (count <= 0) {
      return;
    }
    int base = size;
    ensureCapacity(base + count);
    copyValues(source, from, base, count);
    if (source.mayHaveNulls()) {
      for (int i = 0; i < count; i++) {
        if (source.isNull(from + i)) {
          markNull(base + i);
        }
      }
    }
    size = base + count;
  }

  private void markNull(int row) {
    long[] bits = nulls;
    int word = row >>> 6;
    if (bits == null || word >= bits.length) {
      long[] grown = new long[Math.max(word + 1, capacity() >>> 6) + 1];
      if (bits != null) {
        System.arraycopy(bits, 0, grown, 0, bits.length);
      }
      bits = grown;
      nulls = grown;
    }
    bits[word] |= 1L << row;
  }

  /**
   * Copies {@code count} values of {@code source} from {@code from} to this vector at {@code at}.
   */
  protected abstract void copyValues(ColumnVector source, int from, int at, int count);

  /** The current capacity. */
  protected abstract int capacity();

  /** Grows the value arrays so that {@code capacity} rows fit. */
  protected abstract void growTo(int capacity);

  /** Appends the representation's zero value (the slot behind a NULL). */
  protected abstract void appendDefault();

  /** Makes room for {@code needed} rows. */
  protected final void ensureCapacity(int needed) {
    int capacity = capacity();
    if (needed > capacity) {
      // Doubling keeps the copies of a block growing to a million rows to about twenty.
      growTo(Math.max(needed, capacity * 2 + 16));
    }
  }

  /**
   * Drops rows from {@code newSize} on (writer only; never on a vector readers may see). Used to
   * undo a half-built row.
   */
  public final void truncate(int newSize) {
    if (newSize >= size) {
      return;
    }
    long[] bits = nulls;
    if (bits != null) {
      for (int row = newSize; row < size && (row >>> 6) < bits.length; row++) {
        bits[row >>> 6] &= ~(1L << row);
      }
    }
    size = newSize;
  }

  /**
   * Empties the vector for reuse, keeping its arrays (writer only; never on a vector readers may
   * see).
   */
  public void reset() {
    nulls = null;
    size = 0;
  }

  /** Bytes of heap the vector holds, roughly; for memory accounting. */
  public abstract long heapBytes();

  protected final long nullBytes() {
    long[] bits = nulls;
    return bits == null ? 0 : bits.length * 8L;
  }
}
