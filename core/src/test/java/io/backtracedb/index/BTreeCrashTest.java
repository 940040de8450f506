package io.backtracedb.index;

import static io.backtracedb.index.IndexTestSupport.assertSameContent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.BacktraceException;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.index.IndexTestSupport.Entry;
import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes and failed writes while an index changes and flushes: after a simulated power loss the
 * file opens clean with exactly the entries of a completed flush (at least the last one that
 * returned), or is refused with a typed error. Never a clean file with other entries.
 */
class BTreeCrashTest {
  private static final BTreeOptions OPTIONS =
      BTreeOptions.of("crash", ColumnType.BIGINT).withPageSize(4096).withCachePages(16);
  private static final int ROUNDS = 4;

  @TempDir Path dir;

  /** What one run of the workload did before it stopped. */
  private static final class Run {
    final Map<Long, NavigableSet<Entry>> flushed = new HashMap<>();
    long acknowledged = -1;
    BTree tree;
  }

  /**
   * Creates an index and runs {@link #ROUNDS} rounds of random inserts and deletes, each ending in
   * a flush at the round's number; stops at the first error or after {@code stopAfter} changes.
   */
  private static Run workload(FaultInjectingFileIO io, Path path, long seed, int stopAfter) {
    Random random = new Random(seed);
    Run run = new Run();
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    int changes = 0;
    try {
      run.flushed.put(0L, new TreeSet<>(oracle));
      run.tree = BTree.create(io, path, OPTIONS);
      run.acknowledged = 0;
      for (long round = 1; round <= ROUNDS; round++) {
        for (int i = 0; i < 400; i++) {
          if (changes++ == stopAfter) {
            return run;
          }
          long key = random.nextInt(3000);
          if (random.nextInt(4) == 0 && !oracle.isEmpty()) {
            Entry victim = oracle.ceiling(new Entry(key, 0));
            victim = victim == null ? oracle.first() : victim;
            oracle.remove(victim);
            run.tree.delete(victim.key(), victim.address());
          } else {
            long address = random.nextInt(4);
            oracle.add(new Entry(key, address));
            run.tree.insert(key, address);
          }
        }
        // Recorded before the call: a flush that fails may still have reached the disk.
        run.flushed.put(round, new TreeSet<>(oracle));
        run.tree.flush(round);
        run.acknowledged = round;
      }
    } catch (BacktraceException | IOException e) {
      // The injected fault: the process dies with the tree as it is.
    }
    return run;
  }

  /** Crashes, reopens and checks the outcome; returns whether the file opened clean. */
  private static boolean crashAndVerify(
      FaultInjectingFileIO io, Path path, Run run, Random random, String what) throws IOException {
    CrashMode mode = CrashMode.values()[random.nextInt(CrashMode.values().length)];
    io.simulateCrash(random, mode);
    String context = what + ", crash mode " + mode;
    BTree tree;
    try {
      tree = BTree.open(LocalFileIO.INSTANCE, path, OPTIONS);
    } catch (NoSuchFileException e) {
      assertTrue(run.acknowledged < 0, context + ": a created index vanished");
      return false;
    } catch (CorruptionException e) {
      return false; // dirty or damaged: the engine rebuilds it
    }
    try (tree) {
      long position = tree.appliedPosition();
      NavigableSet<Entry> expected = run.flushed.get(position);
      assertNotNull(expected, context + ": opened at position " + position + ", never flushed");
      assertTrue(
          position >= run.acknowledged,
          context
              + ": position "
              + position
              + " is older than the acknowledged "
              + run.acknowledged);
      assertSameContent(expected, tree, context + ", position " + position);
      return true;
    }
  }

  private int countWrites(long seed) throws IOException {
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    Path path = dir.resolve("count.btree");
    Run run = workload(io, path, seed, Integer.MAX_VALUE);
    run.tree.close();
    assertTrue(run.acknowledged == ROUNDS, "the fault-free run completes");
    return (int) io.count(Op.WRITE, FaultInjectingFileIO.nameEndsWith(".btree"));
  }

  @Test
  void tornOrFailedWritesAndForcesThenPowerLossNeverOpenWithOtherEntries() throws IOException {
    long seed = IndexTestSupport.seed();
    Random random = new Random(seed);
    int writes = countWrites(seed);
    int clean = 0;
    int refused = 0;
    try {
      for (int trial = 0; trial < 120; trial++) {
        FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
        Path path = dir.resolve("trial-" + trial + ".btree");
        Fault fault =
            switch (trial % 3) {
              case 0 -> Fault.tearNthWrite(1 + random.nextInt(writes), random.nextInt(4097));
              case 1 -> Fault.failNth(Op.WRITE, 1 + random.nextInt(writes));
              default -> Fault.failNth(Op.FORCE, 1 + random.nextInt(12));
            };
        io.inject(fault.onPaths(FaultInjectingFileIO.nameEndsWith(".btree")));
        Run run = workload(io, path, seed, Integer.MAX_VALUE);
        if (crashAndVerify(io, path, run, random, "trial " + trial + ": " + fault)) {
          clean++;
        } else {
          refused++;
        }
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
    assertTrue(clean > 0 && refused > 0, clean + " clean, " + refused + " refused");
  }

  @Test
  void powerLossAtRandomMomentsNeverOpensWithOtherEntries() throws IOException {
    long seed = IndexTestSupport.seed();
    Random random = new Random(seed);
    try {
      for (int trial = 0; trial < 40; trial++) {
        FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
        Path path = dir.resolve("moment-" + trial + ".btree");
        Run run = workload(io, path, seed + trial, random.nextInt(400 * ROUNDS));
        crashAndVerify(io, path, run, random, "trial " + trial);
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void aFailedFlushBreaksTheTreeUntilReopened() throws IOException {
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    Path path = dir.resolve("broken.btree");
    try (BTree tree = BTree.create(io, path, OPTIONS)) {
      tree.insert(1L, 1);
      io.inject(Fault.failNth(Op.FORCE, 1));
      BacktraceException first = null;
      try {
        tree.flush(5);
      } catch (BacktraceException e) {
        first = e;
      }
      assertNotNull(first, "the injected force failure surfaces");
      BacktraceException later =
          org.junit.jupiter.api.Assertions.assertThrows(
              BacktraceException.class, () -> tree.insert(2L, 2));
      assertTrue(later.getMessage().contains("reopen"), later.getMessage());
      assertFalse(BTree.readHeader(io, path).clean(), "the file stays dirty for a rebuild");
    }
  }
}
