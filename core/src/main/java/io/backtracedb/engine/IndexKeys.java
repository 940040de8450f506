package io.backtracedb.engine;

import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.Values;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Index entries of cold blocks: reads only the key column of each block and pairs every row's key
 * with its address, {@code (block id << 32) | row ordinal in the block's file}.
 */
final class IndexKeys {
  /** Bits of an address that hold the row ordinal; the block id sits above them. */
  static final int ORDINAL_BITS = 32;

  /** Mask of the row-ordinal bits of an address. */
  static final long ORDINAL_MASK = 0xFFFF_FFFFL;

  /** The index order of keys: NULL first, then the engine's value order. */
  static final Comparator<Object> KEY_ORDER = Comparator.nullsFirst(Values::compare);

  private IndexKeys() {}

  /** The address of row {@code ordinal} of block {@code blockId}. */
  static long address(long blockId, int ordinal) {
    return (blockId << ORDINAL_BITS) | (ordinal & ORDINAL_MASK);
  }

  /** The block id of an address. */
  static long blockOf(long address) {
    return address >>> ORDINAL_BITS;
  }

  /** Keys and addresses, kept in (key, address) order once {@link #sort()} ran. */
  static final class Entries {
    Object[] keys;
    long[] addresses;
    int size;

    Entries(int capacity) {
      keys = new Object[Math.max(capacity, 16)];
      addresses = new long[keys.length];
    }

    void add(Object key, long address) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        addresses = Arrays.copyOf(addresses, size * 2);
      }
      keys[size] = key;
      addresses[size++] = address;
    }

    /** Sorts by (key, address); entries must have been added in ascending address order. */
    void sort() {
      int[] order = EntrySort.order(keys, size);
      if (order == null) {
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
          boxed[i] = i;
        }
        // Stable, so equal keys keep their ascending addresses.
        Arrays.sort(boxed, (a, b) -> KEY_ORDER.compare(keys[a], keys[b]));
        order = new int[size];
        for (int i = 0; i < size; i++) {
          order[i] = boxed[i];
        }
      }
      Object[] sortedKeys = new Object[size];
      long[] sortedAddresses = new long[size];
      for (int i = 0; i < size; i++) {
        sortedKeys[i] = keys[order[i]];
        sortedAddresses[i] = addresses[order[i]];
      }
      keys = sortedKeys;
      addresses = sortedAddresses;
    }
  }

  /** The entries of {@code blocks} (in ascending id order) for the key column {@code ordinal}. */
  static Entries read(List<ColdBlock> blocks, Schema schema, int ordinal) throws IOException {
    long rows = 0;
    for (ColdBlock block : blocks) {
      rows += block.meta().rowCount();
    }
    Entries entries = new Entries((int) Math.min(rows, Integer.MAX_VALUE - 8));
    List<ColdBlock> ordered =
        blocks.stream().sorted(Comparator.comparingLong(b -> b.meta().id())).toList();
    boolean[] columns = new boolean[schema.size()];
    columns[ordinal] = true;
    for (ColdBlock block : ordered) {
      int row = 0;
      try (ScanBlock.BatchCursor cursor =
          new ColdScanBlock(block, schema).open(columns, null, null, new ScanCounters())) {
        for (ColumnBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
          ColumnVector vector = batch.vector(ordinal);
          for (int i = batch.start(); i < batch.end(); i++) {
            entries.add(
                vector.isNull(i) ? null : vector.getObject(i), address(block.meta().id(), row++));
          }
        }
      }
      if (row != block.meta().rowCount()) {
        throw new IllegalStateException(
            "block "
                + block.path()
                + " gave "
                + row
                + " rows, the manifest says "
                + block.meta().rowCount());
      }
    }
    return entries;
  }
}
