package io.backtracedb.wal;

import static io.backtracedb.wal.WalTesting.appendUpTo;
import static io.backtracedb.wal.WalTesting.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Group commit in SYNC mode, the background thread of ASYNC mode, and what survives power loss. */
@ExtendWith(SeedExtension.class)
class WalDurabilityTest {
  @TempDir Path root;
  private Path dir;
  private FaultInjectingFileIO io;

  @BeforeEach
  void setUp() {
    dir = root.resolve("wal");
    io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; a bounded wait, no sleep. */
  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void concurrentSyncCommitsShareForcesAndSurvivePowerLoss(Random random) throws Exception {
    int threads = 8;
    int commits = 60;
    WalOptions options = WalTesting.options(Durability.SYNC, 4096);
    Wal wal = WalTesting.open(io, dir, options, 0, new WalTesting.Replay());
    long forcesAtOpen = io.count(Op.FORCE);
    Map<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < commits; i++) {
                    byte[] bytes = ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                    long lsn = wal.append(ByteBuffer.wrap(bytes));
                    wal.sync(lsn);
                    assertTrue(
                        wal.durableLsn() >= lsn, "sync returned before " + lsn + " was durable");
                    acknowledged.put(lsn, bytes);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = threads * commits;
    assertEquals(total, acknowledged.size());
    assertEquals(total, wal.lastLsn());
    long forces = io.count(Op.FORCE) - forcesAtOpen;
    assertTrue(forces < total, forces + " forces for " + total + " commits: no group commit");

    // Power loss with the log still open: every acknowledged commit must be there.
    io.simulateCrash(random, CrashMode.DROP);
    Map<Long, byte[]> replayed = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    assertEquals(total, replayed.size());
    acknowledged.forEach(
        (lsn, bytes) -> assertArrayEquals(bytes, replayed.get(lsn), "acknowledged LSN " + lsn));
  }

  @Test
  void asyncModeForcesInTheBackgroundWithinTheInterval(Random random) throws Exception {
    WalOptions options =
        WalTesting.options(Durability.ASYNC, 1 << 20).withSyncInterval(Duration.ofMillis(20));
    Wal wal = WalTesting.open(io, dir, options, 0, new WalTesting.Replay());
    appendUpTo(wal, 20);
    wal.sync(20);
    await(
        "the background thread forced LSN 20",
        Duration.ofSeconds(30),
        () -> wal.durableLsn() >= 20);
    assertTrue(io.count(Op.FORCE) > 0);

    io.simulateCrash(random, CrashMode.DROP);
    Map<Long, byte[]> replayed = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    assertEquals(20, replayed.size());
    replayed.forEach((lsn, bytes) -> assertArrayEquals(payload(lsn), bytes));
  }

  @Test
  void asyncSyncReturnsBeforeTheRecordIsForcedAndCloseForcesIt() {
    WalOptions options =
        WalTesting.options(Durability.ASYNC, 1 << 20).withSyncInterval(Duration.ofHours(1));
    Wal wal = WalTesting.open(io, dir, options, 0, new WalTesting.Replay());
    io.clearCalls();
    long lsn = wal.append(ByteBuffer.wrap(payload(1)));
    wal.sync(lsn);
    assertEquals(0, wal.durableLsn());
    assertEquals(0, io.count(Op.FORCE));
    wal.close();
    assertEquals(1, io.count(Op.FORCE));
    assertEquals(lsn, wal.durableLsn());
  }

  @Test
  void closeStopsTheBackgroundThread() {
    WalOptions options =
        WalTesting.options(Durability.ASYNC, 1 << 20).withSyncInterval(Duration.ofMillis(5));
    Wal wal = WalTesting.open(io, dir, options, 0, new WalTesting.Replay());
    String name = "backtrace-wal-sync " + dir;
    assertTrue(syncThreadAlive(name));
    wal.close();
    assertFalse(syncThreadAlive(name));
  }

  private static boolean syncThreadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void syncModeDurableLsnOnlyAdvancesThroughForces() {
    Wal wal =
        WalTesting.open(
            io, dir, WalTesting.options(Durability.SYNC, 1 << 20), 0, new WalTesting.Replay());
    try (wal) {
      appendUpTo(wal, 3);
      assertEquals(0, wal.durableLsn());
      long forces = io.count(Op.FORCE);
      wal.sync(2);
      assertEquals(3, wal.durableLsn(), "one force covers every record written before it");
      assertEquals(forces + 1, io.count(Op.FORCE));
      wal.sync(3);
      assertEquals(forces + 1, io.count(Op.FORCE), "an LSN already durable needs no force");
    }
  }
}
