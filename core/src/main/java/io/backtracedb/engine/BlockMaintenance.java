package io.backtracedb.engine;

import io.backtracedb.DiskFullException;
import io.backtracedb.StorageException;
import io.backtracedb.active.ActiveBlock;
import io.backtracedb.block.BlockWriteOptions;
import io.backtracedb.block.BlockWriter;
import io.backtracedb.block.WrittenBlock;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.catalog.Manifest;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.wal.SegmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves data out of memory and keeps the cold tier tidy: flushes sealed blocks to Parquet, merges
 * small adjacent blocks, and drops blocks past a table's TTL. Each change is published by an atomic
 * manifest replacement and a state swap under the snapshot write lock; replaced files are deleted
 * only when the last snapshot using them closes.
 *
 * <p>Work runs on one background thread per database (so writers never wait for it, unless too many
 * sealed blocks are queued), or on the caller's thread for explicit flush/compact calls.
 */
public final class BlockMaintenance {
  private static final System.Logger LOG = System.getLogger(BlockMaintenance.class.getName());

  /** How often retention runs even without flushes. */
  private static final long RETENTION_PERIOD_SECONDS = 30;

  /** Delay before a failed flush is tried again. */
  private static final long RETRY_DELAY_MILLIS = 1000;

  private final Engine engine;
  private final Object published = new Object();
  private ScheduledExecutorService background;

  BlockMaintenance(Engine engine) {
    this.engine = engine;
  }

  io.backtracedb.io.FileIO io() {
    return engine.io;
  }

