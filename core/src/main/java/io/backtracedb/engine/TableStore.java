package io.backtracedb.engine;

import io.backtracedb.BlockInfo;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import io.backtracedb.TableStats;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.catalog.Manifest;
import io.backtracedb.catalog.ManifestStore;
import io.backtracedb.catalog.TableEntry;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One table inside the engine: its catalog entry, directories, manifest store and current {@link
 * TableState}. Writers hold the engine's commit lock; manifest changes (flush, compaction,
 * retention) hold {@link #manifestLock}.
 */
public final class TableStore {
  /** Rows an active block allocates room for up front (it grows from there). */
  private static final int INITIAL_BLOCK_CAPACITY = 4096;

  final TableEntry entry;
  final Path directory;
  final Path blocksDirectory;
  final ManifestStore manifestStore;
  final Object manifestLock = new Object();
  final int timeOrdinal;
  private volatile TableState state;
  private long nextSequence = 1;
  // Guarded by manifestLock. Never behind the manifest's next block id, and ahead of it after a
  // block was written whose manifest change failed: a manifest on disk may name that id (the
  // rename succeeded, the directory sync did not), so it must not be written again.
  private long nextBlockId;
  final Path indexesDirectory;
  private volatile List<TableIndex> indexes = List.of();
  private volatile boolean dropped;
  private volatile Exception lastFlushError;
  // The series of a series table; null for an ordinary one.
  private SeriesRegistry series;

  TableStore(TableEntry entry, Path directory, ManifestStore manifestStore) {
    this.entry = entry;
    this.directory = directory;
    this.blocksDirectory = directory.resolve("blocks");
    this.indexesDirectory = directory.resolve("indexes");
    this.manifestStore = manifestStore;
    String time = entry.options().timeColumn();
    this.timeOrdinal = time == null ? -1 : entry.schema().ordinalOf(time);
  }

  /** Whether this is a series table ({@code kind = 'series'}). */
  public boolean isSeries() {
    return entry.options().isSeries();
  }

  /** The series of a series table (set before the table takes rows); null for other tables. */
  SeriesRegistry series() {
    return series;
  }

  void setSeries(SeriesRegistry registry) {
    series = registry;
  }

  /** The label index file of a series table. */
  Path labelsPath() {
    return directory.resolve(SeriesRegistry.FILE_NAME);
  }

  /**
   * A cold block as a scan sees it: a Parquet block (reading few rows through {@code layouts}, when
   * given), or a series table's chunk file.
   */
  io.backtracedb.scan.ScanBlock scanBlock(ColdBlock block, BlockLayouts layouts) {
    if (block.meta().isSeries()) {
      return new SeriesScanBlock(block, schema(), series);
    }
    return layouts == null
        ? new ColdScanBlock(block, schema())
        : new ColdScanBlock(block, schema(), layouts);
  }

  /** See the table. */
  public String name() {
    return entry.name();
  }

  /** See the table. */
  public Schema schema() {
    return entry.schema();
  }

  /** See the table. */
  public TableOptions options() {
    return entry.options();
  }

  TableState state() {
    return state;
  }

  void setState(TableState newState) {
    state = newState;
  }

  /** Starts from a manifest and its cold blocks, with an empty active block. */
  void initialize(Manifest manifest, List<ColdBlock> cold) {
    state = new TableState(manifest, cold, List.of(), newActiveBlock());
    nextBlockId = manifest.nextBlockId();
  }

  /** The id for a new block file, never used before by this process (under manifestLock). */
  long allocateBlockId() {
    long id = Math.max(nextBlockId, state.manifest().nextBlockId());
    nextBlockId = id + 1;
    return id;
  }

  ActiveBlock newActiveBlock() {
    return new ActiveBlock(nextSequence++, schema(), INITIAL_BLOCK_CAPACITY);
  }

  /** The table's secondary indexes, in creation order. */
  List<TableIndex> indexes() {
    return indexes;
  }

  /**
   * The index on {@code column} that lookups should use, or null: a ready one first, a covering one
   * before a plain one, else the first created.
   */
  TableIndex indexOn(String column) {
    TableIndex found = null;
    for (TableIndex index : indexes) {
      if (index.entry.column().equals(column) && (found == null || better(index, found))) {
        found = index;
      }
    }
    return found;
  }

  /**
   * Whether {@code index} serves lookups on its column better than {@code other}: a ready index
   * over one that is not, then a covering one over a plain one (it finds the same rows, and may
   * answer from its entries).
   */
  private static boolean better(TableIndex index, TableIndex other) {
    boolean ready = index.state() == TableIndex.State.READY;
    boolean otherReady = other.state() == TableIndex.State.READY;
    if (ready != otherReady) {
      return ready;
    }
    return index.payload != null && other.payload == null;
  }

  void addIndex(TableIndex index) {
    List<TableIndex> list = new ArrayList<>(indexes);
    list.add(index);
    indexes = List.copyOf(list);
  }

  void removeIndex(TableIndex index) {
    List<TableIndex> list = new ArrayList<>(indexes);
    list.remove(index);
    indexes = List.copyOf(list);
  }

  Path indexPath(String indexName) {
    return indexesDirectory.resolve(indexName + ".btree");
  }

  boolean isDropped() {
    return dropped;
  }

  void markDropped() {
    dropped = true;
  }

  Exception lastFlushError() {
    return lastFlushError;
  }

  void setLastFlushError(Exception error) {
    lastFlushError = error;
  }

  Path blockPath(BlockMeta meta) {
    return blocksDirectory.resolve(meta.file());
  }

  /**
   * Appends validated rows of one commit to the active block (writer, under the commit lock) and
   * seals it when full; returns the block and the row count that makes this commit visible.
   */
  Position append(ColumnVector[] columns, int rows, long lsn) {
    if (series != null) {
      series.observe(columns, rows);
    }
    ActiveBlock active = state.active();
    active.append(columns, 0, rows, lsn);
    Position position = new Position(active, active.rowCount());
    if (active.rowCount() >= options().blockRows()) {
      sealActive();
    }
    return position;
  }

  /** Seals a non-empty active block (writer, under the commit lock). */
  boolean sealActive() {
    TableState current = state;
    if (current.active().rowCount() == 0) {
      return false;
    }
    current.active().seal();
    state = current.withSealedActive(newActiveBlock());
    return true;
  }

  /** Where a commit's rows end in a block: publishing it makes them visible. */
  record Position(ActiveBlock block, int endRow) {}

  /**
   * The row order that sorts {@code rows} rows of a block by the time column, or null when they are
   * already in order (the usual case) or the table has none.
   */
  int[] timeOrder(ActiveBlock block, int rows) {
    if (timeOrdinal < 0) {
      return null;
    }
    ColumnVector column = block.vector(timeOrdinal);
    if (column.type() != ColumnType.TIMESTAMP && column.type() != ColumnType.BIGINT) {
      return null;
    }
    long[] times = ((LongVector) column).values();
    boolean sorted = true;
    for (int i = 1; i < rows && sorted; i++) {
      sorted = times[i - 1] <= times[i];
    }
    if (sorted && !column.mayHaveNulls()) {
      return null;
    }
    return TimeSort.order(times, column, rows);
  }

  /** The retention cutoff in the time column's unit, or {@code Long.MIN_VALUE} without a TTL. */
  long retentionCutoff(long nowMillis) {
    if (options().ttl() == null || timeOrdinal < 0) {
      return Long.MIN_VALUE;
    }
    long cutoffMillis = nowMillis - options().ttl().toMillis();
    if (schema().column(timeOrdinal).type() == ColumnType.TIMESTAMP) {
      return cutoffMillis;
    }
    TimeUnit unit = options().timeUnit();
    return unit.convert(cutoffMillis, TimeUnit.MILLISECONDS);
  }

  /** Row counts, blocks and bytes now. */
  public TableStats stats() {
    TableState current = state;
    long memoryRows = current.active().visibleRows();
    for (ActiveBlock block : current.sealed()) {
      memoryRows += block.visibleRows();
    }
    long bytes = 0;
    for (ColdBlock block : current.cold()) {
      bytes += block.meta().bytes();
    }
    return new TableStats(
        current.manifest().rowCount() + memoryRows,
        current.cold().size(),
        current.sealed().size() + 1,
        memoryRows,
        bytes,
        current.manifest().flushedLsn());
  }

  /** Every block: cold (oldest first), sealed, then active. */
  public List<BlockInfo> blocks() {
    TableState current = state;
    List<BlockInfo> blocks = new ArrayList<>();
    for (ColdBlock block : current.cold()) {
      BlockMeta meta = block.meta();
      blocks.add(
          new BlockInfo(
              meta.id(),
              "cold",
              meta.rowCount(),
              timeBound(meta.columns(), true),
              timeBound(meta.columns(), false),
              meta.bytes(),
              block.path().toString(),
              meta.columns()));
    }
    for (ActiveBlock block : current.sealed()) {
      blocks.add(memoryInfo(block, "sealed"));
    }
    blocks.add(memoryInfo(current.active(), "active"));
    return blocks;
  }

  private BlockInfo memoryInfo(ActiveBlock block, String kind) {
    int rows = block.visibleRows();
    List<ColumnStats> stats = new ArrayList<>();
    for (int i = 0; i < schema().size(); i++) {
      stats.add(block.stats(i));
    }
    return new BlockInfo(
        block.sequence(),
        kind,
        rows,
        rows == 0 ? null : timeBound(stats, true),
        rows == 0 ? null : timeBound(stats, false),
        block.heapBytes(),
        null,
        stats);
  }

  private Long timeBound(List<ColumnStats> stats, boolean min) {
    if (timeOrdinal < 0) {
      return null;
    }
    Object value = min ? stats.get(timeOrdinal).min() : stats.get(timeOrdinal).max();
    return value instanceof Long l ? l : null;
  }

  /** Cold blocks whose every row is older than {@code cutoff}. */
  List<ColdBlock> expiredBlocks(long cutoff) {
    List<ColdBlock> expired = new ArrayList<>();
    if (cutoff == Long.MIN_VALUE) {
      return expired;
    }
    for (ColdBlock block : state.cold()) {
      Object max = block.meta().column(timeOrdinal).max();
      if (max instanceof Long maxTime
          && maxTime < cutoff
          && block.meta().column(timeOrdinal).nullCount() == 0) {
        expired.add(block);
      }
    }
    return expired;
  }
}
