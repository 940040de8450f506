package io.backtracedb;

import io.backtracedb.column.ColumnBatch;
import io.backtracedb.engine.Engine;
import io.backtracedb.engine.IndexLookup;
import io.backtracedb.engine.LatestPerKey;
import io.backtracedb.engine.LatestPerSeries;
import io.backtracedb.engine.TableSnapshot;
import io.backtracedb.engine.TableStore;
import io.backtracedb.scan.PredicateBinder;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.TableScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a table: chain {@link #filter} and {@link #select}, then iterate rows with {@link #next()}
 * (or a for-each loop) or column batches with {@link #nextBatch()}.
 *
 * <p>The first read takes a snapshot: rows committed later are not seen, and every commit is seen
 * whole or not at all. Filters are pushed down: blocks are skipped by min/max statistics, Parquet
 * row groups and pages by their statistics and column indexes, and only the selected and filtered
 * columns are decoded. Rows past the table's TTL are hidden. Not thread-safe; close it (or read to
 * the end) to release the snapshot.
 */
public final class TableReader implements Iterable<Row>, AutoCloseable {
  private final Engine engine;
  private final TableStore store;
  private final List<Predicate> filters = new ArrayList<>();
  private int[] projection;
  private boolean timeDescending;
  private long timeLimit = -1;
  private String orderColumn;
  private boolean orderDescending;
  private boolean orderNullsFirst;
  private long orderLimit = -1;
  private TableSnapshot snapshot;
  private TableScan scan;
  private ColumnBatch batch;
  private int position;
  private Row row;
  private boolean finished;
  private boolean latest;
  private int[] latestKeys;
  private IndexUse indexUse = IndexUse.BY_COST;
  private IndexLookup.Selection selection;
  private boolean explaining;

  TableReader(Engine engine, TableStore store) {
    this.engine = engine;
    this.store = store;
  }

  /** Keeps rows where {@code column op value}; {@code op} is one of = == != <> < <= > >=. */
  public TableReader filter(String column, String op, Object value) {
    return where(new Predicate.Compare(column, Predicate.Op.parse(op), value));
  }

  /** Keeps rows satisfying {@code predicate} (and every other filter). */
  public TableReader where(Predicate predicate) {
    requireNotStarted();
    filters.add(predicate);
    return this;
  }

  /**
   * Serves {@code ORDER BY <time column> [DESC] LIMIT limit} cheaply: blocks are read newest first
   * ({@code descending}) or oldest first, and reading stops once the rows returned include the
   * {@code limit} best by time. The rows come in no particular order and may be more than {@code
   * limit}: the caller sorts them and keeps the first {@code limit}. Needs a time column.
   */
  public TableReader limitByTime(boolean descending, long limit) {
    requireNotStarted();
    if (store.options().timeColumn() == null) {
      throw new IllegalStateException("table '" + store.name() + "' has no time column");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    timeDescending = descending;
    timeLimit = limit;
    return this;
  }

  /** How a reader decides whether a secondary index serves its filter. */
  public enum IndexUse {
    /** Never: scan. */
    NEVER,
    /**
     * When the index's entries for the filter cost less to fetch than scanning the cold blocks
     * min/max pruning keeps (the default); counting the entries stops once they cannot win.
     */
    BY_COST,
    /** Whenever a ready index serves a conjunct of the filter, whatever it costs (to compare). */
    ALWAYS
  }

  /**
   * Returns only the newest rows of each series of a series table: per series, its rows at its
   * greatest time among the rows the filters keep. With filters on tags only (and lower bounds on
   * the time column) each series' older chunks are not read at all.
   *
   * @throws IllegalStateException when the table is not a series table
   */
  public TableReader latestPerSeries() {
    requireNotStarted();
    if (!store.isSeries()) {
      throw new IllegalStateException("table '" + store.name() + "' is not a series table");
    }
    latest = true;
    return this;
  }

  /**
   * Returns only the newest rows of each key: per distinct value of {@code keyColumns}, its rows at
   * the greatest time among the rows the filters keep. The table needs a time column that holds no
   * NULL. Without filters, on one VARCHAR key column, blocks are read newest first and a cold block
   * only as far as its keys (its dictionaries) can still have newer rows: the latest row per symbol
   * costs the recent pages of a long history.
   *
   * @throws IllegalArgumentException when there is no key column or one is unknown
   * @throws IllegalStateException when the table has no time column or it may hold NULL
   */
  public TableReader latestPerKey(String... keyColumns) {
    requireNotStarted();
    if (keyColumns.length == 0) {
      throw new IllegalArgumentException("the newest rows per key need at least one key column");
    }
    String time = store.options().timeColumn();
    Schema schema = store.schema();
    if (time == null || schema.column(schema.ordinalOf(time)).nullable()) {
      throw new IllegalStateException(
          "table '" + store.name() + "' has no time column without NULLs to order rows by");
    }
    int[] keys = new int[keyColumns.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = schema.requireOrdinal(store.name(), keyColumns[i]);
    }
    latestKeys = keys;
    return this;
  }

  /**
   * Serves {@code ORDER BY column [DESC] [NULLS FIRST|LAST] LIMIT limit} from a ready index on
   * {@code column}: the index is walked in that order and the cold rows it covers are read only as
   * far as the first {@code limit} matching rows (and rows tying with the last of them); in-memory
   * rows and cold blocks the index does not cover are read whole. The rows come in no particular
   * order and may be more than {@code limit}: the caller sorts them and keeps the first {@code
   * limit}. Without a ready index, or when walking it would cost more than a scan (a selective
   * filter the order does not follow), every matching row is returned.
   */
  public TableReader limitByIndex(
      String column, boolean descending, boolean nullsFirst, long limit) {
    requireNotStarted();
    store.schema().requireOrdinal(store.name(), column);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    orderColumn = column;
    orderDescending = descending;
    orderNullsFirst = nullsFirst;
    orderLimit = limit;
    return this;
  }

  /**
   * Whether a filter on an indexed column may be served from the index ({@code true}, the default:
   * when that costs less than a scan) or never ({@code false}). Results are the same either way;
   * only the rows read differ.
   */
  public TableReader useIndexes(boolean use) {
    return indexUse(use ? IndexUse.BY_COST : IndexUse.NEVER);
  }

  /** How a secondary index may serve the filter; see {@link IndexUse}. */
  public TableReader indexUse(IndexUse use) {
    requireNotStarted();
    indexUse = java.util.Objects.requireNonNull(use, "use");
    return this;
  }

  /** Decodes only these columns (all columns when never called). */
  public TableReader select(String... columns) {
    requireNotStarted();
    Schema schema = store.schema();
    projection = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      projection[i] = schema.requireOrdinal(store.name(), columns[i]);
    }
    return this;
  }

  /** Moves to the next matching row; false at the end (the snapshot is then released). */
  public boolean next() {
    start();
    while (batch == null || position >= batch.selectedCount()) {
      if (finished) {
        return false;
      }
      try {
        batch = scan.next();
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("cannot read table '" + store.name() + "'", e);
      }
      position = 0;
      if (batch == null) {
        close();
        return false;
      }
    }
    row.moveTo(batch, batch.selectedRow(position++));
    return true;
  }

  /** The current row; valid until the next call to {@link #next()}. */
  public Row row() {
    if (batch == null) {
      throw new IllegalStateException("call next() first");
    }
    return row;
  }

  /**
   * The next batch of matching rows (see {@link ColumnBatch#selectedRow(int)}), or null at the end.
   * Do not mix with {@link #next()}.
   */
  public ColumnBatch nextBatch() {
    start();
    if (finished) {
      return null;
    }
    try {
      ColumnBatch next = scan.next();
      if (next == null) {
        close();
      }
      return next;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot read table '" + store.name() + "'", e);
    }
  }

  /**
   * Takes the snapshot and reports how many blocks min/max pruning leaves to read, without reading
   * any; the reader is closed afterwards.
   */
  public ScanStats prune() {
    explaining = true;
    start();
    try {
      return scan == null ? NOTHING_READ : withIndex(scan.prune());
    } finally {
      close();
    }
  }

  /** What the scan read and skipped so far (complete once the reader reached the end). */
  public ScanStats stats() {
    start();
    TableScan counted = scan != null ? scan : finishedScan;
    return counted == null ? NOTHING_READ : withIndex(counted.stats());
  }

  private static final ScanStats NOTHING_READ = new ScanStats(0, 0, 0, 0, 0, 0);

  // The scan that ran to its end or was closed: stats() still reports its counters.
  private TableScan finishedScan;

  // What the scan of candidate rows read, for a reader of the newest rows per series.
  private ScanStats latestStats;

  private void start() {
    if (scan != null || finished) {
      return;
    }
    Schema schema = store.schema();
    int[] columns = projection;
    if (columns == null) {
      columns = new int[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = i;
      }
    }
    boolean[] selected = new boolean[schema.size()];
    for (int ordinal : columns) {
      selected[ordinal] = true;
    }
    row = new Row(schema, selected);
    snapshot = engine.snapshot(store);
    List<Predicate> all = new ArrayList<>(filters);
    if (snapshot.retentionFilter() != null) {
      all.add(snapshot.retentionFilter());
    }
    Predicate bound = null;
    try {
      if (!all.isEmpty()) {
        bound = PredicateBinder.bind(store.name(), schema, new Predicate.And(all));
      }
    } catch (RuntimeException e) {
      snapshot.close();
      finished = true;
      throw e;
    }
    List<ScanBlock> blocks = snapshot.blocks();
    if (indexUse != IndexUse.NEVER && orderLimit >= 0 && !explaining) {
      selection =
          IndexLookup.selectOrder(
              store, bound, blocks, orderColumn, orderDescending, orderNullsFirst, orderLimit);
    }
    if (indexUse != IndexUse.NEVER && selection == null) {
      selection = IndexLookup.select(store, bound, blocks, indexUse == IndexUse.ALWAYS);
    }
    if (selection != null) {
      blocks = selection.blocks();
      if (!explaining) {
        IndexLookup.recordScan(store, selection);
      }
    }
    if (latest || latestKeys != null) {
      try {
        scan = newestRows(blocks, columns, bound);
      } catch (IOException | RuntimeException e) {
        close();
        if (e instanceof IOException io) {
          throw new UncheckedIOException("cannot read table '" + store.name() + "'", io);
        }
        throw (RuntimeException) e;
      }
      return;
    }
    scan = new TableScan(schema, blocks, columns, bound);
    if (timeLimit >= 0) {
      scan.orderByTime(schema.ordinalOf(store.options().timeColumn()), timeDescending, timeLimit);
    }
  }

  /**
   * A scan of the newest rows per key (the tags of a series table: per series), reduced from a scan
   * of the candidate rows, which reads less when the predicate allows: a series table's newest
   * chunks, or an ordinary table's newest pages for one VARCHAR key without a filter.
   */
  private TableScan newestRows(List<ScanBlock> blocks, int[] columns, Predicate bound)
      throws IOException {
    Schema schema = store.schema();
    int[] keys = latestKeys;
    if (latest) {
      keys = store.options().tags().stream().mapToInt(schema::ordinalOf).toArray();
    }
    boolean[] read = new boolean[schema.size()];
    for (int ordinal : columns) {
      read[ordinal] = true;
    }
    int time = schema.ordinalOf(store.options().timeColumn());
    read[time] = true;
    for (int key : keys) {
      read[key] = true;
    }
    int[] candidates =
        java.util.stream.IntStream.range(0, read.length).filter(i -> read[i]).toArray();
    io.backtracedb.scan.NewestTimes newest = new io.backtracedb.scan.NewestTimes();
    ScanBlock reduced;
    try (TableScan all = new TableScan(schema, blocks, candidates, bound)) {
      if (latest) {
        if (LatestPerSeries.allowsShortcut(store, bound)) {
          all.latestOnly();
        }
      } else if (bound == null
          && keys.length == 1
          && schema.column(keys[0]).type() == ColumnType.VARCHAR) {
        all.newestPerKey(keys[0], time, newest);
      }
      reduced = LatestPerKey.reduce(schema, all, read, keys, time, newest);
      latestStats = all.stats();
    }
    return new TableScan(schema, List.of(reduced), columns, null);
  }

  private ScanStats withIndex(ScanStats stats) {
    if (latestStats != null) {
      return latestStats;
    }
    return selection == null
        ? stats
        : stats.withIndex(
            selection.index(), selection.range(), selection.indexBlocks(), selection.entries());
  }

  private void requireNotStarted() {
    if (scan != null || finished) {
      throw new IllegalStateException("the reader has started; set filters and columns first");
    }
  }

  /** Iterates the remaining rows; each {@link Row} is the same moving view. */
  @Override
  public Iterator<Row> iterator() {
    return new Iterator<>() {
      private boolean ready;
      private boolean more;

      @Override
      public boolean hasNext() {
        if (!ready) {
          more = TableReader.this.next();
          ready = true;
        }
        return more;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return row;
      }
    };
  }

  /** Releases the snapshot. */
  @Override
  public void close() {
    if (scan != null) {
      finishedScan = scan;
      try {
        scan.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        scan = null;
      }
    }
    if (snapshot != null) {
      snapshot.close();
      snapshot = null;
    }
    finished = true;
  }
}
