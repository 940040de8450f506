package io.backtracedb.wal;

import io.backtracedb.CorruptionException;
import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.StorageException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A write-ahead log of opaque payloads: each {@link #append} gets the next log sequence number
 * (LSN) and goes to the active segment file in one write; {@link #sync} makes records durable
 * according to the {@link Durability} mode. The format is specified in {@code docs/format/wal.md}.
 *
 * <p><b>Durability.</b> SYNC: {@link #sync} returns once every record up to the LSN is forced;
 * concurrent callers share one force (group commit: the first caller to find its LSN not yet
 * durable becomes the leader, captures the last written LSN, forces, and publishes it; the others
 * wait and find their LSN covered). ASYNC: {@link #sync} returns at once and a daemon thread forces
 * every {@link WalOptions#syncInterval()}. NONE: nothing is ever forced, not even by {@link
 * #close()}, and no directory is synced; a power loss can lose or damage anything written.
 *
 * <p><b>Failure.</b> A failed write or force is fatal for the writer (no retry after a failed
 * fsync): the call throws a {@link StorageException} ({@link io.backtracedb.DiskFullException} for
 * a full disk), and every later {@link #append} or {@link #sync} throws a {@link StorageException}
 * saying that the log failed and the database must be reopened. As a best effort the active segment
 * is cut back: after a failed write to the end of the last complete record, after a failed force to
 * the end of the last forced record, so that a reopened log does not see a record that failed. A
 * record is never reported durable unless a force covering it succeeded.
 *
 * <p>Thread-safe. Appends are serialized; syncs, {@link #segments()}, {@link #releaseUpTo} and
 * {@link #verify()} may run concurrently with them.
 */
public final class Wal implements Closeable {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  /**
   * The largest encode buffer kept between appends (off-heap, so a write needs no copy into a
   * temporary direct buffer); larger records get a one-off heap buffer.
   */
  private static final int KEPT_BUFFER_SIZE = 4 << 20;

  private final FileIO io;
  private final Path directory;
  private final WalOptions options;
  private final boolean durable;
  private final RecoveryReport recoveryReport;
  // The replay point, raised by releaseUpTo: LSN gaps at or below it are not damage.
  private volatile long floorLsn;

  // Lock order: syncLock before appendLock.
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();

  // Guarded by appendLock.
  private SegmentWriter active;
  private final List<SegmentInfo> sealed;
  private final List<SegmentWriter> retired = new ArrayList<>();
  private long nextLsn;
  private ByteBuffer encodeBuffer = ByteBuffer.allocateDirect(4096);
  // Written under appendLock, read without it by sync().
  private volatile boolean closed;

  // Invariant: durableLsn <= writtenLsn, and every record up to durableLsn was forced.
  private volatile long writtenLsn;
  private final AtomicLong durableLsn = new AtomicLong();
  private volatile IOException failure;
  private final PeriodicSync periodicSync;

  private Wal(
      FileIO io, Path directory, WalOptions options, long replayAfterLsn, WalRecovery.Result r) {
    this.io = io;
    this.directory = directory;
    this.options = options;
    this.durable = options.durability() != Durability.NONE;
    this.recoveryReport = r.report();
    this.sealed = new ArrayList<>(r.sealed());
    this.active = r.active();
    this.nextLsn = active.lastLsn() + 1;
    this.writtenLsn = active.lastLsn();
    this.durableLsn.set(active.lastLsn());
    this.floorLsn = replayAfterLsn;
    this.periodicSync =
        options.durability() == Durability.ASYNC
            ? new PeriodicSync(this, options.syncInterval(), directory)
            : null;
  }

  /**
   * Opens (or creates) the log in {@code walDir}: scans every segment in order, hands each intact
   * record with an LSN above {@code replayAfterLsn} to {@code consumer}, repairs damage as {@code
   * mode} allows (see {@link RecoveryMode}), and returns the log ready for appends. A new log, or
   * one that ends at or below {@code replayAfterLsn}, continues at {@code replayAfterLsn + 1}.
   *
   * @throws CorruptionException when damage must not be repaired; records before it may already
   *     have been handed to the consumer, which should discard what it built
   * @throws StorageException when the directory cannot be read or repaired
   */
  public static Wal open(
      FileIO io,
      Path walDir,
      WalOptions options,
      RecoveryMode mode,
      long replayAfterLsn,
      RecordConsumer consumer) {
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(walDir, "walDir");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(consumer, "consumer");
    if (replayAfterLsn < 0) {
      throw new IllegalArgumentException("replayAfterLsn cannot be negative: " + replayAfterLsn);
    }
    boolean durable = options.durability() != Durability.NONE;
    WalRecovery.Result result;
    try {
      result = new WalRecovery(io, walDir, durable, mode, replayAfterLsn, consumer).run();
    } catch (IOException e) {
      throw StorageErrors.of("cannot open write-ahead log " + walDir, e);
    }
    Wal wal = new Wal(io, walDir, options, replayAfterLsn, result);
    if (wal.periodicSync != null) {
      wal.periodicSync.start();
    }
    return wal;
  }

  /**
   * Appends a record holding {@code payload}'s remaining bytes and returns its LSN. The buffer's
   * position is not changed and the caller keeps it. The record is written but not durable: call
   * {@link #sync} with the LSN before acknowledging it.
   *
   * @throws StorageException when the write fails (the log is then failed) or the log has failed
   * @throws IllegalArgumentException when the payload is larger than 1 GiB
   * @throws IllegalStateException when the log is closed
   */
  public long append(ByteBuffer payload) {
    int size = payload.remaining();
    if (size > WalFormat.MAX_PAYLOAD_SIZE) {
      throw new IllegalArgumentException(
          "cannot append to write-ahead log "
              + directory
              + ": payload of "
              + size
              + " bytes exceeds the limit of "
              + WalFormat.MAX_PAYLOAD_SIZE);
    }
    appendLock.lock();
    try {
      checkUsable();
      long recordSize = WalFormat.recordSize(size);
      if (active.hasRecords() && active.position() + recordSize > options.segmentSize()) {
        rotate();
      }
      long lsn = nextLsn;
      ByteBuffer record = WalFormat.encodeRecord(bufferFor((int) recordSize), lsn, payload);
      long before = active.position();
      try {
        active.append(record, lsn);
      } catch (IOException e) {
        throw fail("cannot append record " + lsn + " to write-ahead log " + directory, e, before);
      }
      nextLsn = lsn + 1;
      writtenLsn = lsn;
      return lsn;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Makes every record up to {@code lsn} durable as the durability mode promises: in SYNC mode
   * returns once they are forced (sharing one force with concurrent callers); in ASYNC and NONE
   * modes returns at once. An LSN that is already durable returns at once.
   *
   * @throws StorageException when the force fails (the log is then failed) or the log has failed
   * @throws IllegalArgumentException when {@code lsn} was not appended yet
   * @throws IllegalStateException when the log is closed
   */
  public void sync(long lsn) {
    sync(lsn, options.durability());
  }

  /**
   * Like {@link #sync(long)} for one commit that asked for {@code requested}: a weaker mode than
   * the log's returns at once; a stronger one is capped at the log's mode, which decided how
   * segments were created.
   */
  public void sync(long lsn, Durability requested) {
    checkUsable();
    if (lsn > writtenLsn) {
      throw new IllegalArgumentException(
          "cannot sync LSN " + lsn + ": the last appended LSN is " + writtenLsn);
    }
    if (options.durability() != Durability.SYNC
        || requested != Durability.SYNC
        || durableLsn.get() >= lsn) {
      return;
    }
    syncLock.lock();
    try {
      checkUsable();
      if (durableLsn.get() < lsn) {
        forceWritten();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** Forces everything written so far, as the background thread of ASYNC mode does. */
  void syncWritten() {
    syncLock.lock();
    try {
      if (failure == null && writtenLsn > durableLsn.get()) {
        forceWritten();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** The LSN of the last record appended (or recovered), or the LSN before the first one. */
  public long lastLsn() {
    return writtenLsn;
  }

  /** The highest LSN known to be forced to stable storage (never above {@link #lastLsn()}). */
  public long durableLsn() {
    return durableLsn.get();
  }

  /** Whether a write or force failed; the log then takes no more records until reopened. */
  public boolean failed() {
    return failure != null;
  }

  /** The options the log was opened with. */
  public WalOptions options() {
    return options;
  }

  /** The directory holding the segments. */
  public Path directory() {
    return directory;
  }

  /** What opening the log found and repaired. */
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  /**
   * Deletes every sealed segment whose records all have an LSN at or below {@code lsn} (the active
   * segment is never deleted), then syncs the directory. Returns the number of segments deleted.
   *
   * @throws StorageException when a deletion or the directory sync fails; the log stays usable
   */
  public int releaseUpTo(long lsn) {
    syncLock.lock();
    try {
      List<SegmentInfo> covered = new ArrayList<>();
      List<SegmentWriter> toClose;
      appendLock.lock();
      try {
        checkOpen();
        for (SegmentInfo segment : sealed) {
          if (segment.lastLsn() > lsn) {
            break;
          }
          covered.add(segment);
        }
        toClose = drainRetired();
      } finally {
        appendLock.unlock();
      }
      closeAll(toClose);
      int deleted = 0;
      try {
        for (SegmentInfo segment : covered) {
          io.delete(segment.file());
          appendLock.lock();
          try {
            sealed.remove(segment);
          } finally {
            appendLock.unlock();
          }
          deleted++;
        }
        if (deleted > 0 && durable) {
          io.syncDirectory(directory);
        }
      } catch (IOException e) {
        throw StorageErrors.of("cannot delete released segments of " + directory, e);
      }
      floorLsn = Math.max(floorLsn, lsn);
      if (deleted > 0) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "Released {0} WAL segments of {1} up to LSN {2}",
            deleted,
            directory,
            lsn);
      }
      return deleted;
    } finally {
      syncLock.unlock();
    }
  }

  /** The segments, oldest first, the active one last. */
  public List<SegmentInfo> segments() {
    appendLock.lock();
    try {
      List<SegmentInfo> all = new ArrayList<>(sealed);
      all.add(active.info(SegmentInfo.ACTIVE));
      return all;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Reads every segment and checks headers, checksums and LSN order without changing anything. Safe
   * while appends continue: the active segment is read up to the last complete record.
   *
   * @throws StorageException when a segment cannot be read
   */
  public VerifyReport verify() {
    List<SegmentInfo> snapshot = segments();
    try {
      return WalVerifier.verify(io, snapshot, floorLsn);
    } catch (IOException e) {
      throw StorageErrors.of("cannot verify write-ahead log " + directory, e);
    }
  }

  /**
   * Checks the log in {@code walDir}, which no {@link Wal} has open, without changing anything;
   * {@code replayAfterLsn} is the replay point the next open would use (gaps at or below it are
   * allowed).
   */
  public static VerifyReport verify(FileIO io, Path walDir, long replayAfterLsn) {
    try {
      return WalVerifier.verify(io, WalVerifier.listSegments(io, walDir), replayAfterLsn);
    } catch (IOException e) {
      throw StorageErrors.of("cannot verify write-ahead log " + walDir, e);
    }
  }

  /**
   * Stops the background thread, forces pending records (SYNC and ASYNC modes, unless the log
   * failed) and closes the segment files. Idempotent.
   *
   * @throws StorageException when the final force fails; the files are closed anyway
   */
  @Override
  public void close() {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      appendLock.unlock();
    }
    if (periodicSync != null) {
      periodicSync.stop();
    }
    StorageException error = null;
    syncLock.lock();
    try {
      if (durable && failure == null) {
        try {
          forceWritten();
        } catch (StorageException e) {
          error = e;
        }
      }
      List<SegmentWriter> toClose;
      appendLock.lock();
      try {
        toClose = drainRetired();
        toClose.add(active);
      } finally {
        appendLock.unlock();
      }
      closeAll(toClose);
    } finally {
      syncLock.unlock();
    }
    if (error != null) {
      throw error;
    }
  }

  /**
   * Closes the log and, when {@code lsn} covers every record and nothing failed, deletes all its
   * segments: their rows are flushed elsewhere, and the next open starts a new segment after its
   * replay point. A clean close of a database ends this way, so it leaves no log to replay.
   */
  public void closeReleasing(long lsn) {
    List<SegmentInfo> segments;
    long last;
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      segments = segments();
      last = lastLsn();
    } finally {
      appendLock.unlock();
    }
    close();
    if (lsn < last || failure != null) {
      return;
    }
    try {
      for (SegmentInfo segment : segments) {
        io.delete(segment.file());
      }
      if (durable) {
        io.syncDirectory(directory);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete the released log of " + directory, e);
    }
  }

  /** Forces the active segment up to the last written record; the caller holds syncLock. */
  private void forceWritten() {
    SegmentWriter segment;
    long target;
    long offset;
    List<SegmentWriter> toClose;
    appendLock.lock();
    try {
      segment = active;
      target = writtenLsn;
      offset = segment.position();
      toClose = drainRetired();
    } finally {
      appendLock.unlock();
    }
    // Retired segments were forced when sealed; only syncLock holders close them, so a force of
    // a segment that was just sealed never races with its close.
    closeAll(toClose);
    if (target <= durableLsn.get()) {
      return;
    }
    try {
      segment.force();
    } catch (IOException e) {
      appendLock.lock();
      try {
        throw fail("cannot force write-ahead log " + directory, e, active.durableOffset());
      } finally {
        appendLock.unlock();
      }
    }
    segment.markDurable(offset);
    durableLsn.accumulateAndGet(target, Math::max);
  }

  /** Seals the active segment and starts the next; the caller holds appendLock. */
  private void rotate() {
    SegmentWriter old = active;
    try {
      if (durable) {
        // Forced before the next segment exists, so damage is only ever in the last segment.
        old.force();
        old.markDurable(old.position());
        durableLsn.accumulateAndGet(old.lastLsn(), Math::max);
      }
    } catch (IOException e) {
      throw fail("cannot seal write-ahead log segment " + old.path(), e, old.durableOffset());
    }
    SegmentWriter next;
    try {
      next = SegmentWriter.create(io, directory, old.sequence() + 1, nextLsn, durable);
    } catch (IOException e) {
      throw fail("cannot start a new write-ahead log segment in " + directory, e, old.position());
    }
    sealed.add(old.info(SegmentInfo.SEALED));
    if (durable) {
      retired.add(old);
    } else {
      // Nothing forces in NONE mode, so nothing can be using the old segment.
      closeAll(List.of(old));
    }
    active = next;
  }

  /**
   * Marks the log failed after {@code cause}, cuts the active segment back to {@code truncateTo}
   * (best effort), and returns the exception for the failing call; the caller holds appendLock.
   */
  private StorageException fail(String message, IOException cause, long truncateTo) {
    if (failure == null) {
      failure = cause;
    }
    try {
      active.truncate(truncateTo);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
    LOG.log(
        System.Logger.Level.ERROR,
        "Write-ahead log {0} failed; it accepts no more records until reopened: {1}: {2}",
        directory,
        message,
        cause.getMessage());
    return StorageErrors.of(message, cause);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + directory + " is closed");
    }
  }

  private void checkUsable() {
    checkOpen();
    IOException cause = failure;
    if (cause != null) {
      throw new StorageException(
          "write-ahead log "
              + directory
              + " failed after an I/O error and accepts no more records; reopen the database",
          cause);
    }
  }

  private ByteBuffer bufferFor(int size) {
    if (encodeBuffer.capacity() >= size) {
      return encodeBuffer;
    }
    if (size > KEPT_BUFFER_SIZE) {
      return ByteBuffer.allocate(size);
    }
    // Grown at least twofold, so a log whose records slowly grow reallocates rarely.
    encodeBuffer =
        ByteBuffer.allocateDirect(
            Math.min(KEPT_BUFFER_SIZE, Math.max(size, encodeBuffer.capacity() * 2)));
    return encodeBuffer;
  }

  private List<SegmentWriter> drainRetired() {
    List<SegmentWriter> drained = new ArrayList<>(retired);
    retired.clear();
    return drained;
  }

  private void closeAll(List<SegmentWriter> writers) {
    for (SegmentWriter writer : writers) {
      try {
        writer.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot close WAL segment " + writer.path(), e);
      }
    }
  }
}
