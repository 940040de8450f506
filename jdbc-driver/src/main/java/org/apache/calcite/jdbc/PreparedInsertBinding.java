package org.apache.calcite.jdbc;

import io.backtracedb.sql.BacktraceBatchInsert;
import io.backtracedb.sql.InsertBatch;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Where the parameters of a prepared statement recognised as a column-wise INSERT ({@link
 * BacktraceBatchInsert}) go: its {@link InsertBatch}, or for a parameter set through one of
 * Avatica's own setters, the statement's slot (read into the batch by {@code addBatch}). Used by
 * {@link BacktracePreparedStatement}; not thread-safe, like the statement.
 */
final class PreparedInsertBinding {
  final BacktraceBatchInsert insert;
  final InsertBatch batch;
  // Each parameter's JDBC type, as Calcite derived it (the type of its column).
  final int[] parameterTypes;
  // Invariant: inSlot[p] when parameter p's value is in the statement's slot, not in the batch;
  // slotted counts them, so addBatch skips the slots when none is used.
  private final boolean[] inSlot;
  private int slotted;

  private PreparedInsertBinding(
      BacktraceBatchInsert insert, InsertBatch batch, int[] parameterTypes) {
    this.insert = insert;
    this.batch = batch;
    this.parameterTypes = parameterTypes;
    this.inSlot = new boolean[parameterTypes.length];
  }

  /**
   * The binding for a statement of the recognised shape whose parameter types are its columns'
   * types, or null: anything else (or a statement whose table cannot be resolved now, whose errors
   * Calcite's path reports) runs through Calcite.
   */
  static PreparedInsertBinding of(
      CalciteConnectionImpl connection, CalcitePrepare.CalciteSignature<?> signature) {
    String sql = signature.sql;
    // A cheap test first: only a statement that mentions INSERT is worth parsing again.
    if (sql == null || !sql.toUpperCase(Locale.ROOT).contains("INSERT")) {
      return null;
    }
    Optional<BacktraceBatchInsert> insert = BacktraceBatchInsert.recognize(sql);
    if (insert.isEmpty()) {
      return null;
    }
    InsertBatch batch;
    try {
      batch = insert.get().newBatch(connection.getRootSchema(), connection.getSchema());
    } catch (SQLException | RuntimeException e) {
      return null;
    }
    int[] types = new int[signature.parameters.size()];
    if (types.length != batch.parameters()) {
      return null;
    }
    for (int p = 0; p < types.length; p++) {
      types[p] = signature.parameters.get(p).parameterType;
      if (types[p] != batch.jdbcType(p)) {
        return null;
      }
    }
    return new PreparedInsertBinding(insert.get(), batch, types);
  }

  /** Parameter {@code p}'s value is in the batch from now on. */
  void inBatch(int p) {
    if (inSlot[p]) {
      inSlot[p] = false;
      slotted--;
    }
  }

  /** Parameter {@code p}'s value is in {@code slots} from now on, starting from the current one. */
  void inSlot(int p, TypedValue[] slots) {
    if (!inSlot[p]) {
      slots[p] = slot(p);
      inSlot[p] = true;
      slotted++;
    }
  }

  /** Reads the values held in slots into the batch. */
  void readSlots(TypedValue[] slots) throws SQLException {
    if (slotted == 0) {
      return;
    }
    for (int p = 0; p < inSlot.length; p++) {
      if (inSlot[p]) {
        TypedValue value = slots[p];
        if (value == null) {
          batch.clearParameter(p);
        } else {
          batch.setObject(p, value.toLocal());
        }
      }
    }
  }

  /** Makes the slots of the values held in the batch, for an execution through Calcite. */
  void writeSlots(TypedValue[] slots) {
    for (int p = 0; p < inSlot.length; p++) {
      if (!inSlot[p]) {
        slots[p] = slot(p);
      }
    }
  }

  /** Forgets every value. */
  void clear() {
    batch.clearParameters();
    Arrays.fill(inSlot, false);
    slotted = 0;
  }

  /** The slot value of parameter {@code p} (0-based) from the batch, as the plan reads it. */
  private TypedValue slot(int p) {
    if (!batch.isSet(p)) {
      return null;
    }
    Object value = batch.value(p);
    if (value == null) {
      return TypedValue.EXPLICIT_NULL;
    }
    ColumnMetaData.Rep rep =
        switch (batch.type(p)) {
          case TIMESTAMP -> ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP;
          case DATE -> ColumnMetaData.Rep.JAVA_SQL_DATE;
          case INTEGER -> ColumnMetaData.Rep.INTEGER;
          case BIGINT -> ColumnMetaData.Rep.LONG;
          case DOUBLE -> ColumnMetaData.Rep.DOUBLE;
          case BOOLEAN -> ColumnMetaData.Rep.BOOLEAN;
          case VARCHAR -> ColumnMetaData.Rep.STRING;
        };
    return TypedValue.ofLocal(rep, value);
  }
}
