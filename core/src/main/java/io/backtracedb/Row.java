package io.backtracedb;

import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The current row of a {@link TableReader}: a view that moves with the reader, valid until the next
 * call to {@code next()}. Copy values out (or use {@link #values()}) to keep them.
 *
 * <p>Only selected columns can be read; others throw.
 */
public final class Row {
  private final Schema schema;
  private final boolean[] selected;
  private ColumnBatch batch;
  private int row;

  Row(Schema schema, boolean[] selected) {
    this.schema = schema;
    this.selected = selected;
  }

  void moveTo(ColumnBatch newBatch, int newRow) {
    this.batch = newBatch;
    this.row = newRow;
  }

  /** The schema of the table. */
  public Schema schema() {
    return schema;
  }

  /** Whether the column at {@code ordinal} is NULL. */
  public boolean isNull(int ordinal) {
    return vector(ordinal).isNull(row);
  }

  /** Whether the named column is NULL. */
  public boolean isNull(String column) {
    return isNull(ordinal(column));
  }

  /**
   * The value at {@code ordinal} as a Java object: Boolean, Integer, Long, Double, String, {@link
   * Instant} for TIMESTAMP, {@link LocalDate} for DATE; null when NULL.
   */
  public Object get(int ordinal) {
    Object raw = vector(ordinal).getObject(row);
    if (raw == null) {
      return null;
    }
    return switch (schema.column(ordinal).type()) {
      case TIMESTAMP -> Instant.ofEpochMilli((Long) raw);
      case DATE -> LocalDate.ofEpochDay((Integer) raw);
      default -> raw;
    };
  }

  /** The named column's value; see {@link #get(int)}. */
  public Object get(String column) {
    return get(ordinal(column));
  }

  /** A BIGINT value, or a TIMESTAMP as epoch milliseconds; 0 when NULL. */
  public long getLong(int ordinal) {
    return ((LongVector) typed(ordinal, ColumnType.Physical.LONG)).get(row);
  }

  /** The named column as {@link #getLong(int)}. */
  public long getLong(String column) {
    return getLong(ordinal(column));
  }

  /** An INTEGER value, or a DATE as epoch days; 0 when NULL. */
  public int getInt(int ordinal) {
    return ((IntVector) typed(ordinal, ColumnType.Physical.INT)).get(row);
  }

  /** The named column as {@link #getInt(int)}. */
  public int getInt(String column) {
    return getInt(ordinal(column));
  }

  /** A DOUBLE value; 0 when NULL. */
  public double getDouble(int ordinal) {
    return ((DoubleVector) typed(ordinal, ColumnType.Physical.DOUBLE)).get(row);
  }

  /** The named column as {@link #getDouble(int)}. */
  public double getDouble(String column) {
    return getDouble(ordinal(column));
  }

  /** A BOOLEAN value; false when NULL. */
  public boolean getBoolean(int ordinal) {
    return ((BooleanVector) typed(ordinal, ColumnType.Physical.BOOLEAN)).get(row);
  }

  /** A VARCHAR value, or null. */
  public String getString(int ordinal) {
    return ((StringVector) typed(ordinal, ColumnType.Physical.STRING)).get(row);
  }

  /** The named column as {@link #getString(int)}. */
  public String getString(String column) {
    return getString(ordinal(column));
  }

  /** A TIMESTAMP value, or null. */
  public Instant getInstant(String column) {
    return (Instant) get(column);
  }

  /** The selected columns' values (null for columns not selected), copied. */
  public Object[] values() {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      if (selected[i]) {
        values[i] = get(i);
      }
    }
    return values;
  }

  private int ordinal(String column) {
    return schema.requireOrdinal("?", column);
  }

  private io.backtracedb.column.ColumnVector vector(int ordinal) {
    if (!selected[ordinal]) {
      throw new IllegalArgumentException(
          "column '" + schema.column(ordinal).name() + "' was not selected by the reader");
    }
    return batch.vector(ordinal);
  }

  private io.backtracedb.column.ColumnVector typed(int ordinal, ColumnType.Physical physical) {
    io.backtracedb.column.ColumnVector vector = vector(ordinal);
    if (vector.type().physical() != physical) {
      throw new IllegalArgumentException(
          "column '"
              + schema.column(ordinal).name()
              + "' is "
              + vector.type()
              + ", not "
              + physical);
    }
    return vector;
  }

  @Override
  public String toString() {
    return java.util.Arrays.toString(values());
  }
}
