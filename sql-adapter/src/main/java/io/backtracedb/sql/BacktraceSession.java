package io.backtracedb.sql;

import io.backtracedb.Database;
import io.backtracedb.Durability;
import io.backtracedb.RowBatch;
import io.backtracedb.Table;
import io.backtracedb.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One connection's transaction state. With autocommit on, every INSERT commits as it runs. With it
 * off, inserted rows are held here and committed atomically across tables, as one WAL record, by
 * {@link #commit()}; {@link #rollback()} discards them, and savepoints discard the rows inserted
 * since they were set. Rows held here are not visible to anyone until committed. Thread-safe.
 */
public final class BacktraceSession {
  private final Database database;
  private final Map<String, RowBatch> pending = new LinkedHashMap<>();
  private final List<Mark> savepoints = new ArrayList<>();
  private boolean autoCommit = true;
  private Durability durability;

  /** A savepoint: the pending row count of each table when it was set. */
  private record Mark(Object id, Map<String, Integer> rows) {}

  /** A session over {@code database}, in autocommit mode. */
  public BacktraceSession(Database database) {
    this.database = database;
  }

  /** The database the session writes to. */
  public Database database() {
    return database;
  }

  /** The durability of this session's commits: the database's unless set. */
  public synchronized Durability durability() {
    return durability == null ? database.options().durability() : durability;
  }

  /**
   * Sets the durability of this session's commits. It may be weaker than the database's (a bulk
   * load that skips the fsync), not stronger: the database's mode decided how its log was opened.
   */
  public synchronized void setDurability(Durability value) {
    Durability base = database.options().durability();
    if (!base.atLeast(value)) {
      throw new IllegalArgumentException(
          "durability '"
              + value.name().toLowerCase(Locale.ROOT)
              + "' is stronger than the database's '"
              + base.name().toLowerCase(Locale.ROOT)
              + "'; reopen the database with durability="
              + value.name().toLowerCase(Locale.ROOT));
    }
    durability = value;
  }

  /** Whether each statement commits as it runs. */
  public synchronized boolean autoCommit() {
    return autoCommit;
  }

  /** Switches autocommit; switching it on commits what is pending (as JDBC requires). */
  public synchronized void setAutoCommit(boolean value) {
    if (value && !autoCommit) {
      commit();
    }
    autoCommit = value;
  }

  /**
   * Inserts rows into {@code table}: committed now, or held until {@link #commit()}. The session
   * takes ownership of {@code rows}: the caller must not change or reuse the batch afterwards (the
   * first batch of a table in a transaction is held as it is, not copied).
   */
  public synchronized void insert(Table table, RowBatch rows) {
    if (autoCommit) {
      table.append(rows, durability());
      return;
    }
    RowBatch held = pending.get(table.name());
    if (held == null) {
      pending.put(table.name(), rows);
    } else {
      held.addAll(rows);
    }
  }

  /** Commits everything pending, atomically across tables. */
  public synchronized void commit() {
    if (pending.isEmpty()) {
      savepoints.clear();
      return;
    }
    if (pending.size() == 1) {
      // One table: its batch is the whole commit, one WAL record, without copying it again.
      Map.Entry<String, RowBatch> only = pending.entrySet().iterator().next();
      try {
        database.table(only.getKey()).append(only.getValue(), durability());
      } finally {
        pending.clear();
        savepoints.clear();
      }
      return;
    }
    try (Transaction transaction = database.beginTransaction()) {
      for (Map.Entry<String, RowBatch> entry : pending.entrySet()) {
        transaction.rows(database.table(entry.getKey())).addAll(entry.getValue());
      }
      transaction.commit(durability());
    } finally {
      pending.clear();
      savepoints.clear();
    }
  }

  /** Discards everything pending. */
  public synchronized void rollback() {
    pending.clear();
    savepoints.clear();
  }

  /** Sets a savepoint identified by {@code id}. */
  public synchronized void savepoint(Object id) {
    Map<String, Integer> rows = new HashMap<>();
    pending.forEach((table, batch) -> rows.put(table, batch.rowCount()));
    savepoints.add(new Mark(id, rows));
  }

  /** Discards rows inserted since savepoint {@code id}; the savepoint stays. */
  public synchronized void rollbackTo(Object id) {
    int index = indexOf(id);
    Mark mark = savepoints.get(index);
    for (Map.Entry<String, RowBatch> entry : pending.entrySet()) {
      entry.getValue().truncate(mark.rows().getOrDefault(entry.getKey(), 0));
    }
    savepoints.subList(index + 1, savepoints.size()).clear();
  }

  /** Forgets savepoint {@code id} and later ones; their rows stay pending. */
  public synchronized void release(Object id) {
    savepoints.subList(indexOf(id), savepoints.size()).clear();
  }

  /** Rows pending for commit, over all tables. */
  public synchronized long pendingRows() {
    long rows = 0;
    for (RowBatch batch : pending.values()) {
      rows += batch.rowCount();
    }
    return rows;
  }

  private int indexOf(Object id) {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no savepoint " + id + " in this transaction");
  }
}
