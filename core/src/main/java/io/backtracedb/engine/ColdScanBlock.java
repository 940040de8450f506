package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.block.BlockLayout;
import io.backtracedb.block.BlockReadOptions;
import io.backtracedb.block.BlockReader;
import io.backtracedb.block.BlockRowReader;
import io.backtracedb.block.BlockScanStats;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.scan.PredicateBinder;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import java.io.IOException;
import java.util.List;

/**
 * A cold Parquet block as a scan sees it: manifest statistics, and batches from its file.
 *
 * <p>Four ways to read it: the rows an index chose ({@link #withRows}); for a range on one integer
 * column whose pages in range are few (a time range, a key), the matches found by decoding those
 * pages of that column; the few rows a selective filter leaves after the column indexes of the
 * cached {@link BlockLayout}, read page by page with the filter's columns first ({@link
 * ChosenRowsCursor}); or every row group and page pruning keeps, through a {@link BlockReader}.
 */
final class ColdScanBlock implements ScanBlock {
  /**
   * The most rows the column indexes may leave for the page-by-page path: past that, decoding whole
   * pages in a {@link BlockReader} costs less than picking rows one by one.
   */
  static final int CHOSEN_ROWS_LIMIT = 4 * io.backtracedb.block.BlockFormat.DEFAULT_BATCH_ROWS;

  private final ColdBlock block;
  private final Schema schema;
  private final BlockLayouts layouts;
  private final long[] rows;
  private final CoveredRows covered;

  /** A block read whole (maintenance and index builds), without layouts. */
  ColdScanBlock(ColdBlock block, Schema schema) {
    this(block, schema, null, null, null);
  }

  /** A block of a snapshot, which may read few rows through the layouts in {@code layouts}. */
  ColdScanBlock(ColdBlock block, Schema schema, BlockLayouts layouts) {
    this(block, schema, layouts, null, null);
  }

  private ColdScanBlock(
      ColdBlock block, Schema schema, BlockLayouts layouts, long[] rows, CoveredRows covered) {
    this.block = block;
    this.schema = schema;
    this.layouts = layouts;
    this.rows = rows;
    this.covered = covered;
  }

  ColdBlock block() {
    return block;
  }

  /** This block reading only {@code chosen} rows (file ordinals, ascending), found by an index. */
  ColdScanBlock withRows(long[] chosen) {
    return withRows(chosen, null);
  }

  /**
   * This block reading only {@code chosen} rows, found by a covering index that holds them as
   * {@code values} (or null): a read of only the key and included columns takes them from there.
   */
  ColdScanBlock withRows(long[] chosen, CoveredRows values) {
    return new ColdScanBlock(block, schema, layouts, chosen, values);
  }

  @Override
  public long rowCount() {
    return rows == null ? block.meta().rowCount() : rows.length;
  }

  @Override
  public ColumnStats stats(int ordinal) {
    return block.meta().column(ordinal);
  }

  @Override
  public BatchCursor open(
      boolean[] columns, Predicate pushed, RowFilter filter, ScanCounters counters)
      throws IOException {
    return open(columns, columns, pushed, filter, counters);
  }

  @Override
  public BatchCursor open(
      boolean[] columns,
      boolean[] projected,
      Predicate pushed,
      RowFilter filter,
      ScanCounters counters)
      throws IOException {
    if (pushed == null && rows == null && none(columns)) {
      // count(*) and the like: the manifest's row count answers without opening the file.
      return countOnly(block.meta().rowCount());
    }
    if (covered != null && covered.serves(columns)) {
      return covered.open(schema, columns);
    }
    BlockLayout layout = layouts == null ? null : layouts.get(block, schema);
    if (rows != null) {
      return layout != null
          ? new ChosenRowsCursor(reader(layout), rows, columns, null, null, counters)
          : chosenFromWhole(wholeBlock(columns, null, counters));
    }
    if (layout != null && pushed != null && filter != null) {
      BlockRowReader reader = reader(layout);
      try {
        // A range on one integer column (a time range, a key): decode its pages, read the matches.
        BatchCursor chosen =
            ChosenRowsCursor.ofRange(reader, pushed, CHOSEN_ROWS_LIMIT, projected, counters);
        if (chosen == null) {
          chosen = rangeThenRest(reader, projected, pushed, counters);
        }
        if (chosen == null) {
          long[] candidates = layout.candidateRows(pushed, schema, CHOSEN_ROWS_LIMIT);
          if (candidates != null) {
            boolean[] filterColumns = new boolean[schema.size()];
            PredicateBinder.markColumns(pushed, schema, filterColumns);
            chosen =
                new ChosenRowsCursor(reader, candidates, columns, filterColumns, filter, counters);
          }
        }
        if (chosen != null) {
          return chosen;
        }
      } catch (IOException | RuntimeException e) {
        reader.close();
        throw e;
      }
      reader.close();
    }
    return wholeBlock(columns, pushed, counters);
  }

