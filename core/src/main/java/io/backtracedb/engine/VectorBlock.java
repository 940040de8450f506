package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;

/**
 * Rows held in vectors (by table ordinal, null for columns not held), as a scan block: what the
 * newest-row reductions hand to the scan that returns them.
 */
record VectorBlock(ColumnVector[] vectors, int rows) implements ScanBlock {
  @Override
  public long rowCount() {
    return rows;
  }

  @Override
  public ColumnStats stats(int ordinal) {
    ColumnVector vector = vectors[ordinal];
    return vector == null ? new ColumnStats(null, null, rows) : ColumnStats.of(vector, 0, rows);
  }

  @Override
  public BatchCursor open(
      boolean[] columns, Predicate pushed, RowFilter filter, ScanCounters counters) {
    return new BatchCursor() {
      private boolean done;

      @Override
      public ColumnBatch next() {
        if (done || rows == 0) {
          return null;
        }
        done = true;
        return new ColumnBatch(vectors, 0, rows);
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }
}
