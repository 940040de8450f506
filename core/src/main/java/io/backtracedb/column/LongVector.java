package io.backtracedb.column;

import io.backtracedb.ColumnType;
import java.util.Arrays;

/** A growable column of {@code long} values (BIGINT, TIMESTAMP). */
public final class LongVector extends ColumnVector {
  private volatile long[] values;

  LongVector(ColumnType type, int capacity) {
    super(type);
    this.values = new long[Math.max(capacity, 1)];
  }

  /** Appends a value. */
  public void append(long value) {
    ensureCapacity(size + 1);
    values[size++] = value;
  }

  /** The value at {@code row}; meaningless when the row is NULL. */
  public long get(int row) {
    return values[row];
  }

  /**
   * The backing array; rows below the published count are stable. Capture it once per batch after
   * reading the published count.
   */
  public long[] values() {
    return values;
  }

  @Override
  public void appendObject(Object value) {
    if (value == null) {
      appendNull();
    } else {
      append((Long) value);
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
      append(((LongVector) source).values[row]);
    }
  }

  @Override
  protected void copyValues(ColumnVector source, int from, int at, int count) {
    System.arraycopy(((LongVector) source).values, from, values, at, count);
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
    return (long) values.length * 8 + nullBytes();
  }
}
