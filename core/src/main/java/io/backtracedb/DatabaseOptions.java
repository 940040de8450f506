package io.backtracedb;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of an open database. Immutable; each {@code with} returns a copy. */
public final class DatabaseOptions {
  /** 1 GiB: the index files preloaded by default, in all. */
  public static final long DEFAULT_INDEX_PRELOAD_BYTES = 1L << 30;

  /** The settings while a copy is made: one field changed, then checked by the constructor. */
  private static final class Values {
    Durability durability = Durability.SYNC;
    Duration syncInterval = Duration.ofMillis(100);
    long walSegmentBytes = 64L << 20;
    RecoveryMode recoveryMode = RecoveryMode.STRICT;
    FileIO fileIO = LocalFileIO.INSTANCE;
    Clock clock = Clock.systemUTC();
    boolean backgroundFlush = true;
    int maxSealedBlocks = 2;
    long pageCacheBytes = io.backtracedb.block.PageCache.DEFAULT_BYTES;
    long indexPreloadBytes = DEFAULT_INDEX_PRELOAD_BYTES;
  }

  private final Durability durability;
  private final Duration syncInterval;
  private final long walSegmentBytes;
  private final RecoveryMode recoveryMode;
  private final FileIO fileIO;
  private final Clock clock;
  private final boolean backgroundFlush;
  private final int maxSealedBlocks;
  private final long pageCacheBytes;
  private final long indexPreloadBytes;

  private DatabaseOptions(Values values) {
    this.durability = Objects.requireNonNull(values.durability, "durability");
    Duration syncInterval = Objects.requireNonNull(values.syncInterval, "syncInterval");
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("wal.sync_interval must be positive, got " + syncInterval);
    }
    if (values.walSegmentBytes < 4096) {
      throw new IllegalArgumentException(
          "wal.segment_bytes must be at least 4096, got " + values.walSegmentBytes);
    }
    if (values.maxSealedBlocks < 1) {
      throw new IllegalArgumentException(
          "max_sealed_blocks must be at least 1, got " + values.maxSealedBlocks);
    }
    if (values.pageCacheBytes < 0) {
      throw new IllegalArgumentException(
          "cache.page_bytes cannot be negative, got " + values.pageCacheBytes);
    }
    if (values.indexPreloadBytes < 0) {
      throw new IllegalArgumentException(
          "index.preload_bytes cannot be negative, got " + values.indexPreloadBytes);
    }
    this.syncInterval = syncInterval;
    this.walSegmentBytes = values.walSegmentBytes;
    this.recoveryMode = Objects.requireNonNull(values.recoveryMode, "recoveryMode");
    this.fileIO = Objects.requireNonNull(values.fileIO, "fileIO");
    this.clock = Objects.requireNonNull(values.clock, "clock");
    this.backgroundFlush = values.backgroundFlush;
    this.maxSealedBlocks = values.maxSealedBlocks;
    this.pageCacheBytes = values.pageCacheBytes;
    this.indexPreloadBytes = values.indexPreloadBytes;
  }

  /** A copy of these settings with {@code change} made to them, checked like any. */
  private DatabaseOptions with(Consumer<Values> change) {
    Values values = new Values();
    values.durability = durability;
    values.syncInterval = syncInterval;
    values.walSegmentBytes = walSegmentBytes;
    values.recoveryMode = recoveryMode;
    values.fileIO = fileIO;
    values.clock = clock;
    values.backgroundFlush = backgroundFlush;
    values.maxSealedBlocks = maxSealedBlocks;
    values.pageCacheBytes = pageCacheBytes;
    values.indexPreloadBytes = indexPreloadBytes;
    change.accept(values);
    return new DatabaseOptions(values);
  }

  /**
   * Durable commits (sync), 100 ms async interval, 64 MiB WAL segments, strict recovery, 64 MiB of
   * cached decoded pages, 1 GiB of index files preloaded.
   */
  public static DatabaseOptions defaults() {
    return new DatabaseOptions(new Values());
  }

  /** When commits reach stable storage. */
  public Durability durability() {
    return durability;
  }

  /** How often the {@code async} mode fsyncs the WAL. */
  public Duration syncInterval() {
    return syncInterval;
  }

  /** The size at which a WAL segment is closed and a new one started. */
  public long walSegmentBytes() {
    return walSegmentBytes;
  }

  /** What opening does with a damaged WAL. */
  public RecoveryMode recoveryMode() {
    return recoveryMode;
  }

  /** The file layer (tests inject faults through it). */
  public FileIO fileIO() {
    return fileIO;
  }

  /** The clock retention measures age against. */
  public Clock clock() {
    return clock;
  }

  /** Whether sealed blocks are flushed by a background thread (otherwise only by flush()). */
  public boolean backgroundFlush() {
    return backgroundFlush;
  }

  /**
   * Sealed blocks a table may hold waiting for flush before commits wait (back-pressure); while the
   * table's background flush is failing, such commits fail with a {@link StorageException}.
   */
  public int maxSealedBlocks() {
    return maxSealedBlocks;
  }

  /** Bytes of decoded data pages kept for lookups that come back to them; 0 keeps none. */
  public long pageCacheBytes() {
    return pageCacheBytes;
  }

  /**
   * Bytes of index files, in all, read into memory in the background as they open, so that lookups
   * do not wait for the disk or a page fault the first time they reach a leaf; an index file that
   * would take the total past it is not preloaded. 0 preloads none.
   */
  public long indexPreloadBytes() {
    return indexPreloadBytes;
  }

  /** A copy with {@code value} durability. */
  public DatabaseOptions withDurability(Durability value) {
    return with(values -> values.durability = value);
  }

  /** A copy with the async fsync interval. */
  public DatabaseOptions withSyncInterval(Duration value) {
    return with(values -> values.syncInterval = value);
  }

  /** A copy with the WAL segment size. */
  public DatabaseOptions withWalSegmentBytes(long value) {
    return with(values -> values.walSegmentBytes = value);
  }

  /** A copy with the recovery mode. */
  public DatabaseOptions withRecoveryMode(RecoveryMode value) {
    return with(values -> values.recoveryMode = value);
  }

  /** A copy with another file layer. */
  public DatabaseOptions withFileIO(FileIO value) {
    return with(values -> values.fileIO = value);
  }

  /** A copy with another clock. */
  public DatabaseOptions withClock(Clock value) {
    return with(values -> values.clock = value);
  }

  /** A copy with background flushing on or off. */
  public DatabaseOptions withBackgroundFlush(boolean value) {
    return with(values -> values.backgroundFlush = value);
  }

  /** A copy with the sealed-block back-pressure limit. */
  public DatabaseOptions withMaxSealedBlocks(int value) {
    return with(values -> values.maxSealedBlocks = value);
  }

  /** A copy with the page cache bound, in bytes of decoded values; 0 turns the cache off. */
  public DatabaseOptions withPageCacheBytes(long value) {
    return with(values -> values.pageCacheBytes = value);
  }

  /** A copy with the index preload budget in bytes; 0 turns preloading off. */
  public DatabaseOptions withIndexPreloadBytes(long value) {
    return with(values -> values.indexPreloadBytes = value);
  }
}
