package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.IntegrityReport;
import io.backtracedb.Predicate;
import io.backtracedb.Table;
import io.backtracedb.Transaction;
import io.backtracedb.testing.SeedExtension;
import io.backtracedb.testing.UnsyncedFileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers commit batches to two tables in one transaction while readers scan, with and without
 * filters, across the active block, sealed blocks, background flushes, explicit flushes and
 * compactions: every scan must see each batch's part whole or not at all, never a row twice, and
 * every batch acknowledged before it started. Once quiet, both tables must hold every batch in
 * full.
 */
@ExtendWith(SeedExtension.class)
class SnapshotConsistencyTest {
  /** Small blocks, so that seals, flushes and compactions happen all the time. */
  static final int BLOCK_ROWS = 3000;

  static final int WRITERS = 2;
  static final int READERS = 2;

  @TempDir Path dir;

  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong lastAcknowledged = new AtomicLong();
  private final AtomicLong scans = new AtomicLong();
  private volatile long deadline;

  /** A filter a reader applies, and how many rows of a batch's part it keeps. */
  private record Filter(String name, Predicate predicate, PartCount expected) {}

  /** Rows of part {@code id} (of {@code rows} rows) that a filter keeps. */
  @FunctionalInterface
  private interface PartCount {
    int of(long id, int rows);
  }

  private static List<Filter> filters(Random random, long maxId) {
    long boundaryId = 1 + (maxId <= 1 ? 0 : random.nextInt((int) Math.min(maxId, 1 << 30)));
    int boundarySeq = random.nextInt(200);
    long boundary = BatchRows.time(boundaryId, boundarySeq);
    return List.of(
        new Filter("all rows", null, (id, rows) -> rows),
        new Filter("seq < 7", Predicate.lt("seq", 7), (id, rows) -> Math.min(rows, 7)),
        new Filter(
            "tag = 't2'",
            Predicate.eq("tag", "t2"),
            (id, rows) -> {
              int count = 0;
              for (int seq = 0; seq < rows; seq++) {
                count += "t2".equals(BatchRows.tag(seq)) ? 1 : 0;
              }
              return count;
            }),
        new Filter("val > 0", Predicate.gt("val", 0L), (id, rows) -> rows - 1),
        new Filter(
            "ts >= " + boundary,
            Predicate.ge("ts", boundary),
            (id, rows) ->
                id > boundaryId ? rows : id < boundaryId ? 0 : Math.max(0, rows - boundarySeq)));
  }

  @Test
  void scansSeeEveryBatchWholeOrNotAtAll(Random random) throws Exception {
    runFor(random, Long.getLong("backtrace.snapshot.millis", 3000));
  }

  @Test
  @Tag("soak")
  void scansSeeEveryBatchWholeOrNotAtAllForAMinute(Random random) throws Exception {
    runFor(random, 60_000);
  }

  private void runFor(Random random, long millis) throws Exception {
    DatabaseOptions options = DatabaseOptions.defaults().withFileIO(UnsyncedFileIO.INSTANCE);
    try (Database db = Database.open(dir, options)) {
      Table[] tables = BatchRows.createTables(db, BLOCK_ROWS);
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        Random own = new Random(random.nextLong());
        threads.add(new Thread(() -> write(db, tables, own), "writer-" + i));
      }
      for (int i = 0; i < READERS; i++) {
        Random own = new Random(random.nextLong());
        threads.add(new Thread(() -> read(tables, own), "reader-" + i));
      }
      Random own = new Random(random.nextLong());
      threads.add(new Thread(() -> maintain(tables, own), "maintenance"));
      for (Thread thread : threads) {
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join(millis + 60_000);
        assertTrue(!thread.isAlive(), thread.getName() + " did not stop");
      }
      assertEquals(List.of(), List.copyOf(errors));
      assertTrue(scans.get() > 0 && !acknowledged.isEmpty(), "nothing ran");
      checkQuiet(db, "after the run");
      IntegrityReport report = db.check();
      assertTrue(report.ok(), report.problems().toString());
    }
    try (Database db = Database.open(dir, options)) {
      checkQuiet(db, "after reopening");
    }
    System.out.println(acknowledged.size() + " batches committed, " + scans.get() + " scans");
  }

  /** With no writer running, both tables hold every acknowledged batch whole, and nothing else. */
  private void checkQuiet(Database db, String when) {
    BatchRows.Census census = BatchRows.Census.of(db);
    assertEquals(List.of(), census.problems(), when);
    assertEquals(List.of(), census.missing(acknowledged), when);
    assertEquals(List.of(), census.presentWhere(id -> !acknowledged.contains(id)), when);
    assertEquals(acknowledged.size(), census.a.size(), when);
    assertEquals(acknowledged.size(), census.b.size(), when);
  }

  private boolean running() {
    return errors.isEmpty() && System.nanoTime() < deadline;
  }

  private void write(Database db, Table[] tables, Random random) {
    try {
      while (running()) {
        long id = nextId.getAndIncrement();
        int mask = BatchRows.A | BatchRows.B;
        try (Transaction tx = db.beginTransaction()) {
          BatchRows.add(tx.rows(tables[0]), id, 1 + random.nextInt(300), mask);
          BatchRows.add(tx.rows(tables[1]), id, 1 + random.nextInt(300), mask);
          tx.commit();
        }
        acknowledged.add(id);
        lastAcknowledged.accumulateAndGet(id, Math::max);
      }
    } catch (RuntimeException | AssertionError e) {
      errors.add(Thread.currentThread().getName() + ": " + e);
    }
  }

  private void read(Table[] tables, Random random) {
    try {
      while (running()) {
        int which = random.nextInt(2);
        long mustSee = lastAcknowledged.get();
        List<Filter> filters = filters(random, mustSee);
        Filter filter = filters.get(random.nextInt(filters.size()));
        Map<Long, BatchRows.Part> parts = BatchRows.census(tables[which], filter.predicate());
        scans.incrementAndGet();
        String scan = "scan of " + tables[which].name() + " where " + filter.name();
        for (BatchRows.Part part : parts.values()) {
          int expected = filter.expected().of(part.id, part.declaredRows);
          boolean whole =
              part.problems.isEmpty()
                  && part.count == expected
                  && part.seqs.cardinality() == expected
                  && (filter.predicate() != null || part.sum == 0);
          if (!whole) {
            errors.add(scan + " saw " + part + " with " + expected + " rows expected");
            return;
          }
        }
        if (mustSee > 0
            && filter.expected().of(mustSee, 1) > 0
            && filter.expected().of(mustSee, 300) > 0
            && !parts.containsKey(mustSee)) {
          errors.add(scan + " missed batch " + mustSee + ", acknowledged before it started");
          return;
        }
      }
    } catch (RuntimeException | AssertionError e) {
      errors.add(Thread.currentThread().getName() + ": " + e);
    }
  }

  /** Explicit flushes (small blocks) and compactions, paced by commits. */
  private void maintain(Table[] tables, Random random) {
    try {
      while (running()) {
        long target = acknowledged.size() + 5 + random.nextInt(20);
        while (running() && acknowledged.size() < target) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        Table table = tables[random.nextInt(2)];
        if (random.nextBoolean()) {
          table.flush();
        } else {
          table.compact();
        }
      }
    } catch (RuntimeException | AssertionError e) {
      errors.add(Thread.currentThread().getName() + ": " + e);
    }
  }
}
