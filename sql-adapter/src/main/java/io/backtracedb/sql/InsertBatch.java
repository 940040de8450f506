package io.backtracedb.sql;

import io.backtracedb.ColumnType;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.column.Values;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.util.stream.IntStream;

/**
 * The parameter values and batched rows of one prepared {@code INSERT INTO t [(cols)] VALUES (?,
 * ...)} ({@link BacktraceBatchInsert}), held column-wise: setting a parameter stores it in a
 * primitive slot in its column's representation, and {@link #addRow()} appends the current values
 * to one column vector per table column, which become a {@link RowBatch} without another copy; a
 * batch of rows is never a list of boxed values.
 *
 * <p>Values keep JDBC's rules: they stay set across {@link #addRow()} until set again or {@link
 * #clearParameters()}; a value that cannot become the column's type is refused when set; a
 * parameter never set is refused by {@link #addRow()}; a NULL for a NOT NULL column is remembered
 * and fails the whole batch when it is appended ({@link #failure()}), so nothing of it is applied.
 *
 * <p>Parameters are numbered from 0 here. Not thread-safe: one statement's.
 */
public final class InsertBatch {
  /** A parameter that was never set (or was cleared). */
  private static final byte UNSET = 0;

  /** A parameter holding a value in {@link #numbers} or {@link #strings}. */
  private static final byte VALUE = 1;

  /** A parameter set to NULL. */
  private static final byte NULL = 2;

  /** Rows a fresh batch has room for before its vectors grow. */
  private static final int INITIAL_ROWS = 1024;

  private final String table;
  private final Schema schema;
  private final int[] ordinals;
  private final ColumnType[] types;
  private final boolean[] nullable;
  private final byte[] state;
  // A parameter's value by its column's representation: BIGINT and TIMESTAMP as the long, INTEGER
  // and DATE as the int, DOUBLE as its raw bits, BOOLEAN as 0 or 1; VARCHAR in strings.
  private final long[] numbers;
  private final String[] strings;
  // Invariant: unset counts the parameters in state UNSET; nullsIntoNotNull those in state NULL
  // whose column is NOT NULL. They let addRow check a row in constant time.
  private int unset;
  private int nullsIntoNotNull;
  // The batch's rows so far, one vector per table column; omitted columns get a NULL per row.
  private ColumnVector[] columns;
  private final int[] omitted;
  private int added;
  private SQLException failure;

  InsertBatch(String table, Schema schema, int[] ordinals) {
    this.table = table;
    this.schema = schema;
    this.ordinals = ordinals.clone();
    int parameters = ordinals.length;
    this.types = new ColumnType[parameters];
    this.nullable = new boolean[parameters];
    boolean[] listed = new boolean[schema.size()];
    for (int p = 0; p < parameters; p++) {
      types[p] = schema.column(ordinals[p]).type();
      nullable[p] = schema.column(ordinals[p]).nullable();
      listed[ordinals[p]] = true;
    }
    this.omitted = IntStream.range(0, schema.size()).filter(c -> !listed[c]).toArray();
    this.state = new byte[parameters];
    this.numbers = new long[parameters];
    this.strings = new String[parameters];
    this.unset = parameters;
    this.columns = newColumns(INITIAL_ROWS);
  }

  private ColumnVector[] newColumns(int capacity) {
    ColumnVector[] vectors = new ColumnVector[schema.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = ColumnVector.create(schema.column(c).type(), capacity);
    }
    return vectors;
  }

  /** Moves parameter {@code p} to state {@code next}, keeping the counts of the invariant. */
  private void mark(int p, byte next) {
    byte previous = state[p];
    if (previous == next) {
      return;
    }
    if (previous == UNSET) {
      unset--;
    } else if (next == UNSET) {
      unset++;
    }
    if (!nullable[p]) {
      if (previous == NULL) {
        nullsIntoNotNull--;
      } else if (next == NULL) {
        nullsIntoNotNull++;
      }
    }
    state[p] = next;
  }

