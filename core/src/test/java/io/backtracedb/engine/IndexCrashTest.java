package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.Database;
import io.backtracedb.IntegrityReport;
import io.backtracedb.Predicate;
import io.backtracedb.Row;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.testing.ChildJvm;
import io.backtracedb.testing.SeedExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link IndexCrashChild}) while it builds and maintains an index, by SIGKILL at
 * random moments and by halting at the index crash points; after each death the database reopens
 * here, every acknowledged row is there, index lookups equal scans and the integrity check is
 * clean.
 */
@ExtendWith(SeedExtension.class)
class IndexCrashTest {
  @TempDir Path root;

  private long acknowledged;
  private int runs;

  @Test
  void killedDuringIndexBuildsAndMaintenanceLookupsStillEqualScans(Random random) throws Exception {
    Path db = root.resolve("db");
    for (String point : CrashPoints.INDEX) {
      try (ChildJvm child = start(db, random.nextLong(), point)) {
        int status = child.awaitExit(90);
        if (status < 0) {
          fail("child never reached crash point " + point + ":\n" + child.stderrTail());
        }
        child.remainingLines().forEach(this::record);
        assertEquals(ChildJvm.KILLED, status, "did not halt at " + point + child.stderrTail());
      }
      checkRecovered(db, random, "after halting at " + point);
    }
    int kills = Math.max(3, Integer.getInteger("backtrace.kill.count", 20) / 4);
    for (int kill = 0; kill < kills; kill++) {
      try (ChildJvm child = start(db, random.nextLong(), null)) {
        long killAt = Long.MAX_VALUE;
        long delay = TimeUnit.MILLISECONDS.toNanos(random.nextInt(1200));
        while (System.nanoTime() < killAt) {
          String line = child.nextLine(Math.min(killAt, System.nanoTime() + seconds(60)));
          if (line == null) {
            if (System.nanoTime() >= killAt) {
              break;
            }
            fail("child ended or fell silent before it was killed:\n" + child.stderrTail());
          }
          if (line.startsWith("READY")) {
            killAt = System.nanoTime() + delay;
          }
          record(line);
        }
        assertEquals(ChildJvm.KILLED, child.kill());
        child.remainingLines().forEach(this::record);
      }
      checkRecovered(db, random, "after kill " + (kill + 1));
    }
  }

  private ChildJvm start(Path db, long seed, String crashPoint) throws Exception {
    List<String> options =
        crashPoint == null
            ? List.of("-Xmx256m")
            : List.of("-Xmx256m", "-Dbacktrace.crashpoint=" + crashPoint);
    return ChildJvm.start(
        IndexCrashChild.class,
        options,
        List.of(db.toString(), Long.toString(seed)),
        root.resolve("child-" + ++runs + ".err"));
  }

  private void record(String line) {
    if (line.startsWith("ACK ")) {
      acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4).trim()));
    }
  }

  private void checkRecovered(Path db, Random random, String when) {
    try (Database database = Database.open(db)) {
      Table table = database.table("t");
      assertTrue(table.stats().rowCount() >= acknowledged, when + ": acknowledged rows lost");
      // A crash during CREATE INDEX leaves no index (the catalog never named it) and no file.
      if (table.indexes().isEmpty()) {
        assertEquals(
            List.of(),
            listIndexFiles(database.directory().resolve("tables/t/indexes")),
            when + ": files of an index that was never created");
        return;
      }
      assertEquals("ready", table.indexes().get(0).state(), when);
      for (int i = 0; i < 12; i++) {
        long v = random.nextInt(520);
        Predicate p =
            switch (i % 4) {
              case 0 -> Predicate.eq("v", v);
              case 1 -> Predicate.between("v", v, v + 20);
              case 2 -> Predicate.isNull("v");
              default -> Predicate.in("v", v, v + 1, v + 2);
            };
        assertEquals(
            rows(table, p, TableReader.IndexUse.NEVER),
            rows(table, p, TableReader.IndexUse.ALWAYS),
            when + ": " + p);
      }
      IntegrityReport report = database.check();
      assertTrue(report.ok(), when + ": " + report.problems());
    }
  }

  private static List<Long> rows(Table table, Predicate p, TableReader.IndexUse use) {
    List<Long> rows = new ArrayList<>();
    try (TableReader reader = table.reader().where(p).indexUse(use)) {
      for (Row row : reader) {
        rows.add((Long) row.get("ts"));
      }
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> listIndexFiles(Path directory) {
    try (var files = java.nio.file.Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long seconds(long seconds) {
    return TimeUnit.SECONDS.toNanos(seconds);
  }
}
