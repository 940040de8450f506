package io.backtracedb.scan;

import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import java.io.Closeable;
import java.io.IOException;

/** One block of a snapshot as a scan sees it: statistics to prune by, and batches to read. */
public interface ScanBlock {

  /** Rows in the block (for an active block: the rows visible to the snapshot). */
  long rowCount();

  /** Statistics of the column at {@code ordinal}; they may cover more rows, never fewer. */
  ColumnStats stats(int ordinal);

  /**
   * Opens the block's batches with only {@code columns} decoded (by ordinal: true = read), the
   * bound predicate {@code pushed} (or null) used to skip row groups and pages. The batches hold
   * every row that may match; the scan evaluates the predicate itself. {@code filter}, the
   * predicate compiled (null when {@code pushed} is), lets a block that reads few rows decode the
   * predicate's columns first and the others only for the rows that match.
   */
  BatchCursor open(
      boolean[] columns, io.backtracedb.Predicate pushed, RowFilter filter, ScanCounters counters)
      throws IOException;

  /**
   * Opens like {@link #open}; {@code projected} (within {@code columns}) are the columns the caller
   * reads from the batches, the others are there for the filter. A cursor whose {@link
   * BatchCursor#exact()} is true returns only rows that satisfy {@code pushed}, and need not decode
   * columns outside {@code projected}.
   */
  default BatchCursor open(
      boolean[] columns,
      boolean[] projected,
      io.backtracedb.Predicate pushed,
      RowFilter filter,
      ScanCounters counters)
      throws IOException {
    return open(columns, pushed, filter, counters);
  }

  /**
   * Opens like {@link #open} but may leave out rows that cannot be the newest of their series: a
   * series table's chunk file reads only each series' newest chunks. Other blocks read every row.
   * The caller keeps, per series, the rows at the newest time.
   */
  default BatchCursor openLatest(
      boolean[] columns, io.backtracedb.Predicate pushed, RowFilter filter, ScanCounters counters)
      throws IOException {
    return open(columns, pushed, filter, counters);
  }

  /**
   * Opens like {@link #open} without a predicate, but may leave out rows that cannot be the newest
   * of their value of VARCHAR column {@code key}: rows whose time (column {@code time}) is below
   * the newest time {@code newest} already holds for their key. A cold block finds its candidates
   * by reading its newest pages first ({@link io.backtracedb.block.NewestRows}); others read every
   * row. The caller offers every returned row to {@code newest} before opening the next block.
   */
  default BatchCursor openNewest(
      boolean[] columns, int key, int time, NewestTimes newest, ScanCounters counters)
      throws IOException {
    return open(columns, null, null, counters);
  }

  /** Batches of one block, in order. */
  interface BatchCursor extends Closeable {
    /** The next batch, or null at the end. */
    ColumnBatch next() throws IOException;

    /** Whether every row returned satisfies the pushed predicate (the scan need not test it). */
    default boolean exact() {
      return false;
    }
  }
}
