package io.backtracedb;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Settings of an open database. Immutable; each {@code with} returns a copy. */
public final class DatabaseOptions {
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

  private DatabaseOptions(
      Durability durability,
      Duration syncInterval,
      long walSegmentBytes,
      RecoveryMode recoveryMode,
      FileIO fileIO,
      Clock clock,
      boolean backgroundFlush,
      int maxSealedBlocks,
      long pageCacheBytes,
      long indexPreloadBytes) {
    this.durability = Objects.requireNonNull(durability, "durability");
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("wal.sync_interval must be positive, got " + syncInterval);
    }
    if (walSegmentBytes < 4096) {
      throw new IllegalArgumentException(
          "wal.segment_bytes must be at least 4096, got " + walSegmentBytes);
    }
    if (maxSealedBlocks < 1) {
      throw new IllegalArgumentException(
          "max_sealed_blocks must be at least 1, got " + maxSealedBlocks);
    }
    this.syncInterval = syncInterval;
    this.walSegmentBytes = walSegmentBytes;
    this.recoveryMode = Objects.requireNonNull(recoveryMode, "recoveryMode");
    this.fileIO = Objects.requireNonNull(fileIO, "fileIO");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backgroundFlush = backgroundFlush;
    this.maxSealedBlocks = maxSealedBlocks;
    if (pageCacheBytes < 0) {
      throw new IllegalArgumentException(
          "cache.page_bytes cannot be negative, got " + pageCacheBytes);
    }
    this.pageCacheBytes = pageCacheBytes;
    if (indexPreloadBytes < 0) {
      throw new IllegalArgumentException(
          "index.preload_bytes cannot be negative, got " + indexPreloadBytes);
    }
    this.indexPreloadBytes = indexPreloadBytes;
  }

  /** 1 GiB: the index files preloaded by default, in all. */
  public static final long DEFAULT_INDEX_PRELOAD_BYTES = 1L << 30;

  /**
   * Durable commits (sync), 100 ms async interval, 64 MiB WAL segments, strict recovery, 64 MiB of
   * cached decoded pages, 1 GiB of index files preloaded.
   */
  public static DatabaseOptions defaults() {
    return new DatabaseOptions(
        Durability.SYNC,
        Duration.ofMillis(100),
        64L << 20,
        RecoveryMode.STRICT,
        LocalFileIO.INSTANCE,
        Clock.systemUTC(),
        true,
        2,
        io.backtracedb.block.PageCache.DEFAULT_BYTES,
        DEFAULT_INDEX_PRELOAD_BYTES);
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

  /** A copy with {@code value} durability. */
  public DatabaseOptions withDurability(Durability value) {
    return new DatabaseOptions(
        value,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with the async fsync interval. */
  public DatabaseOptions withSyncInterval(Duration value) {
    return new DatabaseOptions(
        durability,
        value,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with the WAL segment size. */
  public DatabaseOptions withWalSegmentBytes(long value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        value,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with the recovery mode. */
  public DatabaseOptions withRecoveryMode(RecoveryMode value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        value,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with another file layer. */
  public DatabaseOptions withFileIO(FileIO value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        value,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with another clock. */
  public DatabaseOptions withClock(Clock value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        value,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with background flushing on or off. */
  public DatabaseOptions withBackgroundFlush(boolean value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        value,
        maxSealedBlocks,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** A copy with the sealed-block back-pressure limit. */
  public DatabaseOptions withMaxSealedBlocks(int value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        value,
        pageCacheBytes,
        indexPreloadBytes);
  }

  /** Bytes of decoded data pages kept for lookups that come back to them; 0 keeps none. */
  public long pageCacheBytes() {
    return pageCacheBytes;
  }

  /** A copy with the page cache bound, in bytes of decoded values; 0 turns the cache off. */
  public DatabaseOptions withPageCacheBytes(long value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        value,
        indexPreloadBytes);
  }

  /**
   * Bytes of index files, in all, read into memory in the background as they open, so that lookups
   * do not wait for the disk or a page fault the first time they reach a leaf; an index file that
   * would take the total past it is not preloaded. 0 preloads none.
   */
  public long indexPreloadBytes() {
    return indexPreloadBytes;
  }

  /** A copy with the index preload budget in bytes; 0 turns preloading off. */
  public DatabaseOptions withIndexPreloadBytes(long value) {
    return new DatabaseOptions(
        durability,
        syncInterval,
        walSegmentBytes,
        recoveryMode,
        fileIO,
        clock,
        backgroundFlush,
        maxSealedBlocks,
        pageCacheBytes,
        value);
  }
}
