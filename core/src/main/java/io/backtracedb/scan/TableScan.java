package io.backtracedb.scan;

import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Runs one scan over the blocks of a snapshot: prunes blocks by statistics, opens the rest with
 * projection and the pushed predicate, and narrows each batch's selection to the matching rows.
 *
 * <p>Not thread-safe. {@link #close()} releases the open block; the snapshot is released by its
 * owner.
 */
public final class TableScan implements Closeable {
  private final Schema schema;
  private List<? extends ScanBlock> blocks;
  private TimeOrder timeOrder;
  private final Predicate predicate;
  private final RowFilter filter;
  private final boolean[] columns;
  private final boolean[] projectedColumns;
  private final ScanCounters counters = new ScanCounters();
  private int nextBlock;
  private ScanBlock.BatchCursor cursor;
  private boolean latestOnly;
  private int newestKey = -1;
  private int newestTime = -1;
  private NewestTimes newestTimes;

  /** Scratch for the candidate rows of a batch, reused across batches. */
  private int[] rows = new int[0];

  /**
   * A scan of {@code blocks} returning {@code projected} columns (ordinals) of rows matching the
   * bound {@code predicate} (null for all rows).
   */
  public TableScan(
      Schema schema, List<? extends ScanBlock> blocks, int[] projected, Predicate predicate) {
    this.schema = schema;
    this.blocks = blocks;
    this.predicate = predicate;
    this.filter = predicate == null ? null : RowFilter.compile(predicate, schema);
    this.columns = new boolean[schema.size()];
    for (int ordinal : projected) {
      columns[ordinal] = true;
    }
    this.projectedColumns = columns.clone();
    if (predicate != null) {
      PredicateBinder.markColumns(predicate, schema, columns);
    }
    counters.blocksTotal = blocks.size();
  }

  /**
   * Visits blocks in time order and stops once no remaining block can hold one of the {@code limit}
   * best rows by the time column at {@code timeColumn} (greatest first when {@code descending}).
   * The scan still returns every matching row of the blocks it reads; the caller sorts and cuts.
   * Call before the first {@link #next()}.
   */
  public void orderByTime(int timeColumn, boolean descending, long limit) {
    timeOrder = new TimeOrder(timeColumn, descending, limit);
    blocks = timeOrder.order(blocks);
    columns[timeColumn] = true;
  }

  /**
   * Reads from each block only the rows that may be the newest of their series ({@link
   * ScanBlock#openLatest}); the caller reduces them. Call before the first {@link #next()}.
   */
  public void latestOnly() {
    latestOnly = true;
  }

  /**
   * Reads blocks newest first (by their time column's maximum) and lets each leave out rows that
   * cannot be the newest of their value of VARCHAR column {@code key}, judged by {@code newest},
   * which the caller updates with every row returned (see {@link ScanBlock#openNewest}). Only for a
   * scan without a predicate, before the first {@link #next()}.
   */
  public void newestPerKey(int key, int time, NewestTimes newest) {
    if (predicate != null) {
      throw new IllegalStateException("a scan for the newest rows per key takes no predicate");
    }
    newestKey = key;
    newestTime = time;
    newestTimes = newest;
    List<ScanBlock> ordered = new java.util.ArrayList<>(blocks);
    ordered.sort(
        java.util.Comparator.comparingLong((ScanBlock block) -> maxTime(block, time)).reversed());
    blocks = ordered;
  }

  private static long maxTime(ScanBlock block, int time) {
    Object max = block.rowCount() == 0 ? null : block.stats(time).max();
    return max instanceof Number number ? number.longValue() : Long.MIN_VALUE;
  }

  /**
   * The next batch with at least one matching row, its selection narrowed to the matches; null at
   * the end. The batch is valid until the next call.
   */
  public ColumnBatch next() throws IOException {
    while (true) {
      if (cursor == null && !openNextBlock()) {
        return null;
      }
      ColumnBatch batch = cursor.next();
      if (batch == null) {
        cursor.close();
        cursor = null;
        continue;
      }
      int count = batch.selectedCount();
      counters.rowsRead += count;
      if (filter != null && count > 0 && !cursor.exact()) {
        if (rows.length < count) {
          rows = new int[Math.max(count, 2 * rows.length)]; // a point lookup's one row: one int
        }
        for (int i = 0; i < count; i++) {
          rows[i] = batch.selectedRow(i);
        }
        // The selection outlives this call (the caller reads the batch), so it gets its own array.
        int[] out = new int[count];
        int kept = filter.filter(batch, rows, count, out);
        batch.select(out, kept);
        count = kept;
      }
      if (count > 0) {
        counters.rowsMatched += count;
        if (timeOrder != null) {
          timeOrder.offer(batch);
        }
        return batch;
      }
    }
  }

  private boolean openNextBlock() throws IOException {
    while (nextBlock < blocks.size()) {
      ScanBlock block = blocks.get(nextBlock++);
      if (timeOrder != null && timeOrder.exhausted(block)) {
        // Blocks are in time order: none after this one can do better either.
        counters.blocksSkipped += blocks.size() - nextBlock + 1;
        nextBlock = blocks.size();
        return false;
      }
      if (predicate != null
          && !StatsPruner.mayMatch(predicate, schema, block::stats, block.rowCount())) {
        counters.blocksSkipped++;
        continue;
      }
      if (block.rowCount() == 0) {
        counters.blocksSkipped++;
        continue;
      }
      if (newestTimes != null) {
        cursor = block.openNewest(columns, newestKey, newestTime, newestTimes, counters);
      } else {
        cursor =
            latestOnly
                ? block.openLatest(columns, predicate, filter, counters)
                : block.open(
                    columns,
                    timeOrder == null ? projectedColumns : columns,
                    predicate,
                    filter,
                    counters);
      }
      return true;
    }
    return false;
  }

  /**
   * The blocks min/max pruning would skip, without reading any block: for EXPLAIN. Empty blocks
   * count as skipped.
   */
  public ScanStats prune() {
    long skipped = 0;
    for (ScanBlock block : blocks) {
      if (block.rowCount() == 0
          || (predicate != null
              && !StatsPruner.mayMatch(predicate, schema, block::stats, block.rowCount()))) {
        skipped++;
      }
    }
    return new ScanStats(blocks.size(), skipped, 0, 0, 0, 0);
  }

  /** What the scan read and skipped so far. */
  public ScanStats stats() {
    return counters.snapshot();
  }

  @Override
  public void close() throws IOException {
    if (cursor != null) {
      cursor.close();
      cursor = null;
    }
    nextBlock = blocks.size();
  }
}
