package io.backtracedb;

import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.column.Values;

/**
 * Rows to append to one table, held column by column and validated as they are added: types are
 * converted or rejected, NULL into a NOT NULL column is rejected, with errors that name the table,
 * column, expected and actual type, and row.
 *
 * <p>Build a row with {@link #addRow(Object...)}, or cell by cell with the typed {@code set}
 * methods followed by {@link #endRow()} (cells not set are NULL). Not thread-safe; the batch may be
 * reused after {@link #clear()}.
 */
public final class RowBatch {
  private static final int INITIAL_CAPACITY = 1024;

  private final String table;
  private final Schema schema;
  private final int capacity;
  private ColumnVector[] columns;
  // Invariant: every vector holds rowCount values, or rowCount + 1 while a row is being built.
  private int rowCount;

  /** An empty batch for {@code schema}; {@code table} is used in error messages (may be null). */
  public RowBatch(String table, Schema schema) {
    this(table, schema, INITIAL_CAPACITY);
  }

  /**
   * An empty batch for {@code schema} with room for {@code capacity} rows before any column grows
   * (a caller that knows its batch size saves the copies of growing to it).
   */
  public RowBatch(String table, Schema schema, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity cannot be negative: " + capacity);
    }
    this.table = table == null ? "?" : table;
    this.schema = schema;
    this.capacity = capacity;
    clear();
  }

  /**
   * A batch of the rows already in {@code columns}, one vector per column of {@code schema} in
   * order, all of the same size: for a caller that fills vectors itself. The batch takes the
   * vectors over; the caller must not change them afterwards.
   *
   * @throws IllegalArgumentException when the vectors do not match the schema's columns and types,
   *     differ in size, or a NOT NULL column holds a NULL
   */
  public static RowBatch of(String table, Schema schema, ColumnVector[] columns) {
    RowBatch batch = new RowBatch(table, schema, 0);
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "cannot append to table '"
              + batch.table
              + "': "
              + columns.length
              + " columns given, the table has "
              + schema.size());
    }
    int rows = columns.length == 0 ? 0 : columns[0].size();
    for (int i = 0; i < columns.length; i++) {
      Column column = schema.column(i);
      if (columns[i].type() != column.type() || columns[i].size() != rows) {
        throw new IllegalArgumentException(
            "cannot append to table '"
                + batch.table
                + "': column '"
                + column.name()
                + "' expects "
                + rows
                + " values of type "
                + column.type()
                + ", got "
                + columns[i].size()
                + " of type "
                + columns[i].type());
      }
      if (!column.nullable() && columns[i].mayHaveNulls()) {
        for (int row = 0; row < rows; row++) {
          if (columns[i].isNull(row)) {
            batch.rowCount = row;
            throw batch.notNull(i);
          }
        }
      }
    }
    batch.columns = columns.clone();
    batch.rowCount = rows;
    return batch;
  }

  /** The schema the rows follow. */
  public Schema schema() {
    return schema;
  }

  /** The number of complete rows. */
  public int rowCount() {
    return rowCount;
  }

  /** Removes all rows, keeping the allocated column arrays for the next rows. */
  public void clear() {
    if (columns == null) {
      columns = new ColumnVector[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = ColumnVector.create(schema.column(i).type(), capacity);
      }
    } else {
      for (ColumnVector column : columns) {
        column.reset();
      }
    }
    rowCount = 0;
  }

  /** Adds a row given one value per column, in schema order; nothing is added when it fails. */
  public RowBatch addRow(Object... values) {
    if (values.length != columns.length) {
      throw new IllegalArgumentException(
          "cannot append to table '"
              + table
              + "': row "
              + rowCount
              + " has "
              + values.length
              + " values, the table has "
              + columns.length
              + " columns "
              + schema.names());
    }
    Object[] converted = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      converted[i] = convert(i, values[i]);
    }
    for (int i = 0; i < values.length; i++) {
      columns[i].appendObject(converted[i]);
    }
    rowCount++;
    return this;
  }

  /** Sets a BIGINT or TIMESTAMP (epoch millis) cell of the current row. */
  public RowBatch setLong(int column, long value) {
    LongVector vector = typed(column, LongVector.class, "BIGINT/TIMESTAMP");
    vector.append(value);
    return this;
  }

  /** Sets an INTEGER or DATE (epoch days) cell of the current row. */
  public RowBatch setInt(int column, int value) {
    typed(column, IntVector.class, "INTEGER/DATE").append(value);
    return this;
  }

  /** Sets a DOUBLE cell of the current row. */
  public RowBatch setDouble(int column, double value) {
    typed(column, DoubleVector.class, "DOUBLE").append(value);
    return this;
  }

  /** Sets a BOOLEAN cell of the current row. */
  public RowBatch setBoolean(int column, boolean value) {
    typed(column, BooleanVector.class, "BOOLEAN").append(value);
    return this;
  }

  /** Sets a VARCHAR cell of the current row; null means NULL. */
  public RowBatch setString(int column, String value) {
    StringVector vector = typed(column, StringVector.class, "VARCHAR");
    if (value == null) {
      setNull(column);
    } else {
      vector.append(value);
    }
    return this;
  }

  /** Sets any cell from a Java value, converted as {@link #addRow(Object...)} does. */
  public RowBatch set(int column, Object value) {
    Object converted = convert(column, value);
    requireUnset(column);
    columns[column].appendObject(converted);
    return this;
  }

  /** Sets a cell of the current row to NULL; the column must be nullable. */
  public RowBatch setNull(int column) {
    convert(column, null);
    requireUnset(column);
    columns[column].appendNull();
    return this;
  }

  /**
   * Completes the current row: unset cells become NULL. When a NOT NULL cell is unset the row is
   * removed and the error names the column.
   */
  public RowBatch endRow() {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].size() == rowCount) {
        if (!schema.column(i).nullable()) {
          discardRow();
          throw notNull(i);
        }
        columns[i].appendNull();
      } else if (columns[i].size() != rowCount + 1) {
        discardRow();
        throw new IllegalStateException("column '" + schema.column(i).name() + "' was set twice");
      }
    }
    rowCount++;
    return this;
  }

  /** Appends every row of {@code other}, which must have the same schema. */
  public RowBatch addAll(RowBatch other) {
    if (!other.schema.equals(schema)) {
      throw new IllegalArgumentException(
          "cannot append to table '"
              + table
              + "': rows have columns "
              + other.schema
              + ", not "
              + schema);
    }
    for (int i = 0; i < columns.length; i++) {
      columns[i].appendRange(other.columns[i], 0, other.rowCount);
    }
    rowCount += other.rowCount;
    return this;
  }

  /** Keeps only the first {@code rows} rows (a savepoint's rollback). */
  public RowBatch truncate(int rows) {
    if (rows < 0 || rows > rowCount) {
      throw new IllegalArgumentException("cannot truncate " + rowCount + " rows to " + rows);
    }
    for (ColumnVector column : columns) {
      column.truncate(rows);
    }
    rowCount = rows;
    return this;
  }

  /** The column vectors; for the engine. */
  public ColumnVector[] columns() {
    return columns;
  }

  private void discardRow() {
    for (ColumnVector column : columns) {
      column.truncate(rowCount);
    }
  }

  private Object convert(int column, Object value) {
    Column definition = schema.column(column);
    if (value == null) {
      if (!definition.nullable()) {
        throw notNull(column);
      }
      return null;
    }
    try {
      return Values.normalize(definition.type(), value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot append to table '"
              + table
              + "': column '"
              + definition.name()
              + "' "
              + e.getMessage()
              + " (row "
              + rowCount
              + ")",
          e);
    }
  }

  private IllegalArgumentException notNull(int column) {
    return new ConstraintViolationException(
        ConstraintViolationException.Kind.NOT_NULL,
        "cannot append to table '"
            + table
            + "': column '"
            + schema.column(column).name()
            + "' is NOT NULL, got NULL (row "
            + rowCount
            + ")");
  }

  private void requireUnset(int column) {
    if (columns[column].size() != rowCount) {
      throw new IllegalStateException(
          "column '" + schema.column(column).name() + "' was already set in row " + rowCount);
    }
  }

  private <T extends ColumnVector> T typed(int column, Class<T> kind, String expected) {
    ColumnVector vector = columns[column];
    if (!kind.isInstance(vector)) {
      throw new IllegalArgumentException(
          "cannot append to table '"
              + table
              + "': column '"
              + schema.column(column).name()
              + "' expects "
              + schema.column(column).type()
              + ", got a "
              + expected
              + " value (row "
              + rowCount
              + ")");
    }
    requireUnset(column);
    return kind.cast(vector);
  }
}
