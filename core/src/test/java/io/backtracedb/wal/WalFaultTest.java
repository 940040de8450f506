package io.backtracedb.wal;

import static io.backtracedb.wal.WalTesting.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.DiskFullException;
import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.StorageException;
import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails every I/O call site of a commit workload (the N-th write, force, create, directory sync,
 * ... once and forever, for N = 1, 2, ... until the workload completes), tears writes, and cuts
 * power after the k-th operation; then simulates a crash and checks that every acknowledged record
 * is replayed, nothing unacknowledged appears in part, and the reopened log takes new commits.
 */
@ExtendWith(SeedExtension.class)
class WalFaultTest {
  static final int RECORDS = 12;
  static final WalOptions OPTIONS = WalTesting.options(Durability.SYNC, 150);
  static final List<CrashMode> MODES = List.of(CrashMode.values());

  @TempDir Path root;
  private int runs;

  /** What a workload run achieved before its failure, if any. */
  private record Outcome(long acknowledged, long appended, StorageException failure) {}

  private Path freshDirectory() {
    return root.resolve("run-" + ++runs).resolve("wal");
  }

  /** Appends and syncs records 1..RECORDS until something fails, checking the failure contract. */
  private static Outcome commit(FaultInjectingFileIO io, Path dir, boolean expectDiskFull) {
    Wal wal;
    try {
      wal = Wal.open(io, dir, OPTIONS, RecoveryMode.STRICT, 0, (lsn, payload) -> {});
    } catch (StorageException e) {
      return new Outcome(0, 0, e);
    }
    long acknowledged = 0;
    long appended = 0;
    StorageException failure = null;
    try {
      for (long lsn = 1; lsn <= RECORDS; lsn++) {
        assertEquals(lsn, wal.append(ByteBuffer.wrap(payload(lsn))));
        appended = lsn;
        wal.sync(lsn);
        assertTrue(wal.durableLsn() >= lsn);
        acknowledged = lsn;
      }
    } catch (StorageException e) {
      failure = e;
      if (expectDiskFull) {
        assertInstanceOf(DiskFullException.class, e, e.toString());
      }
      assertTrue(wal.failed());
      StorageException later =
          assertThrows(StorageException.class, () -> wal.append(ByteBuffer.wrap(payload(99))));
      assertTrue(
          later.getMessage().contains("failed") && later.getMessage().contains("reopen"),
          later.getMessage());
      assertThrows(StorageException.class, () -> wal.sync(0));
    }
    try {
      wal.close();
    } catch (StorageException e) {
      failure = failure == null ? e : failure;
    }
    return new Outcome(acknowledged, appended, failure);
  }

  /**
   * After a crash: the log opens in STRICT mode, replays a gap-free run of intact records covering
   * every acknowledged one and none that was not appended, and takes and keeps a new commit.
   */
  private static long checkRecovered(
      FaultInjectingFileIO io, Path dir, Outcome outcome, String what) {
    Map<Long, byte[]> records = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    long last = records.size();
    assertEquals(
        LongStream.rangeClosed(1, last).boxed().toList(),
        List.copyOf(records.keySet()),
        what + ": replayed LSNs");
    records.forEach((lsn, bytes) -> assertArrayEquals(payload(lsn), bytes, what + ": LSN " + lsn));
    assertTrue(
        last >= outcome.acknowledged(),
        what + ": lost acknowledged records (" + last + " < " + outcome.acknowledged() + ")");
    assertTrue(
        last <= outcome.appended(),
        what + ": replayed " + last + " but only " + outcome.appended() + " appends returned");
    try (Wal wal = Wal.open(io, dir, OPTIONS, RecoveryMode.STRICT, 0, (lsn, payload) -> {})) {
      long lsn = wal.append(ByteBuffer.wrap(payload(last + 1)));
      assertEquals(last + 1, lsn, what);
      wal.sync(lsn);
    }
    assertEquals(last + 1, WalTesting.replayAll(io, dir, RecoveryMode.STRICT).size(), what);
    return last;
  }

