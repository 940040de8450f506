package io.backtracedb.sql;

import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.lookup.Lookup;

/**
 * The fast path of {@code executeBatch} for a prepared {@code INSERT INTO t [(cols)] VALUES (?,
 * ...)} ({@link BacktraceInsertShape}): the statement's parameters bind into an {@link InsertBatch}
 * (column-wise, no boxed value per cell), and the whole batch goes to the connection's {@link
 * BacktraceSession} as one {@link RowBatch}, committed as one WAL record (autocommit on) or held
 * until {@code commit()} (autocommit off), exactly as an INSERT through Calcite's plan would,
 * without running the plan once per row.
 *
 * <p>Values follow {@link RowBatch}'s rules: TIMESTAMP from epoch milliseconds or a {@code
 * java.time} value (local date-times at UTC), DATE from epoch days or a {@code LocalDate}, numbers
 * widened but never narrowed with loss. Omitted columns are NULL. The whole batch is validated
 * before anything is written: one bad row, and nothing of the batch is applied.
 *
 * <p>Immutable and thread-safe; the table is resolved again for every batch, so a statement
 * prepared before a table was dropped and created again (with the same columns) writes to the new
 * one.
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
   * An empty batch for the table the statement names now.
   *
   * @param root the connection's root schema
   * @param defaultSchema the schema an unqualified table name is looked up in
   * @throws SQLException for an unknown table (42P01) or column (42703), a column listed twice
   *     (42701), a NOT NULL column the statement omits (23502), or a wrong number of values (21S01)
   */
  public InsertBatch newBatch(SchemaPlus root, String defaultSchema) throws SQLException {
    Table table = resolve(root, defaultSchema);
    return new InsertBatch(table.name(), table.schema(), targetOrdinals(table));
  }

  /**
   * Appends the rows added to {@code batch} and returns how many there were (each an update count
   * of 1); {@code batch} is empty afterwards, whether this succeeds or not. An empty batch writes
   * nothing.
   *
   * @param root the connection's root schema
   * @param defaultSchema the schema an unqualified table name is looked up in
   * @param session the connection's session, or null to commit at once
   * @throws SQLException for a NULL into a NOT NULL column (23502, naming column and row), an
   *     unknown table (42P01), a table whose columns changed since the batch was made (0A000), or
   *     what the engine refuses; nothing is applied then
   */
  public int append(
      SchemaPlus root, String defaultSchema, BacktraceSession session, InsertBatch batch)
      throws SQLException {
    try {
      if (batch.failure() != null) {
        throw batch.failure();
      }
      int count = batch.rowCount();
      if (count == 0) {
        return 0;
      }
      Table table = resolve(root, defaultSchema);
      if (!table.schema().equals(batch.schema())) {
        throw new SQLException(
            failure(
                table,
                "its columns are now "
                    + table.schema()
                    + ", not "
                    + batch.schema()
                    + " as when the statement was prepared; prepare it again"),
            "0A000");
      }
      RowBatch rows = batch.takeRows();
      if (session == null) {
        table.append(rows);
      } else {
        session.insert(table, rows);
      }
      return count;
    } finally {
      batch.clearRows();
    }
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
    return failure(table.name(), detail);
  }

  /** An error message about inserting into table {@code table}. */
  static String failure(String table, String detail) {
    return "cannot insert into table '" + table + "': " + detail;
  }
}
