package io.backtracedb;

import io.backtracedb.engine.Engine;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends to one or more tables that become visible and durable together, in one WAL record, on
 * {@link #commit()}; {@link #rollback()} (or closing without commit) discards them. Not
 * thread-safe.
 */
public final class Transaction implements AutoCloseable {
  private final Engine engine;
  private final Map<Table, RowBatch> batches = new IdentityHashMap<>();
  private final List<Table> order = new ArrayList<>();
  private boolean done;

  Transaction(Engine engine) {
    this.engine = engine;
  }

  /** The batch collecting this transaction's rows for {@code table}. */
  public RowBatch rows(Table table) {
    requireActive();
    return batches.computeIfAbsent(
        table,
        t -> {
          order.add(t);
          return t.newBatch();
        });
  }

  /** Adds one row for {@code table}. */
  public Transaction append(Table table, Object... values) {
    rows(table).addRow(values);
    return this;
  }

  /** Commits all rows atomically; returns the commit's LSN (0 when there was nothing to commit). */
  public long commit() {
    return commit(engine.options().durability());
  }

  /**
   * Commits all rows atomically with {@code durability} for this commit alone (weaker than the
   * database's: no wait for the fsync; stronger: capped at the database's mode). Returns the
   * commit's LSN (0 when there was nothing to commit).
   */
  public long commit(Durability durability) {
    requireActive();
    List<Engine.Part> parts = new ArrayList<>();
    for (Table table : order) {
      parts.add(new Engine.Part(table.store(), batches.get(table)));
    }
    done = true;
    return parts.isEmpty() ? 0 : engine.commit(parts, durability);
  }

  /** Discards the rows. */
  public void rollback() {
    done = true;
    batches.clear();
    order.clear();
  }

  /** Rolls back unless committed. */
  @Override
  public void close() {
    if (!done) {
      rollback();
    }
  }

  private void requireActive() {
    if (done) {
      throw new IllegalStateException("transaction is already committed or rolled back");
    }
  }
}
