package io.backtracedb.sql;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.lookup.Lookup;

/**
 * The fast path of {@code executeBatch} for a prepared {@code INSERT INTO t [(cols)] VALUES (?,
 * ...)} ({@link BacktraceInsertShape}): the parameter rows of the whole batch go into one {@link
 * RowBatch}, which the connection's {@link BacktraceSession} commits as one WAL record (autocommit
 * on) or holds until {@code commit()} (autocommit off), exactly as an INSERT through Calcite's plan
 * would, without running the plan once per row.
 *
 * <p>Values are taken in Calcite's representation ({@link TypedValue#toLocal()}, what the compiled
 * plan receives) and converted by {@link RowBatch}'s rules: TIMESTAMP from epoch milliseconds or a
 * {@code java.time} value (local date-times at UTC), DATE from epoch days or a {@code LocalDate},
 * numbers widened but never narrowed with loss. Omitted columns are NULL. The whole batch is
 * validated before anything is written: one bad value, and nothing of the batch is applied.
 *
 * <p>Immutable and thread-safe; the table is resolved on every call, so a statement prepared before
 * a table was dropped and created again writes to the new one.
 */
public final class BacktraceBatchInsert {
  private final BacktraceInsertShape shape;

  private BacktraceBatchInsert(BacktraceInsertShape shape) {
    this.shape = shape;
  }

  /** The fast path for {@code sql}, or empty when the statement is not of the recognised shape. */
  public static Optional<BacktraceBatchInsert> recognize(String sql) {
    return BacktraceInsertShape.recognize(sql).map(BacktraceBatchInsert::new);
  }

  /** The statement's shape. */
  public BacktraceInsertShape shape() {
    return shape;
  }