  /**
   * Reads only the rows that may be the newest of their value of VARCHAR column {@code key} (found
   * by {@link io.backtracedb.block.NewestRows}, which updates {@code newest}); a file that cannot
   * be searched that way is read whole.
   */
  @Override
  public BatchCursor openNewest(
      boolean[] columns,
      int key,
      int time,
      io.backtracedb.scan.NewestTimes newest,
      ScanCounters counters)
      throws IOException {
    BlockLayout layout = layouts == null || rows != null ? null : layouts.get(block, schema);
    if (layout == null) {
      return open(columns, null, null, counters);
    }
    BlockRowReader reader = reader(layout);
    try {
      long[] chosen = io.backtracedb.block.NewestRows.find(reader, key, time, newest);
      if (chosen == null) {
        reader.close();
        return open(columns, null, null, counters);
      }
      return new ChosenRowsCursor(reader, chosen, columns, null, null, counters);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * For {@code range AND rest} where the range is on one integer column (a time window with more
   * conditions): the range's exact rows found as {@link ChosenRowsCursor#ofRange} finds them, then
   * {@code rest} tested at those rows only, its columns decoded first. The range column is not
   * decoded again unless the caller reads it. Null when the predicate has no such range or the
   * range keeps too many rows; the reader then stays the caller's to close.
   */
  private BatchCursor rangeThenRest(
      BlockRowReader reader, boolean[] projected, Predicate pushed, ScanCounters counters)
      throws IOException {
    if (!(pushed instanceof Predicate.And)) {
      return null;
    }
    List<Predicate> conjuncts = new java.util.ArrayList<>();
    flatten(pushed, conjuncts);
    java.util.Map<String, List<Predicate>> byColumn = new java.util.LinkedHashMap<>();
    for (Predicate part : conjuncts) {
      String column =
          part instanceof Predicate.Compare compare
              ? compare.column()
              : part instanceof Predicate.Between between ? between.column() : null;
      if (column != null) {
        byColumn.computeIfAbsent(column, c -> new java.util.ArrayList<>()).add(part);
      }
    }
    for (List<Predicate> parts : byColumn.values()) {
      if (parts.size() == conjuncts.size()) {
        break; // the whole predicate is on one column: ofRange already declined it
      }
      Predicate range = parts.size() == 1 ? parts.get(0) : new Predicate.And(parts);
      long[] rows = reader.rowsMatching(range, CHOSEN_ROWS_LIMIT);
      if (rows == null) {
        continue;
      }
      List<Predicate> others = new java.util.ArrayList<>(conjuncts);
      others.removeAll(parts);
      Predicate rest = others.size() == 1 ? others.get(0) : new Predicate.And(others);
      boolean[] restColumns = new boolean[schema.size()];
      PredicateBinder.markColumns(rest, schema, restColumns);
      boolean[] read = projected.clone();
      for (int i = 0; i < read.length; i++) {
        read[i] |= restColumns[i];
      }
      ChosenRowsCursor cursor =
          new ChosenRowsCursor(
              reader, rows, read, restColumns, RowFilter.compile(rest, schema), counters);
      cursor.markExact();
      return cursor;
    }
    return null;
  }

  /** The conjuncts of nested ANDs, in order. */
  private static void flatten(Predicate predicate, List<Predicate> into) {
    if (predicate instanceof Predicate.And and) {
      for (Predicate part : and.parts()) {
        flatten(part, into);
      }
    } else {
      into.add(predicate);
    }
  }

  private static boolean none(boolean[] columns) {
    for (boolean column : columns) {
      if (column) {
        return false;
      }
    }
    return true;
  }

  /** Batches of {@code total} rows without columns, as a reader of no column would return. */
  private BatchCursor countOnly(long total) {
    return new BatchCursor() {
      private long left = total;

      @Override
      public ColumnBatch next() {
        if (left <= 0) {
          return null;
        }
        int rows = (int) Math.min(left, io.backtracedb.block.BlockFormat.DEFAULT_BATCH_ROWS);
        left -= rows;
        return new ColumnBatch(new io.backtracedb.column.ColumnVector[schema.size()], 0, rows);
      }

      @Override
      public void close() {
        left = 0;
      }
    };
  }

  private BlockRowReader reader(BlockLayout layout) throws IOException {
    return BlockRowReader.open(block.io(), layout, schema, layouts.pages(), block);
  }

  /**
   * The chosen rows picked out of a whole-block read (a file that cannot be read page by page):
   * without a predicate, batches come in file order from row 0.
   */
  private BatchCursor chosenFromWhole(BatchCursor whole) {
    return new BatchCursor() {
      private long first;
      private int next;

      @Override
      public ColumnBatch next() throws IOException {
        while (next < rows.length) {
          ColumnBatch batch = whole.next();
          if (batch == null) {
            return null;
          }
          int count = batch.end() - batch.start();
          int[] selected = new int[count];
          int kept = 0;
          while (next < rows.length && rows[next] < first + count) {
            selected[kept++] = batch.start() + (int) (rows[next++] - first);
          }
          first += count;
          if (kept > 0) {
            batch.select(selected, kept);
            return batch;
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        whole.close();
      }
    };
  }

  private BatchCursor wholeBlock(boolean[] columns, Predicate pushed, ScanCounters counters)
      throws IOException {
    int count = 0;
    for (boolean column : columns) {
      count += column ? 1 : 0;
    }
    int[] ordinals = new int[count];
    for (int i = 0, k = 0; i < columns.length; i++) {
      if (columns[i]) {
        ordinals[k++] = i;
      }
    }
    BlockReader reader =
        BlockReader.open(
            block.io(),
            block.path(),
            schema,
            ordinals,
            pushed,
            BlockReadOptions.defaults().withTail(block.meta().tail()));
    return new BatchCursor() {
      private boolean closed;

      @Override
      public ColumnBatch next() throws IOException {
        return closed ? null : reader.next();
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        BlockScanStats stats = reader.stats();
        counters.rowGroupsTotal += stats.rowGroups();
        counters.rowGroupsSkipped +=
            stats.rowGroupsSkippedByStatistics() + stats.rowGroupsSkippedByColumnIndex();
        reader.close();
      }
    };
  }
}
