package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.block.BlockFormat;
import io.backtracedb.block.BlockRowReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import java.io.IOException;

/**
 * Batches of chosen rows of a cold block, read page by page through a {@link BlockRowReader}: the
 * rows an index found, or the rows the column indexes leave for a selective filter. In the second
 * case the filter's columns are decoded first and the other columns only for the rows that pass, so
 * a point lookup decodes one page per column. Not thread-safe.
 */
final class ChosenRowsCursor implements ScanBlock.BatchCursor {
  /** Rows per batch, as a block reader returns them. */
  private static final int BATCH_ROWS = BlockFormat.DEFAULT_BATCH_ROWS;

  private final BlockRowReader reader;
  private final long[] rows;
  private final int[] columns;
  private final int[] filterColumns;
  private final int[] otherColumns;
  private final RowFilter filter;
  private final ScanCounters counters;
  private boolean exact;
  private int next;

  /**
   * A cursor over {@code rows} (file ordinals, ascending) of the file {@code reader} reads; it
   * closes the reader.
   *
   * @param columns table ordinals to read (true = read)
   * @param filterColumns the columns {@code filter} reads, decoded first; null to read every column
   *     at once (rows an index or a range chose) and leave filtering to the scan
   * @param filter the compiled predicate, or null
   * @param counters the scan's counters, to which rows decoded and dropped here are added
   */
  ChosenRowsCursor(
      BlockRowReader reader,
      long[] rows,
      boolean[] columns,
      boolean[] filterColumns,
      RowFilter filter,
      ScanCounters counters) {
    this.reader = reader;
    this.rows = rows;
    this.counters = counters;
    this.columns = ordinals(columns, null, true);
    this.filter = filterColumns == null ? null : filter;
    this.filterColumns = filterColumns == null ? null : ordinals(columns, filterColumns, true);
    this.otherColumns = filterColumns == null ? null : ordinals(columns, filterColumns, false);
  }

  /**
   * A cursor over the rows of {@code reader}'s file that {@code pushed} keeps, when it is a range
   * on one integer column whose pages within the range hold at most {@code limit} rows: those pages
   * are decoded to find the exact matches, then {@code columns} are read at them (the cursor is
   * {@link #exact()}, so the caller passes only the columns it reads). Null otherwise; the reader
   * then stays the caller's to close.
   */
  static ChosenRowsCursor ofRange(
      BlockRowReader reader, Predicate pushed, int limit, boolean[] columns, ScanCounters counters)
      throws IOException {
    long[] rows = reader.rowsMatching(pushed, limit);
    if (rows == null) {
      return null;
    }
    // The rows are the predicate's exact matches: only the projected columns are needed.
    ChosenRowsCursor cursor = new ChosenRowsCursor(reader, rows, columns, null, null, counters);
    cursor.exact = true;
    return cursor;
  }

  /** The ordinals set in {@code columns} whose {@code within} flag is {@code in} (null: all). */
  private static int[] ordinals(boolean[] columns, boolean[] within, boolean in) {
    int count = 0;
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] && (within == null || within[i] == in)) {
        count++;
      }
    }
    int[] result = new int[count];
    for (int i = 0, k = 0; i < columns.length; i++) {
      if (columns[i] && (within == null || within[i] == in)) {
        result[k++] = i;
      }
    }
    return result;
  }

  @Override
  public boolean exact() {
    return exact;
  }

  /**
   * Marks the rows returned as satisfying the whole pushed predicate: its range found them exactly
   * and this cursor's filter tested the rest.
   */
  void markExact() {
    exact = true;
  }

  @Override
  public ColumnBatch next() throws IOException {
    while (next < rows.length) {
      int from = next;
      int to = Math.min(rows.length, from + BATCH_ROWS);
      next = to;
      if (filter == null) {
        return reader.read(columns, rows, from, to);
      }
      ColumnBatch first = reader.read(filterColumns, rows, from, to);
      int count = to - from;
      int[] in = new int[count];
      for (int i = 0; i < count; i++) {
        in[i] = i;
      }
      int[] out = new int[count];
      int kept = filter.filter(first, in, count, out);
      // The scan counts the rows it gets; these were decoded and tested here.
      counters.rowsRead += count - kept;
      if (kept == 0) {
        continue;
      }
      if (otherColumns.length == 0) {
        first.select(out, kept);
        return first;
      }
      long[] matched = new long[kept];
      for (int i = 0; i < kept; i++) {
        matched[i] = rows[from + out[i]];
      }
      ColumnVector[] vectors = reader.read(otherColumns, matched, 0, kept).vectors();
      for (int ordinal : filterColumns) {
        ColumnVector source = first.vector(ordinal);
        ColumnVector gathered = ColumnVector.create(source.type(), kept);
        for (int i = 0; i < kept; i++) {
          gathered.appendFrom(source, out[i]);
        }
        vectors[ordinal] = gathered;
      }
      return new ColumnBatch(vectors, 0, kept);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    next = rows.length;
    reader.close();
  }
}
