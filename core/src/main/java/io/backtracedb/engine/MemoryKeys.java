package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The keys a unique index's column holds in the rows still in memory, one set per in-memory block,
 * so that a commit's keys are checked against them by lookup rather than by reading every row. Rows
 * are only ever appended to a block, so each set catches up with the rows appended since the last
 * check; the sets of blocks flushed meanwhile are dropped. Numeric keys live in a Roaring bitmap of
 * 64-bit values, strings in a hash set. Keys compare as the index compares them: -0.0 equals 0.0
 * and every NaN equals every other. Not thread-safe: used under the commit lock.
 */
final class MemoryKeys {
  private final ColumnType type;
  private final int ordinal;
  private final Map<ActiveBlock, BlockKeys> blocks = new IdentityHashMap<>();

  /** The keys of one block: the first {@code rows} rows are in the set. */
  private static final class BlockKeys {
    int rows;
    final Roaring64Bitmap numbers = new Roaring64Bitmap();
    final Set<String> strings = new HashSet<>();
  }

  MemoryKeys(ColumnType type, int ordinal) {
    this.type = type;
    this.ordinal = ordinal;
  }

  /**
   * Takes in the rows appended to {@code memory} (the table's sealed and active blocks) since the
   * last call, and forgets blocks no longer in memory. The rows were checked when they were
   * committed, so no key repeats among them.
   */
  void refresh(List<ActiveBlock> memory) {
    Set<ActiveBlock> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(memory);
    blocks.keySet().retainAll(live);
    for (ActiveBlock block : memory) {
      BlockKeys keys = blocks.computeIfAbsent(block, b -> new BlockKeys());
      ColumnVector vector = block.vector(ordinal);
      int end = block.rowCount();
      for (int row = keys.rows; row < end; row++) {
        if (vector.isNull(row)) {
          continue;
        }
        if (type == ColumnType.VARCHAR) {
          keys.strings.add(((StringVector) vector).get(row));
        } else {
          keys.numbers.addLong(numberAt(vector, row));
        }
      }
      keys.rows = end;
    }
  }

  /** Whether a row in memory, as of the last {@link #refresh}, holds {@code key} (not NULL). */
  boolean contains(Object key) {
    if (type == ColumnType.VARCHAR) {
      for (BlockKeys keys : blocks.values()) {
        if (keys.strings.contains(key)) {
          return true;
        }
      }
      return false;
    }
    return containsNumber(number(key));
  }

  private boolean containsNumber(long value) {
    for (BlockKeys keys : blocks.values()) {
      if (keys.numbers.contains(value)) {
        return true;
      }
    }
    return false;
  }

  /** The 64-bit form of row {@code row} of a numeric or boolean vector. */
  private long numberAt(ColumnVector vector, int row) {
    return switch (type.physical()) {
      case LONG -> ((LongVector) vector).get(row);
      case INT -> ((IntVector) vector).get(row);
      case BOOLEAN -> ((BooleanVector) vector).get(row) ? 1 : 0;
      case DOUBLE -> doubleBits(((DoubleVector) vector).get(row));
      case STRING -> throw new IllegalStateException("strings are not numbers");
    };
  }

  /** The 64-bit form of a key in the column's representation. */
  private long number(Object key) {
    return switch (type.physical()) {
      case LONG -> (Long) key;
      case INT -> (Integer) key;
      case BOOLEAN -> (Boolean) key ? 1 : 0;
      case DOUBLE -> doubleBits((Double) key);
      case STRING -> throw new IllegalStateException("strings are not numbers");
    };
  }

  /** Bits equal exactly when the index finds doubles equal: -0.0 is 0.0, NaNs are one NaN. */
  private static long doubleBits(double value) {
    return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
  }
}