  /** The table's name as it was when the statement was prepared. */
  public String table() {
    return table;
  }

  /** The table's columns as they were when the statement was prepared. */
  public Schema schema() {
    return schema;
  }

  /** The number of parameters. */
  public int parameters() {
    return ordinals.length;
  }

  /** The type of the column parameter {@code p} fills. */
  public ColumnType type(int p) {
    return types[p];
  }

  /** The JDBC type ({@link Types}) of the column parameter {@code p} fills. */
  public int jdbcType(int p) {
    return switch (types[p]) {
      case BOOLEAN -> Types.BOOLEAN;
      case INTEGER -> Types.INTEGER;
      case BIGINT -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      case VARCHAR -> Types.VARCHAR;
      case TIMESTAMP -> Types.TIMESTAMP;
      case DATE -> Types.DATE;
    };
  }

  /** Sets a BIGINT or TIMESTAMP (epoch milliseconds) parameter; other types convert the value. */
  public void setLong(int p, long value) throws SQLException {
    if (types[p] == ColumnType.BIGINT || types[p] == ColumnType.TIMESTAMP) {
      numbers[p] = value;
      if (state[p] != VALUE) {
        mark(p, VALUE);
      }
    } else {
      setObject(p, value);
    }
  }

  /** Sets an INTEGER or DATE (epoch days) parameter; other types convert the value. */
  public void setInt(int p, int value) throws SQLException {
    if (types[p] == ColumnType.INTEGER || types[p] == ColumnType.DATE) {
      numbers[p] = value;
      if (state[p] != VALUE) {
        mark(p, VALUE);
      }
    } else {
      setObject(p, value);
    }
  }

  /** Sets a DOUBLE parameter; other types convert the value. */
  public void setDouble(int p, double value) throws SQLException {
    if (types[p] == ColumnType.DOUBLE) {
      numbers[p] = Double.doubleToRawLongBits(value);
      if (state[p] != VALUE) {
        mark(p, VALUE);
      }
    } else {
      setObject(p, value);
    }
  }

  /** Sets a VARCHAR parameter, or NULL for null; other types convert the value. */
  public void setString(int p, String value) throws SQLException {
    if (value != null && types[p] == ColumnType.VARCHAR) {
      strings[p] = value;
      if (state[p] != VALUE) {
        mark(p, VALUE);
      }
    } else {
      setObject(p, value);
    }
  }

  /** Sets parameter {@code p} to NULL (refused by the batch, not here, for a NOT NULL column). */
  public void setNull(int p) {
    strings[p] = null;
    mark(p, NULL);
  }

  /**
   * Sets parameter {@code p} from a value in Calcite's representation or any value {@link
   * RowBatch#set} converts (null means NULL).
   *
   * @throws SQLDataException (22000) naming the parameter and column when the value cannot become
   *     the column's type; the parameter keeps its earlier value then
   */
  public void setObject(int p, Object value) throws SQLException {
    if (value == null) {
      setNull(p);
      return;
    }
    Object converted;
    try {
      converted = Values.normalize(types[p], value);
    } catch (IllegalArgumentException e) {
      throw new SQLDataException(
          "parameter "
              + (p + 1)
              + " fills column '"
              + schema.column(ordinals[p]).name()
              + "' of table '"
              + table
              + "', which "
              + e.getMessage(),
          "22000",
          e);
    }
    switch (types[p]) {
      case BIGINT, TIMESTAMP -> numbers[p] = (Long) converted;
      case INTEGER, DATE -> numbers[p] = (Integer) converted;
      case DOUBLE -> numbers[p] = Double.doubleToRawLongBits((Double) converted);
      case BOOLEAN -> numbers[p] = (Boolean) converted ? 1 : 0;
      default -> strings[p] = (String) converted; // VARCHAR
    }
    mark(p, VALUE);
  }

  /** Whether parameter {@code p} was set (to a value or NULL). */
  public boolean isSet(int p) {
    return state[p] != UNSET;
  }