  private void failEveryCallSite(Random random, Op op, boolean forever, boolean diskFull)
      throws IOException {
    for (long n = 1; ; n++) {
      boolean fired = false;
      for (CrashMode mode : MODES) {
        Path dir = freshDirectory();
        FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
        Fault fault = forever ? Fault.failFromNth(op, n) : Fault.failNth(op, n);
        fault = diskFull ? fault.diskFull() : fault;
        Fault.Injection injection = io.inject(fault);
        Outcome outcome = commit(io, dir, diskFull);
        String what = fault + ", then " + mode;
        if (injection.fired()) {
          fired = true;
          assertTrue(outcome.failure() != null, what + " fired but nothing failed");
        }
        io.simulateCrash(random, mode);
        long last = checkRecovered(io, dir, outcome, what);
        if (!forever && injection.fired()) {
          // With working truncation the failed record is cut, so exactly the acknowledged remain.
          assertEquals(outcome.acknowledged(), last, what);
        }
      }
      if (!fired) {
        assertTrue(n > 1, op + " was never called");
        return;
      }
    }
  }

  @Test
  void failingWritesAtEveryCallSiteLoseNoAcknowledgedRecord(Random random) throws IOException {
    failEveryCallSite(random, Op.WRITE, false, false);
    failEveryCallSite(random, Op.WRITE, true, true);
  }

  @Test
  void failingForcesAtEveryCallSiteLoseNoAcknowledgedRecord(Random random) throws IOException {
    failEveryCallSite(random, Op.FORCE, false, false);
    failEveryCallSite(random, Op.FORCE, true, false);
  }

  @Test
  void failingSegmentCreationAndDirectorySyncsLoseNoAcknowledgedRecord(Random random)
      throws IOException {
    failEveryCallSite(random, Op.CREATE, false, true);
    failEveryCallSite(random, Op.CREATE, true, false);
    failEveryCallSite(random, Op.SYNC_DIRECTORY, false, false);
    failEveryCallSite(random, Op.SYNC_DIRECTORY, true, false);
  }

  @Test
  void tornWritesLeaveNoPartialRecord(Random random) throws IOException {
    for (long n = 1; ; n++) {
      Path dir = freshDirectory();
      FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
      int kept = random.nextInt(WalFormat.RECORD_HEADER_SIZE + 5);
      Fault fault = Fault.tearNthWrite(n, kept);
      fault = random.nextBoolean() ? fault.diskFull() : fault;
      Fault.Injection injection = io.inject(fault);
      Outcome outcome = commit(io, dir, false);
      CrashMode mode = MODES.get(random.nextInt(MODES.size()));
      String what = fault + ", then " + mode;
      io.simulateCrash(random, mode);
      long last = checkRecovered(io, dir, outcome, what);
      if (!injection.fired()) {
        return;
      }
      assertEquals(outcome.acknowledged(), last, what);
    }
  }

  @Test
  void powerCutAfterAnyOperationLosesNoAcknowledgedRecord(Random random) throws IOException {
    int cuts = Integer.getInteger("backtrace.fault.cuts", 200);
    FaultInjectingFileIO probe = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    commit(probe, freshDirectory(), false);
    int operations = probe.calls().size();
    for (int cut = 0; cut < cuts; cut++) {
      long k = 1 + (cut < operations ? cut : random.nextInt(operations));
      Path dir = freshDirectory();
      FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
      io.inject(Fault.failEverythingFromNth(k));
      Outcome outcome = commit(io, dir, false);
      CrashMode mode = MODES.get(random.nextInt(MODES.size()));
      io.simulateCrash(random, mode);
      checkRecovered(io, dir, outcome, "power cut at operation " + k + ", then " + mode);
    }
  }

  @Test
  void failedRepairWhileOpeningLeavesTheLogRecoverable(Random random) throws IOException {
    for (Op op : List.of(Op.TRUNCATE, Op.FORCE, Op.OPEN_APPEND, Op.LIST, Op.READ)) {
      Path dir = freshDirectory();
      FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
      Outcome outcome = commit(io, dir, false);
      // Leave a torn record at the end, so that the next open has something to repair.
      // (the failed write's cleanup is made to fail too).
      try (Wal wal = Wal.open(io, dir, OPTIONS, RecoveryMode.STRICT, 0, (lsn, payload) -> {})) {
        io.inject(Fault.tearNthWrite(1, 9));
        io.inject(Fault.failNth(Op.TRUNCATE, 1));
        assertThrows(
            StorageException.class, () -> wal.append(ByteBuffer.wrap(payload(RECORDS + 1))));
      }
      io.simulateCrash(random, CrashMode.KEEP);
      io.inject(Fault.failNth(op, 1));
      assertThrows(
          StorageException.class,
          () -> Wal.open(io, dir, OPTIONS, RecoveryMode.STRICT, 0, (lsn, payload) -> {}),
          op.toString());
      assertEquals(RECORDS, checkRecovered(io, dir, outcome, "open failing at " + op));
    }
  }
}
