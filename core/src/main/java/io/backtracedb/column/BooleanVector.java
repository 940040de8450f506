package io.backtracedb.column;

import io.backtracedb.ColumnType;
import java.util.Arrays;

/** A growable column of {@code boolean} values (BOOLEAN). */
public final class BooleanVector extends ColumnVector {
  private volatile boolean[] values;

  BooleanVector(ColumnType type, int capacity) {
    super(type);
    this.values = new boolean[Math.max(capacity, 1)];
  }

  /** Appends a value. */
  public void append(boolean value) {
    ensureCapacity(size + 1);
    values[size++] = value;
  }

  /** The value at {@code row}; meaningless when the row is NULL. */
  public boolean get(int row) {
    return values[row];
  }

  /**
   * The backing array; rows below the published count are stable. Capture it once per batch after
   * reading the published count.
   */
  public boolean[] values() {
    return values;
  }

  @Override
  public void appendObject(Object value) {
    if (value == null) {
      appendNull();
    } else {
      append((Boolean) value);
    }
  }

  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      append(((BooleanVector) source).values[row]);
    }
  }

  @Override
  protected void copyValues(ColumnVector source, int from, int at, int count) {
    System.arraycopy(((BooleanVector) source).values, from, values, at, count);
  }

  @Override
  protected int capacity() {
    return values.length;
  }

  @Override
  protected void growTo(int capacity) {
    values = Arrays.copyOf(values, capacity);
  }

  @Override
  protected void appendDefault() {
    size++;
  }

  @Override
  public long heapBytes() {
    return (long) values.length * 1 + nullBytes();
  }
}
