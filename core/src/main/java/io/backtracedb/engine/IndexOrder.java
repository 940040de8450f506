package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.index.BTree;
import io.backtracedb.index.IndexScan;
import io.backtracedb.index.KeyBound;
import io.backtracedb.scan.PredicateBinder;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import io.backtracedb.scan.StatsPruner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code ORDER BY column [DESC] LIMIT n} from an index on the column: walks the entries in
 * the wanted order (NULLs first or last), fetches the rows of each stretch of entries to test the
 * filter, and stops once {@code n} rows matched and the key changed (rows tying with the last one
 * stay in, for the sort's later keys). Covered cold blocks are then read at exactly those rows;
 * in-memory blocks and cold blocks the index does not cover are scanned whole. The rows are a
 * superset of the answer: the caller sorts and cuts them.
 *
 * <p>The walk gives up, and the caller scans and sorts instead, once what it fetched costs more
 * than scanning the cold blocks (see {@link IndexLookup}): a selective filter uncorrelated with the
 * order would otherwise fetch row after row.
 */
final class IndexOrder {
  /** Entries fetched at least at once when a filter must be tested: amortises opening blocks. */
  private static final int MIN_STRETCH = 16;

  private final TableStore store;
  private final Predicate bound;
  private final RowFilter filter;
  private final boolean[] filterColumns;
  private final long limit;
  private final Map<Long, ColdScanBlock> covered = new HashMap<>();
  private final IndexLookup.BlockRows blockRows;
  private final long budget;
  private long cost;
  private long[] kept = new long[16];
  private int keptCount;
  private Object lastKey;
  private boolean full;

  private IndexOrder(
      TableStore store, Predicate bound, List<ScanBlock> blocks, TableIndex index, long limit) {
    this.store = store;
    this.bound = bound;
    this.limit = limit;
    Schema schema = store.schema();
    this.filter = bound == null ? null : RowFilter.compile(bound, schema);
    this.filterColumns = new boolean[schema.size()];
    if (bound != null) {
      PredicateBinder.markColumns(bound, schema, filterColumns);
    }
    this.blockRows = IndexLookup.BlockRows.of(blocks);
    long scanRows = 0;
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock cold) {
        long id = cold.block().meta().id();
        if (index.covers(id)) {
          covered.put(id, cold);
        }
        if (bound == null || StatsPruner.mayMatch(bound, schema, block::stats, block.rowCount())) {
          scanRows += block.rowCount();
        }
      }
    }
    this.budget = scanRows;
  }

  /**
   * The blocks to read for the {@code limit} first rows by {@code column} in the given order, or
   * null when no ready index is on the column or the walk would cost more than a scan.
   *
   * @param bound the filter bound to the schema, or null
   */
  static IndexLookup.Selection select(
      TableStore store,
      Predicate bound,
      List<ScanBlock> blocks,
      String column,
      boolean descending,
      boolean nullsFirst,
      long limit) {
    TableIndex index = store.indexOn(column);
    if (index == null || index.state() != TableIndex.State.READY) {
      return null;
    }
    IndexOrder walk = new IndexOrder(store, bound, blocks, index, limit);
    Boolean done;
    try {
      done =
          index.read(
              tree -> {
                // NULL sorts first in the tree: walk it separately where the order puts it last.
                KeyBound nulls = KeyBound.inclusive(null);
                KeyBound afterNull = KeyBound.exclusive(null);
                if (nullsFirst != descending) {
                  return walk.walk(tree, null, null, descending); // the tree's own order
                }
                if (nullsFirst) {
                  return walk.walk(tree, nulls, nulls, false)
                      && walk.walk(tree, afterNull, null, descending);
                }
                return walk.walk(tree, afterNull, null, descending)
                    && walk.walk(tree, nulls, nulls, false);
              });
    } catch (BlockFetchException e) {
      throw e.unwrap();
    }
    if (done == null || !done) {
      return null;
    }
    return walk.selection(
        index.name(),
        (descending ? "DESC" : "ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST"),
        blocks);
  }

  /**
   * Walks the entries of one key range in order, keeping matching rows until the limit is met;
   * false when it gave up on cost.
   */
  private boolean walk(BTree tree, KeyBound lower, KeyBound upper, boolean descending) {
    if (full) {
      return true;
    }
    IndexScan scan = tree.scan(lower, upper, descending);
    // Twice the rows still wanted, then doubling: a filter passing half the rows needs one stretch.
    int stretch = (int) Math.max(MIN_STRETCH, Math.min(2 * (limit - keptCount) + 1, 1 << 16));
    long[] addresses = new long[stretch];
    Object[] keys = new Object[stretch];
    boolean more = true;
    while (more && !full) {
      int n = 0;
      while (n < stretch && (more = scan.next())) {
        long address = scan.address();
        if (covered.containsKey(IndexKeys.blockOf(address))) {
          addresses[n] = address;
          keys[n++] = scan.key();
        }
      }
      long[] sorted = Arrays.copyOf(addresses, n);
      Arrays.sort(sorted);
      cost +=
          n * IndexLookup.ENTRY_COST
              + (filter == null ? 0 : IndexLookup.pageRowsRead(sorted, blockRows));
      if (cost > budget) {
        return false;
      }
      boolean[] matches = matches(sorted);
      for (int i = 0; i < n && !full; i++) {
        if (matches[Arrays.binarySearch(sorted, addresses[i])]) {
          keep(addresses[i], keys[i]);
        }
      }
      stretch = Math.min(stretch * 2, 1 << 16);
      if (stretch > addresses.length) {
        addresses = Arrays.copyOf(addresses, stretch);
        keys = Arrays.copyOf(keys, stretch);
      }
    }
    return true;
  }

  /** Keeps a matching row, or notes that the limit is met once its key differs from the last. */
  private void keep(long address, Object key) {
    if (keptCount >= limit && IndexKeys.KEY_ORDER.compare(key, lastKey) != 0) {
      full = true;
      return;
    }
    if (keptCount == kept.length) {
      kept = Arrays.copyOf(kept, keptCount * 2);
    }
    kept[keptCount++] = address;
    lastKey = key;
  }

  /** Which of the rows at {@code sorted} addresses pass the filter (all, without one). */
  private boolean[] matches(long[] sorted) {
    boolean[] matches = new boolean[sorted.length];
    if (filter == null) {
      Arrays.fill(matches, true);
      return matches;
    }
    for (int i = 0; i < sorted.length; ) {
      long block = IndexKeys.blockOf(sorted[i]);
      int end = i;
      while (end < sorted.length && IndexKeys.blockOf(sorted[end]) == block) {
        end++;
      }
      long[] rows = new long[end - i];
      for (int k = i; k < end; k++) {
        rows[k - i] = sorted[k] & IndexKeys.ORDINAL_MASK;
      }
      int at = i;
      try (ScanBlock.BatchCursor cursor =
          covered.get(block).withRows(rows).open(filterColumns, null, null, new ScanCounters())) {
        for (ColumnBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
          int count = batch.selectedCount();
          int[] in = new int[count];
          for (int r = 0; r < count; r++) {
            in[r] = batch.selectedRow(r);
          }
          int[] out = new int[count];
          int passed = filter.filter(batch, in, count, out);
          for (int p = 0; p < passed; p++) {
            matches[at + out[p] - batch.start()] = true;
          }
          at += count;
        }
      } catch (IOException | RuntimeException e) {
        throw new BlockFetchException(e);
      }
      i = end;
    }
    return matches;
  }

  /** The blocks: covered cold blocks cut to the kept rows, every other block whole. */
  private IndexLookup.Selection selection(String index, String order, List<ScanBlock> blocks) {
    long[] sorted = Arrays.copyOf(kept, keptCount);
    Arrays.sort(sorted);
    List<ScanBlock> result = new ArrayList<>(blocks.size());
    long indexBlocks = 0;
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock cold && covered.containsKey(cold.block().meta().id())) {
        long[] rows = IndexLookup.rowsOf(sorted, cold.block().meta().id());
        if (rows != null) {
          result.add(cold.withRows(rows));
          indexBlocks++;
        }
        continue;
      }
      result.add(block);
    }
    return new IndexLookup.Selection(result, index, () -> order, indexBlocks, keptCount);
  }
}
