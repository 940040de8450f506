package io.backtracedb.engine;

import io.backtracedb.BacktraceException;
import io.backtracedb.CacheStats;
import io.backtracedb.CorruptionException;
import io.backtracedb.DatabaseLockedException;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.DiskFullException;
import io.backtracedb.Durability;
import io.backtracedb.NoSuchTableException;
import io.backtracedb.Predicate;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.StorageException;
import io.backtracedb.TableOptions;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.block.PageCache;
import io.backtracedb.catalog.Catalog;
import io.backtracedb.catalog.CatalogStore;
import io.backtracedb.catalog.Manifest;
import io.backtracedb.catalog.ManifestStore;
import io.backtracedb.catalog.TableEntry;
import io.backtracedb.io.FileIO;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.wal.Wal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * The storage engine of one database directory: catalog, tables, WAL, the commit pipeline and
 * snapshots. The public {@code Database} and {@code Table} classes are thin faces over it.
 *
 * <p>Locks, always taken in this order: {@code ddlLock}, a table's {@code manifestLock}, {@code
 * commitLock}, the snapshot lock. Commits append to the WAL and the active blocks under {@code
 * commitLock}, sync outside it (so concurrent commits share an fsync), then publish under the
 * snapshot write lock; a snapshot is captured under its read lock, so it sees every commit of every
 * table whole or not at all.
 */
public final class Engine implements Closeable {
  private static final System.Logger LOG = System.getLogger(Engine.class.getName());
  private static final Pattern TABLE_NAME =
      Pattern.compile("[\\p{L}\\p{N}_$][\\p{L}\\p{N}_$-]{0,127}");

  final Path directory;
  final DatabaseOptions options;
  final FileIO io;
  private final Closeable lock;
  private final CatalogStore catalogStore;
  private volatile Catalog catalog;
  private final Map<String, TableStore> tables = new ConcurrentHashMap<>();
  private final Map<Long, TableStore> tablesById = new ConcurrentHashMap<>();
  final Object ddlLock = new Object();
  final Object commitLock = new Object();
  final ReentrantReadWriteLock snapshotLock = new ReentrantReadWriteLock();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

  /** The largest commit encode buffer kept for the next commit (a 10,000-row batch is ~0.3 MB). */
  private static final int KEPT_ENCODE_BUFFER_SIZE = 4 << 20;

  // One buffer is enough for one committing thread; concurrent committers encode into fresh ones.
  private final AtomicReference<ByteBuffer> spareEncodeBuffer = new AtomicReference<>();
  Wal wal;
  private final BlockMaintenance maintenance;

  /** Cached footers and page indexes of the cold blocks read most recently, and decoded pages. */
  final BlockLayouts layouts;

  /** Reads index files into memory in the background as they open. */
  final IndexPreloader preloader;

  private volatile RuntimeException failure;
  private volatile boolean closed;
  private volatile boolean abrupt;

  private Engine(Path directory, DatabaseOptions options, Closeable lock) {
    this.directory = directory;
    this.options = options;
    this.layouts =
        new BlockLayouts(
            BlockLayouts.DEFAULT_CAPACITY,
            options.pageCacheBytes() == 0 ? null : new PageCache(options.pageCacheBytes()));
    this.io = options.fileIO();
    this.preloader = new IndexPreloader(options.indexPreloadBytes(), directory);
    this.lock = lock;
    this.catalogStore = new CatalogStore(io, directory);
    this.maintenance = new BlockMaintenance(this);
  }

  /** A commit whose rows become visible once its LSN is durable. */
  private record Pending(long lsn, List<TableStore.Position> positions) {}

  /** Opens (creating if needed) the database in {@code directory}: lock, catalog, replay. */
  public static Engine open(Path directory, DatabaseOptions options) {
    FileIO io = options.fileIO();
    Path absolute = directory.toAbsolutePath().normalize();
    Closeable lock;
    try {
      io.createDirectories(absolute);
      lock = io.tryLock(absolute.resolve("LOCK"));
    } catch (IOException e) {
      throw storageError("cannot open database " + absolute, e);
    }
    if (lock == null) {
      throw new DatabaseLockedException(absolute.toString());
    }
    Engine engine = new Engine(absolute, options, lock);
    try {
      Recovery.recover(engine);
      engine.maintenance.start();
      return engine;
    } catch (IOException | RuntimeException e) {
      engine.closeQuietly(-1);
      if (e instanceof BacktraceException be) {
        throw be;
      }
      if (e instanceof IOException ioe) {
        throw storageError("cannot open database " + absolute, ioe);
      }
      throw (RuntimeException) e;
    }
  }