  void start() {
    background =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "backtrace-maintenance " + engine.directory);
              thread.setDaemon(true);
              return thread;
            });
    if (engine.options.backgroundFlush()) {
      for (TableStore store : engine.tables()) {
        if (!store.state().sealed().isEmpty()) {
          requestFlush(store);
        }
      }
      background.scheduleWithFixedDelay(
          this::applyRetentionQuietly,
          RETENTION_PERIOD_SECONDS,
          RETENTION_PERIOD_SECONDS,
          TimeUnit.SECONDS);
    }
  }

  void stop() {
    ExecutorService executor = background;
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Asks the background thread to flush the table's sealed blocks. */
  void requestFlush(TableStore store) {
    if (engine.options.backgroundFlush() && background != null && !background.isShutdown()) {
      background.execute(() -> flushInBackground(store));
    }
  }

  private void flushInBackground(TableStore store) {
    if (engine.isClosed() || store.isDropped() || engine.failure() != null) {
      return;
    }
    try {
      flushSealed(store);
    } catch (IOException | RuntimeException e) {
      store.setLastFlushError(e);
      LOG.log(
          System.Logger.Level.WARNING, "flush of table '" + store.name() + "' failed; retrying", e);
      if (!background.isShutdown()) {
        background.schedule(
            () -> flushInBackground(store), RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
      }
      return;
    }
    // Not a flush failure: commits do not wait for these, which run again after the next flush.
    try {
      compact(store);
      applyRetention(store);
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "compaction or retention of table '" + store.name() + "' failed",
          e);
    }
  }

  /** Wakes flushes waiting for commits to become visible. */
  void signalPublished() {
    synchronized (published) {
      published.notifyAll();
    }
  }

  /**
   * Blocks a committer while the table has too many sealed blocks waiting for flush. While the
   * background flush of the table fails (it keeps being retried), the commit fails instead of
   * waiting for a flush that may never succeed.
   */
  void awaitFlushCapacity(TableStore store) {
    int limit = engine.options.maxSealedBlocks();
    while (store.state().sealed().size() >= limit
        && engine.failure() == null
        && !engine.isClosed()) {
      if (!engine.options.backgroundFlush()) {
        flushNow(store);
        return;
      }
      Exception flushError = store.lastFlushError();
      if (flushError != null) {
        throw capacityError(store, flushError);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static StorageException capacityError(TableStore store, Exception cause) {
    String message =
        "cannot append to table '"
            + store.name()
            + "': "
            + store.state().sealed().size()
            + " full blocks wait for a flush that failed and is being retried";
    if (cause instanceof DiskFullException) {
      return new DiskFullException(message + ": " + cause.getMessage(), cause);
    }
    if (cause instanceof StorageException) {
      return new StorageException(message + ": " + cause.getMessage(), cause);
    }
    return Engine.storageError(message, cause);
  }

  /** Seals the active block and flushes every sealed block of the table on the caller's thread. */
  public void flushNow(TableStore store) {
    engine.ensureOpen();
    synchronized (engine.commitLock) {
      store.sealActive();
    }
    try {
      flushSealed(store);
      releaseWal();
    } catch (IOException e) {
      throw Engine.storageError("cannot flush table '" + store.name() + "'", e);
    }
  }

  /**
   * The checkpoint of a clean close: flushes every table's in-memory rows (the active block
   * included), merges small blocks, and records in each manifest that the whole log is flushed.
   * Returns the LSN up to which the log may be deleted, or -1 when a flush failed (the log then
   * keeps the rows).
   */
  long checkpointOnClose() {
    boolean flushed = true;
    for (TableStore store : engine.tables()) {
      try {
        synchronized (engine.commitLock) {
          store.sealActive();
        }
        flushSealed(store);
        compact(store);
      } catch (IOException | RuntimeException e) {
        flushed = false;
        LOG.log(
            System.Logger.Level.WARNING,
            "flush on close of '" + store.name() + "' failed; the WAL keeps its rows",
            e);
      }
    }
    if (!flushed || engine.failure() != null) {
      releaseWal();
      return -1;
    }
    long end = engine.wal.lastLsn();
    try {
      synchronized (engine.ddlLock) {
        for (TableStore store : engine.tables()) {
          advanceFlushedLsn(store, end);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "cannot record the checkpoint of " + engine.directory, e);
      return -1;
    }
    return end;
  }

  /** Flushes the table's sealed blocks, oldest first. */
  void flushSealed(TableStore store) throws IOException {
    synchronized (store.manifestLock) {
      while (!store.isDropped()) {
        List<ActiveBlock> sealed = store.state().sealed();
        if (sealed.isEmpty()) {
          break;
        }
        ActiveBlock block = sealed.get(0);
        if (!awaitVisible(block)) {
          return;
        }
        flushBlock(store, block);
      }
    }
    releaseWal();
  }

  /** Waits until every appended row of a sealed block is published (its commits are durable). */
  private boolean awaitVisible(ActiveBlock block) {
    synchronized (published) {
      while (block.visibleRows() < block.rowCount()) {
        if (engine.failure() != null || engine.isClosed()) {
          return false;
        }
        try {
          published.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private void flushBlock(TableStore store, ActiveBlock block) throws IOException {
    int rows = block.rowCount();
    Manifest manifest = store.state().manifest();
    long id = store.allocateBlockId();
    List<ColumnStats> stats = new ArrayList<>();
    for (int i = 0; i < store.schema().size(); i++) {
      stats.add(block.stats(i));
    }
    BlockMeta meta =
        writeBlock(
            store,
            id,
            block.vectors(),
            rows,
            // A series table orders each series' samples itself (SeriesFiles).
            store.series() == null ? store.timeOrder(block, rows) : null,
            block.minLsn(),
            block.maxLsn(),
            stats);
    Manifest next = manifest.withFlushed(meta, block.maxLsn());
    CrashPoints.reach(CrashPoints.FLUSH_BEFORE_MANIFEST);
    store.manifestStore.write(next);
    CrashPoints.reach(CrashPoints.FLUSH_AFTER_MANIFEST);
    ColdBlock cold = new ColdBlock(meta, store.blockPath(meta), engine.io);
    swapState(store, () -> store.setState(store.state().withFlushed(block, cold, next)));
    store.setLastFlushError(null);
    Indexes.afterPublish(store, List.of(cold), List.of());
  }

  /**
   * Writes a block through a temporary file and renames it into place: a Parquet file, or for a
   * series table a chunk file (its label index written first, so that every series id the file
   * names is known before a manifest names the file). {@code order} is the time order of the rows
   * of a Parquet block (null when they are in order); a chunk file orders each series itself.
   */
  BlockMeta writeBlock(
      TableStore store,
      long id,
      io.backtracedb.column.ColumnVector[] vectors,
      int rows,
      int[] order,
      long minLsn,
      long maxLsn,
      List<ColumnStats> stats)
      throws IOException {
    SeriesRegistry series = store.series();
    if (series != null) {
      String fileName = BlockMeta.seriesFileName(id);
      int[] ids = series.idsOf(vectors, 0, rows);
      series.persist(engine.io, store.labelsPath());
      long bytes =
          SeriesFiles.write(
              engine.io,
              store.blocksDirectory.resolve(fileName),
              series.layout(),
              ids,
              vectors,
              rows);
      return new BlockMeta(id, fileName, rows, bytes, minLsn, maxLsn, stats, null);
    }
    String fileName = BlockMeta.fileName(id);
    Path path = store.blocksDirectory.resolve(fileName);
    Path temp = store.blocksDirectory.resolve(fileName + AtomicFile.TEMP_SUFFIX);
    WrittenBlock written;
    try {
      written =
          BlockWriter.write(
              engine.io, temp, store.schema(), vectors, rows, order, BlockWriteOptions.defaults());
      CrashPoints.reach(CrashPoints.FLUSH_AFTER_WRITE);
      engine.io.rename(temp, path);
      engine.io.syncDirectory(store.blocksDirectory);
    } catch (IOException | RuntimeException e) {
      try {
        engine.io.delete(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new BlockMeta(
        id, fileName, rows, written.bytes(), minLsn, maxLsn, stats, written.tail());
  }

  /** Replaces table state under the snapshot write lock and the commit lock. */
  private void swapState(TableStore store, Runnable change) {
    synchronized (engine.commitLock) {
      engine.snapshotLock.writeLock().lock();
      try {
        change.run();
      } finally {
        engine.snapshotLock.writeLock().unlock();
      }
    }
  }

  /**
   * Deletes WAL segments whose records every table has flushed. The next open replays from the
   * lowest flushed LSN of any manifest, so a table with nothing in memory first records in its
   * manifest that the released records hold none of its rows; otherwise its stale flushed LSN would
   * point into deleted segments and the log would be refused as missing records.
   */
  void releaseWal() {
    if (engine.wal == null || engine.failure() != null) {
      return;
    }
    // ddlLock keeps tables from being created or dropped between the scan and the release.
    synchronized (engine.ddlLock) {
      long releasable;
      List<TableStore> tables;
      synchronized (engine.commitLock) {
        releasable = engine.wal.lastLsn();
        tables = engine.tables();
        for (TableStore store : tables) {
          long first = store.state().firstUnflushedLsn();
          if (first != Long.MAX_VALUE) {
            releasable = Math.min(releasable, first - 1);
          }
        }
      }
      long covered = 0;
      for (SegmentInfo segment : engine.wal.segments()) {
        if (!SegmentInfo.SEALED.equals(segment.state()) || segment.lastLsn() > releasable) {
          break;
        }
        covered = segment.lastLsn();
      }
      if (covered == 0) {
        return;
      }
      try {
        for (TableStore store : tables) {
          advanceFlushedLsn(store, covered);
        }
        engine.wal.releaseUpTo(covered);
      } catch (IOException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "cannot release WAL segments of " + engine.directory, e);
      }
    }
  }

  /**
   * Raises the table's flushed LSN to {@code lsn}, which must not be below the LSN of any of its
   * rows still in memory (true for rows appended later, whose LSNs are higher).
   */
  private void advanceFlushedLsn(TableStore store, long lsn) throws IOException {
    synchronized (store.manifestLock) {
      Manifest manifest = store.state().manifest();
      if (store.isDropped() || manifest.flushedLsn() >= lsn) {
        return;
      }
      Manifest next = manifest.withFlushedLsn(lsn);
      store.manifestStore.write(next);
      swapState(store, () -> store.setState(store.state().withCold(store.state().cold(), next)));
    }
  }

  /**
   * Merges runs of adjacent small cold blocks (each under half of block_rows, together at most
   * block_rows) into one block each. Readers and writers are not blocked; snapshots keep the old
   * files until they close.
   */
  public int compact(TableStore store) throws IOException {
    int merged = 0;
    synchronized (store.manifestLock) {
      for (List<ColdBlock> run : Compaction.runs(store)) {
        Compaction.merge(this, store, run);
        merged += run.size();
      }
    }
    return merged;
  }

  /** Publishes a manifest in which {@code removed} blocks are replaced by {@code added}. */
  void replaceBlocks(TableStore store, List<ColdBlock> removed, List<ColdBlock> added)
      throws IOException {
    List<BlockMeta> removedMeta = new ArrayList<>();
    removed.forEach(block -> removedMeta.add(block.meta()));
    List<BlockMeta> addedMeta = new ArrayList<>();
    added.forEach(block -> addedMeta.add(block.meta()));
    Manifest next = store.state().manifest().withReplaced(removedMeta, addedMeta);
    store.manifestStore.write(next);
    swapState(
        store,
        () -> {
          List<ColdBlock> cold = new ArrayList<>(store.state().cold());
          cold.removeAll(removed);
          cold.addAll(added);
          cold.sort((a, b) -> Long.compare(a.meta().id(), b.meta().id()));
          store.setState(store.state().withCold(cold, next));
        });
    // The removed files are still referenced by the manifest's count until released below.
    Indexes.afterPublish(store, added, removed);
    for (ColdBlock block : removed) {
      block.release();
    }
  }

  /** Drops the table's cold blocks whose rows are all past the TTL; returns how many. */
  public int applyRetention(TableStore store) throws IOException {
    synchronized (store.manifestLock) {
      if (store.isDropped()) {
        return 0;
      }
      List<ColdBlock> expired =
          store.expiredBlocks(store.retentionCutoff(engine.options.clock().millis()));
      if (!expired.isEmpty()) {
        replaceBlocks(store, expired, List.of());
        LOG.log(
            System.Logger.Level.INFO,
            "retention dropped " + expired.size() + " blocks of '" + store.name() + "'");
      }
      return expired.size();
    }
  }

  private void applyRetentionQuietly() {
    for (TableStore store : engine.tables()) {
      try {
        applyRetention(store);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "retention of '" + store.name() + "' failed", e);
      }
    }
  }
}
