package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.Database;
import io.backtracedb.IntegrityReport;
import io.backtracedb.testing.ChildJvm;
import io.backtracedb.testing.SeedExtension;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ingesting in SYNC mode ({@link CrashChild}) with SIGKILL at random moments, and
 * lets it halt itself at every named crash point, over and over on the same directory; after each
 * death the database is reopened here and must hold every acknowledged batch exactly once, no
 * partial batch (a transaction's parts in both tables or in neither), everything an earlier reopen
 * showed, and pass its integrity check.
 */
@ExtendWith(SeedExtension.class)
class KillNineTest {
  /** Small blocks, so that flushes and compactions happen during every run. */
  static final int BLOCK_ROWS = 20_000;

  /** Rows after which the random kills move on to a new database directory. */
  static final long MAX_DATABASE_ROWS = 3_000_000;

  /** The longest a child runs before it is killed, after it reported ready. */
  static final int MAX_RUN_MILLIS = 1500;

  @TempDir Path root;

  private final Set<Long> acknowledged = new HashSet<>();
  private final Set<Long> seen = new HashSet<>();
  private long lastAcknowledged;
  private long rows;
  private long acknowledgedInAll;
  private int runs;

  @Test
  void killedAtRandomMomentsLosesNoAcknowledgedBatch(Random random) throws Exception {
    Path db = root.resolve("db");
    int kills = Integer.getInteger("backtrace.kill.count", 20);
    for (int kill = 0; kill < kills; kill++) {
      if (rows > MAX_DATABASE_ROWS) {
        // Long (soak) runs start over now and then, so that each check stays cheap.
        db = root.resolve("db-" + kill);
        acknowledged.clear();
        seen.clear();
        lastAcknowledged = 0;
        rows = 0;
      }
      try (ChildJvm child = start(db, random.nextLong(), false, null)) {
        // Mostly while committing; sometimes while opening and replaying, before READY.
        boolean early = random.nextInt(6) == 0;
        long delay = TimeUnit.MILLISECONDS.toNanos(random.nextInt(early ? 700 : MAX_RUN_MILLIS));
        long killAt = early ? System.nanoTime() + delay : Long.MAX_VALUE;
        while (System.nanoTime() < killAt) {
          String line = child.nextLine(Math.min(killAt, System.nanoTime() + seconds(60)));
          if (line == null) {
            if (System.nanoTime() >= killAt) {
              break;
            }
            fail(describe(child, "ended or fell silent before it was killed"));
          }
          if (line.startsWith("READY") && !early) {
            killAt = System.nanoTime() + delay;
          }
          record(line);
        }
        int status = child.kill();
        assertEquals(ChildJvm.KILLED, status, describe(child, "was not ended by SIGKILL"));
        child.remainingLines().forEach(this::record);
      }
      checkRecovered(db, "after kill " + (kill + 1));
    }
    report(kills + " kills");
  }

  @Test
  void haltedAtEveryCrashPointLosesNoAcknowledgedBatch(Random random) throws Exception {
    Path db = root.resolve("db");
    int rounds = Math.max(2, Integer.getInteger("backtrace.kill.count", 20) / 10);
    for (int round = 0; round < rounds; round++) {
      for (String point : CrashPoints.ALL) {
        try (ChildJvm child = start(db, random.nextLong(), true, point)) {
          int status = child.awaitExit(90);
          if (status < 0) {
            fail(describe(child, "never reached crash point " + point));
          }
          child.remainingLines().forEach(this::record);
          assertEquals(ChildJvm.KILLED, status, describe(child, "did not halt at " + point));
        }
        checkRecovered(db, "after halting at " + point + " (round " + (round + 1) + ")");
      }
    }
    report(rounds + " rounds of halts at " + CrashPoints.ALL.size() + " crash points");
  }

  private void report(String what) {
    System.out.println(
        what
            + ": "
            + acknowledgedInAll
            + " batches acknowledged; the last database holds "
            + seen.size()
            + " batches, "
            + rows
            + " rows");
  }

  private ChildJvm start(Path db, long seed, boolean eager, String crashPoint) throws Exception {
    List<String> options =
        crashPoint == null
            ? List.of("-Xmx256m")
            : List.of("-Xmx256m", "-Dbacktrace.crashpoint=" + crashPoint);
    Path stderr = root.resolve("child-" + ++runs + ".err");
    return ChildJvm.start(
        CrashChild.class,
        options,
        List.of(db.toString(), Long.toString(seed), Integer.toString(BLOCK_ROWS), "" + eager),
        stderr);
  }

  private void record(String line) {
    if (line.startsWith("ACK ")) {
      long id = Long.parseLong(line.substring(4).trim());
      assertTrue(acknowledged.add(id), "batch " + id + " acknowledged twice");
      acknowledgedInAll++;
      lastAcknowledged = Math.max(lastAcknowledged, id);
    }
  }

  /** Reopens the database here and checks every promise; what it shows must stay. */
  private void checkRecovered(Path db, String when) {
    try (Database database = Database.open(db)) {
      BatchRows.Census census = BatchRows.Census.of(database);
      assertEquals(List.of(), census.problems(), when + ": partial or torn batches");
      assertEquals(List.of(), census.missing(acknowledged), when + ": acknowledged batches lost");
      assertEquals(List.of(), census.missing(seen), when + ": batches an earlier reopen showed");
      assertTrue(census.maxId() >= lastAcknowledged, when);
      seen.addAll(census.a.keySet());
      seen.addAll(census.b.keySet());
      IntegrityReport report = database.check();
      assertTrue(report.ok(), when + ": " + report.problems());
      rows = census.rows();
    }
  }

  private static String describe(ChildJvm child, String what) {
    return "child " + child.pid() + " " + what + "; its stderr:\n" + child.stderrTail();
  }

  private static long seconds(long seconds) {
    return TimeUnit.SECONDS.toNanos(seconds);
  }
}