  /**
   * Appends {@code rows} (one list of parameter values per row) to the table and returns an update
   * count of 1 per row. An empty batch writes nothing.
   *
   * @param root the connection's root schema
   * @param defaultSchema the schema an unqualified table name is looked up in
   * @param session the connection's session, or null to commit at once
   * @throws SQLException naming table, column and row for a wrong type (22000), a NULL into a NOT
   *     NULL column (23000), a missing parameter (07001), an unknown table (42P01) or column
   *     (42703); nothing is applied then
   */
  public long[] append(
      SchemaPlus root,
      String defaultSchema,
      BacktraceSession session,
      List<? extends List<TypedValue>> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return new long[0];
    }
    Table table = resolve(root, defaultSchema);
    int[] ordinals = targetOrdinals(table);
    RowBatch batch = table.newBatch();
    Schema schema = table.schema();
    ColumnType[] types = new ColumnType[ordinals.length];
    boolean[] nullable = new boolean[ordinals.length];
    for (int p = 0; p < ordinals.length; p++) {
      Column column = schema.column(ordinals[p]);
      types[p] = column.type();
      nullable[p] = column.nullable();
    }
    for (int r = 0; r < rows.size(); r++) {
      List<TypedValue> row = rows.get(r);
      if (row.size() != ordinals.length) {
        throw new SQLException(
            failure(
                table, "row " + r + " has " + row.size() + " values, expected " + ordinals.length),
            "07001");
      }
      for (int p = 0; p < ordinals.length; p++) {
        TypedValue typed = row.get(p);
        if (typed == null) {
          throw new SQLException(
              failure(table, "parameter " + (p + 1) + " is not set (row " + r + ")"), "07001");
        }
        Object value = typed.toLocal();
        if (value == null) {
          if (!nullable[p]) {
            throw new SQLException(
                failure(
                    table,
                    "column '"
                        + schema.column(ordinals[p]).name()
                        + "' is NOT NULL, got NULL (row "
                        + r
                        + ")"),
                "23502");
          }
          batch.setNull(ordinals[p]);
        } else {
          try {
            setCell(batch, ordinals[p], types[p], value);
          } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "22000", e);
          }
        }
      }
      batch.endRow();
    }
    if (session == null) {
      table.append(batch);
    } else {
      session.insert(table, batch);
    }
    long[] counts = new long[rows.size()];
    Arrays.fill(counts, 1L);
    return counts;
  }

  /**
   * Sets one cell: the representations Calcite hands over for each type go straight into the
   * column; anything else is converted (or rejected) by {@link RowBatch#set}.
   */
  private static void setCell(RowBatch batch, int column, ColumnType type, Object value) {
    switch (type) {
      case DOUBLE -> {
        if (value instanceof Double number) {
          batch.setDouble(column, number);
          return;
        }
      }
      case BIGINT, TIMESTAMP -> {
        if (value instanceof Long number) {
          batch.setLong(column, number);
          return;
        }
      }
      case INTEGER, DATE -> {
        if (value instanceof Integer number) {
          batch.setInt(column, number);
          return;
        }
      }
      case VARCHAR -> {
        if (value instanceof String text) {
          batch.setString(column, text);
          return;
        }
      }
      default -> {
        if (type == ColumnType.BOOLEAN && value instanceof Boolean flag) {
          batch.setBoolean(column, flag);
          return;
        }
      }
    }
    batch.set(column, value);
  }

  /** The engine table the statement names, through the connection's schemas. */
  private Table resolve(SchemaPlus root, String defaultSchema) throws SQLException {
    List<String> names = shape.table();
    SchemaPlus schema;
    String tableName;
    if (names.size() == 1) {
      schema = defaultSchema == null ? root : Lookup.get(root.subSchemas(), defaultSchema, false);
      tableName = names.get(0);
    } else if (names.size() == 2) {
      schema = Lookup.get(root.subSchemas(), names.get(0), false);
      tableName = names.get(1);
    } else {
      schema = null;
      tableName = String.join(".", names);
    }
    org.apache.calcite.schema.Table found =
        schema == null ? null : Lookup.get(schema.tables(), tableName, false);
    if (!(found instanceof BacktraceTable table)) {
      throw new SQLException(
          "cannot insert into table '" + String.join(".", names) + "': no such table", "42P01");
    }
    try {
      return table.table();
    } catch (RuntimeException e) {
      throw new SQLException(
          "cannot insert into table '" + tableName + "': " + e.getMessage(), "42P01", e);
    }
  }

  /** For each parameter, the ordinal of the column it fills. */
  private int[] targetOrdinals(Table table) throws SQLException {
    Schema schema = table.schema();
    if (shape.columns().isEmpty()) {
      if (shape.parameters() != schema.size()) {
        throw new SQLException(
            failure(
                table,
                "the table has "
                    + schema.size()
                    + " columns "
                    + schema.names()
                    + ", the statement gives "
                    + shape.parameters()
                    + " values"),
            "21S01");
      }
      int[] ordinals = new int[schema.size()];
      Arrays.setAll(ordinals, i -> i);
      return ordinals;
    }
    int[] ordinals = new int[shape.columns().size()];
    boolean[] filled = new boolean[schema.size()];
    for (int p = 0; p < ordinals.length; p++) {
      String name = shape.columns().get(p);
      int ordinal = ordinalIgnoringCase(schema, name);
      if (ordinal < 0) {
        throw new SQLException(
            failure(table, "no column '" + name + "' (columns: " + schema.names() + ")"), "42703");
      }
      if (filled[ordinal]) {
        throw new SQLException(failure(table, "column '" + name + "' is listed twice"), "42701");
      }
      filled[ordinal] = true;
      ordinals[p] = ordinal;
    }
    for (int c = 0; c < filled.length; c++) {
      if (!filled[c] && !schema.column(c).nullable()) {
        throw new SQLException(
            failure(
                table,
                "column '" + schema.column(c).name() + "' is NOT NULL and the statement omits it"),
            "23502");
      }
    }
    return ordinals;
  }

  private static int ordinalIgnoringCase(Schema schema, String name) {
    int exact = schema.ordinalOf(name);
    if (exact >= 0) {
      return exact;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < schema.size(); i++) {
      if (schema.column(i).name().toLowerCase(Locale.ROOT).equals(lower)) {
        return i;
      }
    }
    return -1;
  }

  private static String failure(Table table, String detail) {
    return "cannot insert into table '" + table.name() + "': " + detail;
  }
}