  // ---- catalog -------------------------------------------------------------------------------

  Catalog catalog() {
    return catalog;
  }

  void setCatalog(Catalog value) {
    catalog = value;
  }

  CatalogStore catalogStore() {
    return catalogStore;
  }

  Path tableDirectory(String name) {
    return directory.resolve("tables").resolve(name);
  }

  void register(TableStore store) {
    tables.put(store.name(), store);
    tablesById.put(store.entry.id(), store);
  }

  TableStore tableById(long id) {
    return tablesById.get(id);
  }

  /** The table named {@code name}, or null. */
  public TableStore table(String name) {
    return tables.get(name);
  }

  /** All tables, in creation order. */
  public List<TableStore> tables() {
    List<TableStore> list = new ArrayList<>();
    for (TableEntry entry : catalog.tables().values()) {
      TableStore store = tables.get(entry.name());
      if (store != null) {
        list.add(store);
      }
    }
    return list;
  }

  /** Raised by every CREATE and DROP, so that cached plans can tell the tables changed. */
  private final AtomicLong catalogVersion = new AtomicLong();

  void bumpCatalogVersion() {
    catalogVersion.incrementAndGet();
  }

  /** A number that grows whenever a table or an index is created or dropped. */
  public long catalogVersion() {
    return catalogVersion.get();
  }

  /**
   * Creates a table, or returns the existing one when a table of that name has the same schema (the
   * original design's "create recovers an existing table").
   */
  public TableStore createTable(String name, Schema schema, TableOptions tableOptions) {
    ensureOpen();
    validate(name, schema, tableOptions);
    synchronized (ddlLock) {
      TableStore existing = tables.get(name);
      if (existing != null) {
        if (!existing.schema().equals(schema)) {
          throw new IllegalArgumentException(
              "table '"
                  + name
                  + "' already exists with columns "
                  + existing.schema()
                  + ", not "
                  + schema);
        }
        return existing;
      }
      TableEntry entry = new TableEntry(catalog.nextTableId(), name, schema, tableOptions);
      Path tableDirectory = tableDirectory(name);
      ManifestStore manifests = new ManifestStore(io, tableDirectory, schema);
      // The table has no rows in the log so far: its manifest says so before the catalog names
      // it, or the replay point of the next open could fall into segments already released.
      // (BlockMaintenance releases segments under ddlLock, so none go while this runs.)
      Manifest manifest = Manifest.empty(entry.id()).withFlushedLsn(wal.lastLsn());
      try {
        io.createDirectories(tableDirectory.resolve("blocks"));
        io.syncDirectory(tableDirectory.getParent());
        manifests.write(manifest);
        Catalog next = catalog.withTable(entry);
        catalogStore.write(next);
        catalog = next;
      } catch (IOException e) {
        throw storageError("cannot create table '" + name + "'", e);
      }
      TableStore store = new TableStore(entry, tableDirectory, manifests);
      if (tableOptions.isSeries()) {
        store.setSeries(SeriesRegistry.empty(SeriesLayout.of(name, schema, tableOptions), schema));
      }
      store.initialize(manifest, List.of());
      register(store);
      catalogVersion.incrementAndGet();
      return store;
    }
  }

  private static void validate(String name, Schema schema, TableOptions tableOptions) {
    if (name == null || !TABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid table name '" + name + "': use letters, digits, '_', '$' and '-' (at most 128)");
    }
    String time = tableOptions.timeColumn();
    if (time != null) {
      int ordinal = schema.ordinalOf(time);
      if (ordinal < 0) {
        throw new IllegalArgumentException(
            "time_column '" + time + "' is not a column of table '" + name + "' " + schema.names());
      }
      if (!schema.column(ordinal).type().canBeTimeColumn()) {
        throw new IllegalArgumentException(
            "time_column '"
                + time
                + "' of table '"
                + name
                + "' must be TIMESTAMP or BIGINT, not "
                + schema.column(ordinal).type());
      }
    }
    if (tableOptions.isSeries()) {
      SeriesLayout.of(name, schema, tableOptions);
    }
  }

  /** Drops a table and deletes its files; returns false when there is no such table. */
  public boolean dropTable(String name) {
    ensureOpen();
    synchronized (ddlLock) {
      TableStore store = tables.get(name);
      if (store == null) {
        return false;
      }
      synchronized (store.manifestLock) {
        synchronized (commitLock) {
          store.markDropped();
        }
        Indexes.close(store);
        try {
          Catalog next = catalog.withoutTable(name);
          catalogStore.write(next);
          catalog = next;
        } catch (IOException e) {
          throw storageError("cannot drop table '" + name + "'", e);
        }
        tables.remove(name);
        catalogVersion.incrementAndGet();
        tablesById.remove(store.entry.id());
        Recovery.deleteTree(io, store.directory);
      }
      return true;
    }
  }

