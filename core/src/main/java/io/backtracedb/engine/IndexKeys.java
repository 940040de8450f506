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

  /**
   * Keys, addresses and (for a covering index) payloads, kept in (key, address) order once {@link
   * #sort()} ran.
   */
  static final class Entries {
    Object[] keys;
    long[] addresses;
    byte[][] payloads;
    int size;

    Entries(int capacity, boolean withPayloads) {
      keys = new Object[Math.max(capacity, 16)];
      addresses = new long[keys.length];
      payloads = withPayloads ? new byte[keys.length][] : null;
    }

    void add(Object key, long address, byte[] payload) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        addresses = Arrays.copyOf(addresses, size * 2);
        if (payloads != null) {
          payloads = Arrays.copyOf(payloads, size * 2);
        }
      }
      keys[size] = key;
      if (payloads != null) {
        payloads[size] = payload;
      }
      addresses[size++] = address;
    }

    /** Entry {@code i}'s payload, or null when the index stores none. */
    byte[] payload(int i) {
      return payloads == null ? null : payloads[i];
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
      byte[][] sortedPayloads = payloads == null ? null : new byte[size][];
      for (int i = 0; i < size; i++) {
        sortedKeys[i] = keys[order[i]];
        sortedAddresses[i] = addresses[order[i]];
        if (sortedPayloads != null) {
          sortedPayloads[i] = payloads[order[i]];
        }
      }
      keys = sortedKeys;
      addresses = sortedAddresses;
      payloads = sortedPayloads;
    }
  }

  /**
   * The entries of {@code blocks} (in ascending id order) for the key column {@code ordinal}, with
   * the payload of each row when {@code payload} is not null (a covering index).
   */
  static Entries read(List<ColdBlock> blocks, Schema schema, int ordinal, RowPayload payload)
      throws IOException {
    long rows = 0;
    for (ColdBlock block : blocks) {
      rows += block.meta().rowCount();
    }
    Entries entries = new Entries((int) Math.min(rows, Integer.MAX_VALUE - 8), payload != null);
    List<ColdBlock> ordered =
        blocks.stream().sorted(Comparator.comparingLong(b -> b.meta().id())).toList();
    boolean[] columns = new boolean[schema.size()];
    columns[ordinal] = true;
    if (payload != null) {
      for (int included : payload.ordinals()) {
        columns[included] = true;
      }
    }
    for (ColdBlock block : ordered) {
      int row = 0;
      try (ScanBlock.BatchCursor cursor =
          new ColdScanBlock(block, schema).open(columns, null, null, new ScanCounters())) {
        for (ColumnBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
          ColumnVector vector = batch.vector(ordinal);
          ColumnVector[] vectors = batch.vectors();
          for (int i = batch.start(); i < batch.end(); i++) {
            entries.add(
                vector.isNull(i) ? null : vector.getObject(i),
                address(block.meta().id(), row++),
                payload == null ? null : payload.encode(vectors, i));
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
