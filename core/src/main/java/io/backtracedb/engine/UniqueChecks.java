package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.ConstraintViolationException;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.catalog.IndexEntry;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.Values;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses commits that would give a unique index's key to a second row: within the commit, against
 * rows in memory (unpublished ones included, through the index's {@link MemoryKeys}) and against
 * cold rows (through the tree for blocks it covers, by reading the key column of the others). Runs
 * under the commit lock, before the WAL append, so a refused commit leaves nothing behind. NULLs
 * never collide.
 */
final class UniqueChecks {
  private UniqueChecks() {}

  /** The violation error naming index, table, column and key. */
  static ConstraintViolationException violation(TableStore store, IndexEntry index, Object key) {
    return new ConstraintViolationException(
        ConstraintViolationException.Kind.UNIQUE,
        "cannot append to table '"
            + store.name()
            + "': unique index '"
            + index.name()
            + "' on column '"
            + index.column()
            + "' already holds key "
            + Values.describe(key));
  }

  /** The error of a unique index that cannot be built because a key repeats. */
  static ConstraintViolationException buildViolation(
      TableStore store, IndexEntry index, Object key) {
    return new ConstraintViolationException(
        ConstraintViolationException.Kind.UNIQUE,
        "cannot build unique index '"
            + index.name()
            + "' on table '"
            + store.name()
            + "': column '"
            + index.column()
            + "' holds key "
            + Values.describe(key)
            + " more than once");
  }

  /** A key as a hash-set member: -0.0 as 0.0, every NaN as one NaN (the index's equality). */
  static Object hashKey(ColumnType type, Object value) {
    if (type == ColumnType.DOUBLE && value instanceof Double d && d == 0.0) {
      return 0.0;
    }
    return value;
  }

  /** Checks every unique index of the parts' tables (caller holds the commit lock). */
  static void check(List<Engine.Part> parts) {
    Map<TableStore, List<Engine.Part>> byTable = new HashMap<>();
    for (Engine.Part part : parts) {
      for (TableIndex index : part.table().indexes()) {
        if (index.entry.unique() && part.rows().rowCount() > 0) {
          byTable.computeIfAbsent(part.table(), t -> new ArrayList<>()).add(part);
          break;
        }
      }
    }
    for (Map.Entry<TableStore, List<Engine.Part>> table : byTable.entrySet()) {
      TableStore store = table.getKey();
      for (TableIndex index : store.indexes()) {
        if (!index.entry.unique()) {
          continue;
        }
        Set<Object> keys = new HashSet<>();
        for (Engine.Part part : table.getValue()) {
          ColumnVector vector = part.rows().columns()[index.ordinal];
          for (int row = 0; row < part.rows().rowCount(); row++) {
            if (!vector.isNull(row) && !keys.add(hashKey(index.type, vector.getObject(row)))) {
              throw violation(store, index.entry, vector.getObject(row));
            }
          }
        }
        if (!keys.isEmpty()) {
          checkMemory(store, index, keys);
          checkCold(store, index, keys, false);
        }
      }
    }
  }

  /** Checks that the table's in-memory rows hold no key twice (at index creation). */
  static void checkMemoryRows(TableStore store, TableIndex index) {
    Set<Object> keys = new HashSet<>();
    TableState state = store.state();
    List<ActiveBlock> blocks = new ArrayList<>(state.sealed());
    blocks.add(state.active());
    for (ActiveBlock block : blocks) {
      ColumnVector vector = block.vector(index.ordinal);
      for (int row = 0; row < block.rowCount(); row++) {
        if (!vector.isNull(row) && !keys.add(hashKey(index.type, vector.getObject(row)))) {
          throw buildViolation(store, index.entry, vector.getObject(row));
        }
      }
    }
    if (!keys.isEmpty()) {
      checkCold(store, index, keys, true);
    }
  }

  private static void checkMemory(TableStore store, TableIndex index, Set<Object> keys) {
    TableState state = store.state();
    List<ActiveBlock> blocks = new ArrayList<>(state.sealed());
    blocks.add(state.active());
    // Every appended row counts, published or not: it becomes visible before this commit can.
    index.memoryKeys().refresh(blocks);
    for (Object key : keys) {
      if (index.memoryKeys().contains(key)) {
        throw violation(store, index.entry, key);
      }
    }
  }

  private static void checkCold(
      TableStore store, TableIndex index, Set<Object> keys, boolean building) {
    List<ColdBlock> cold = store.state().cold();
    if (cold.isEmpty()) {
      return;
    }
    Object[] duplicate = new Object[1];
    boolean served =
        index.withTree(
            tree -> {
              for (Object key : keys) {
                for (long address : tree.lookup(key)) {
                  long block = IndexKeys.blockOf(address);
                  if (isLive(cold, block) && index.covers(block)) {
                    duplicate[0] = key;
                    return;
                  }
                }
              }
            });
    if (duplicate[0] != null) {
      throw building
          ? buildViolation(store, index.entry, duplicate[0])
          : violation(store, index.entry, duplicate[0]);
    }
    List<ColdBlock> unserved = new ArrayList<>();
    for (ColdBlock block : cold) {
      if (!served || !index.covers(block.meta().id())) {
        unserved.add(block);
      }
    }
    if (unserved.isEmpty()) {
      return;
    }
    try {
      IndexKeys.Entries entries = IndexKeys.read(unserved, store.schema(), index.ordinal, null);
      for (int i = 0; i < entries.size; i++) {
        Object key = entries.keys[i];
        if (key != null && keys.contains(hashKey(index.type, key))) {
          throw building
              ? buildViolation(store, index.entry, key)
              : violation(store, index.entry, key);
        }
      }
    } catch (IOException e) {
      throw Engine.storageError(
          "cannot check unique index '" + index.name() + "' of table '" + store.name() + "'", e);
    }
  }

  private static boolean isLive(List<ColdBlock> cold, long blockId) {
    for (ColdBlock block : cold) {
      if (block.meta().id() == blockId) {
        return true;
      }
    }
    return false;
  }
}