  // ---- commits -------------------------------------------------------------------------------

  /** Rows for one table in a commit. */
  public record Part(TableStore table, RowBatch rows) {}

  /**
   * Commits rows for one or more tables atomically: one WAL record, visible to new snapshots all at
   * once when durable (per the durability mode). Returns the commit's LSN.
   */
  public long commit(List<Part> parts) {
    return commit(parts, options.durability());
  }

  /**
   * Commits like {@link #commit(List)} with {@code durability} for this commit alone: a weaker mode
   * than the database's returns without waiting for the fsync (and makes the commit, with any
   * earlier ones still waiting for theirs, visible at once); a stronger one is capped at the
   * database's mode.
   */
  public long commit(List<Part> parts, Durability durability) {
    ensureOpen();
    List<CommitCodec.Entry> entries = new ArrayList<>(parts.size());
    for (Part part : parts) {
      if (!part.rows().schema().equals(part.table().schema())) {
        throw new IllegalArgumentException(
            "cannot append to table '"
                + part.table().name()
                + "': the batch has columns "
                + part.rows().schema()
                + ", the table has "
                + part.table().schema());
      }
      if (part.rows().rowCount() > 0) {
        maintenance.awaitFlushCapacity(part.table());
        entries.add(
            new CommitCodec.Entry(
                part.table().entry.id(), part.rows().columns(), part.rows().rowCount()));
      }
    }
    if (entries.isEmpty()) {
      return wal.lastLsn();
    }
    ByteBuffer payload = CommitCodec.encode(entries, spareEncodeBuffer.getAndSet(null));
    long lsn;
    List<TableStore> sealed = new ArrayList<>();
    try {
      lsn = appendUnderLock(parts, payload, sealed);
    } finally {
      // The log has copied the payload (or failed): the buffer can serve the next commit.
      if (payload.capacity() <= KEPT_ENCODE_BUFFER_SIZE) {
        spareEncodeBuffer.set(payload);
      }
    }
    for (TableStore store : sealed) {
      maintenance.requestFlush(store);
    }
    try {
      wal.sync(lsn, durability);
    } catch (RuntimeException e) {
      throw fail(e);
    }
    CrashPoints.reach(CrashPoints.COMMIT_AFTER_WAL_SYNC);
    publish(lsn);
    return lsn;
  }

  /**
   * Under the commit lock: checks the tables and unique keys, appends {@code payload} to the log,
   * appends the rows to the active blocks (invisible until published) and queues the commit as
   * pending; adds the tables whose active block was sealed to {@code sealed}. Returns the LSN.
   */
  private long appendUnderLock(List<Part> parts, ByteBuffer payload, List<TableStore> sealed) {
    long lsn;
    synchronized (commitLock) {
      ensureOpen();
      for (Part part : parts) {
        if (part.table().isDropped()) {
          throw new NoSuchTableException("table '" + part.table().name() + "' was dropped");
        }
      }
      UniqueChecks.check(parts);
      for (Part part : parts) {
        SeriesRegistry series = part.table().series();
        if (series != null) {
          series.check(part.table().name(), part.rows().columns(), part.rows().rowCount());
        }
      }
      try {
        lsn = wal.append(payload);
      } catch (RuntimeException e) {
        throw fail(e);
      }
      CrashPoints.reach(CrashPoints.COMMIT_AFTER_WAL_WRITE);
      List<TableStore.Position> positions = new ArrayList<>(parts.size());
      for (Part part : parts) {
        if (part.rows().rowCount() == 0) {
          continue;
        }
        int sealedBefore = part.table().state().sealed().size();
        positions.add(part.table().append(part.rows().columns(), part.rows().rowCount(), lsn));
        if (part.table().state().sealed().size() > sealedBefore) {
          sealed.add(part.table());
        }
      }
      pending.add(new Pending(lsn, positions));
    }
    return lsn;
  }

  /** Makes every pending commit up to {@code lsn} visible. */
  private void publish(long lsn) {
    snapshotLock.writeLock().lock();
    try {
      Pending next;
      while ((next = pending.peek()) != null && next.lsn() <= lsn) {
        pending.poll();
        for (TableStore.Position position : next.positions()) {
          position.block().publish(position.endRow());
        }
      }
    } finally {
      snapshotLock.writeLock().unlock();
    }
    maintenance.signalPublished();
  }