  /**
   * The value of parameter {@code p} in its column's representation (Long, Integer, Double,
   * Boolean, String), or null when it is NULL or not set.
   */
  public Object value(int p) {
    if (state[p] != VALUE) {
      return null;
    }
    return switch (types[p]) {
      case BIGINT, TIMESTAMP -> numbers[p];
      case INTEGER, DATE -> (int) numbers[p];
      case DOUBLE -> Double.longBitsToDouble(numbers[p]);
      case BOOLEAN -> numbers[p] != 0;
      case VARCHAR -> strings[p];
    };
  }

  /** Forgets parameter {@code p}'s value. */
  public void clearParameter(int p) {
    strings[p] = null;
    mark(p, UNSET);
  }

  /** Forgets every parameter's value. */
  public void clearParameters() {
    for (int p = 0; p < state.length; p++) {
      clearParameter(p);
    }
  }

  /**
   * Adds the current values as a row. A NULL for a NOT NULL column does not fail here: the batch
   * remembers it and {@link BacktraceBatchInsert#append} refuses the whole batch.
   *
   * @throws SQLException (07001) when a parameter was never set; the row is not added
   */
  public void addRow() throws SQLException {
    if (unset > 0) {
      int p = first(UNSET, true);
      throw new SQLException(
          BacktraceBatchInsert.failure(
              table, "parameter " + (p + 1) + " is not set (row " + added + ")"),
          "07001");
    }
    if (failure == null) {
      if (nullsIntoNotNull > 0) {
        int p = first(NULL, false);
        failure =
            new SQLException(
                BacktraceBatchInsert.failure(
                    table,
                    "column '"
                        + schema.column(ordinals[p]).name()
                        + "' is NOT NULL, got NULL (row "
                        + added
                        + ")"),
                "23502");
      } else {
        appendRow();
      }
    }
    added++;
  }

  /** The first parameter in state {@code wanted} (any, or only those of NOT NULL columns). */
  private int first(byte wanted, boolean anyColumn) {
    for (int p = 0; p < state.length; p++) {
      if (state[p] == wanted && (anyColumn || !nullable[p])) {
        return p;
      }
    }
    throw new IllegalStateException("no parameter in state " + wanted);
  }

  private void appendRow() {
    ColumnVector[] vectors = columns;
    for (int p = 0; p < state.length; p++) {
      ColumnVector vector = vectors[ordinals[p]];
      if (state[p] == NULL) {
        vector.appendNull();
        continue;
      }
      switch (types[p]) {
        case BIGINT, TIMESTAMP -> ((LongVector) vector).append(numbers[p]);
        case DOUBLE -> ((DoubleVector) vector).append(Double.longBitsToDouble(numbers[p]));
        case VARCHAR -> ((StringVector) vector).append(strings[p]);
        case INTEGER, DATE -> ((IntVector) vector).append((int) numbers[p]);
        default -> ((BooleanVector) vector).append(numbers[p] != 0); // BOOLEAN
      }
    }
    for (int column : omitted) {
      vectors[column].appendNull();
    }
  }

  /** The rows added since the batch was last taken or cleared. */
  public int rowCount() {
    return added;
  }

  /** Why the batch cannot be applied (a NULL for a NOT NULL column), or null. */
  public SQLException failure() {
    return failure;
  }

  /** Discards the rows added so far (and a remembered failure); parameter values stay. */
  public void clearRows() {
    if (columns.length > 0 && columns[0].size() > 0) {
      for (ColumnVector column : columns) {
        column.reset();
      }
    }
    added = 0;
    failure = null;
  }

  /**
   * Hands over the rows added so far and starts an empty batch with room for as many; the caller
   * owns the returned rows.
   */
  RowBatch takeRows() {
    RowBatch taken = RowBatch.of(table, schema, columns);
    columns = newColumns(Math.max(taken.rowCount(), 16));
    added = 0;
    failure = null;
    return taken;
  }
}
