package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;

/** An active or sealed in-memory block as a snapshot sees it: the rows visible when captured. */
final class MemoryScanBlock implements ScanBlock {
  /** Rows per batch: large enough to amortise per-batch work, small enough to stay in cache. */
  static final int BATCH_ROWS = 8192;

  private final ActiveBlock block;
  private final int rows;

  MemoryScanBlock(ActiveBlock block, int rows) {
    this.block = block;
    this.rows = rows;
  }

  @Override
  public long rowCount() {
    return rows;
  }

  @Override
  public ColumnStats stats(int ordinal) {
    return block.stats(ordinal);
  }

  @Override
  public BatchCursor open(
      boolean[] columns, Predicate pushed, RowFilter filter, ScanCounters counters) {
    ColumnVector[] vectors = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      vectors[i] = columns[i] ? block.vector(i) : null;
    }
    return new BatchCursor() {
      private int next;

      @Override
      public ColumnBatch next() {
        if (next >= rows) {
          return null;
        }
        int end = Math.min(rows, next + BATCH_ROWS);
        ColumnBatch batch = new ColumnBatch(vectors, next, end);
        next = end;
        return batch;
      }

      @Override
      public void close() {
        next = rows;
      }
    };
  }
}