  /** Records a fatal WAL failure: this and every later commit fails until the database reopens. */
  private RuntimeException fail(RuntimeException cause) {
    RuntimeException error =
        cause instanceof StorageException ? cause : storageError("write-ahead log failed", cause);
    if (failure == null) {
      failure = error;
      LOG.log(
          System.Logger.Level.ERROR, "database " + directory + " stops accepting commits", cause);
    }
    return error;
  }

  /** The fatal failure that stopped commits, or null. */
  public RuntimeException failure() {
    return failure;
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("database " + directory + " is closed");
    }
    RuntimeException failed = failure;
    if (failed != null) {
      throw new StorageException(
          "database " + directory + " stopped accepting commits after a write failure; reopen it",
          failed);
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** A consistent snapshot of one table; close it when done. */
  public TableSnapshot snapshot(TableStore store) {
    if (closed) {
      throw new IllegalStateException("database " + directory + " is closed");
    }
    snapshotLock.readLock().lock();
    try {
      TableState state = store.state();
      List<ColdBlock> cold = new ArrayList<>(state.cold());
      List<ScanBlock> blocks = new ArrayList<>(cold.size() + state.sealed().size() + 1);
      for (ColdBlock block : cold) {
        block.acquire();
        blocks.add(store.scanBlock(block, layouts));
      }
      for (ActiveBlock block : state.sealed()) {
        blocks.add(new MemoryScanBlock(block, block.visibleRows()));
      }
      blocks.add(new MemoryScanBlock(state.active(), state.active().visibleRows()));
      long cutoff = store.retentionCutoff(options.clock().millis());
      Predicate retention =
          cutoff == Long.MIN_VALUE
              ? null
              : Predicate.ge(store.schema().column(store.timeOrdinal).name(), cutoff);
      return new TableSnapshot(store.name(), store.schema(), cold, blocks, retention);
    } finally {
      snapshotLock.readLock().unlock();
    }
  }

  /** The background flush, compaction and retention work. */
  public BlockMaintenance maintenance() {
    return maintenance;
  }

  /** The write-ahead log. */
  public Wal wal() {
    return wal;
  }

  /** The database directory. */
  public Path directory() {
    return directory;
  }

  /** The cache of decoded pages now. */
  public CacheStats pageCacheStats() {
    PageCache pages = layouts.pages();
    return pages == null ? new CacheStats(0, 0, 0, 0, 0) : pages.stats();
  }

  /** The options the database was opened with. */
  public DatabaseOptions options() {
    return options;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Override
  public void close() {
    if (closed) {
      return;
    }
    long released = -1;
    try {
      if (failure == null) {
        released = maintenance.checkpointOnClose();
      }
    } finally {
      closeQuietly(released);
    }
  }

  /**
   * Stops as a crashed process would: no flush, no final WAL sync, no cleanup beyond releasing
   * threads and the directory lock. For crash tests that reopen in the same JVM.
   */
  public void closeAbruptly() {
    abrupt = true;
    closeQuietly(-1);
  }

  /** Stops threads, closes the WAL (deleting it up to {@code released} when not -1), unlocks. */
  private void closeQuietly(long released) {
    closed = true;
    maintenance.stop();
    preloader.close();
    for (TableStore store : tables.values()) {
      for (ColdBlock block : store.state().cold()) {
        block.closeChannels();
      }
    }
    if (!abrupt) {
      // After a crash the files stay as they are; after a clean close they are flushed clean.
      for (TableStore store : tables.values()) {
        Indexes.close(store);
      }
    }
    try {
      if (wal != null) {
        if (released >= 0) {
          wal.closeReleasing(released);
        } else {
          wal.close();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the WAL of " + directory + " failed", e);
    } finally {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "releasing the lock of " + directory + " failed", e);
      }
    }
  }

  /** Whether the engine was closed. */
  public boolean isClosed() {
    return closed;
  }

  /** An unchecked error for an I/O failure, {@link DiskFullException} when the device is full. */
  public static StorageException storageError(String message, Throwable cause) {
    if (cause instanceof StorageException storage) {
      return storage;
    }
    String detail = String.valueOf(cause.getMessage());
    if (detail.contains("No space left on device") || detail.contains("ENOSPC")) {
      return new DiskFullException(message + ": disk full (" + detail + ")", cause);
    }
    if (cause instanceof CorruptionException corruption) {
      throw corruption;
    }
    return new StorageException(message + ": " + detail, cause);
  }
}
