package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.BacktraceException;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.DiskFullException;
import io.backtracedb.IntegrityReport;
import io.backtracedb.StorageException;
import io.backtracedb.Table;
import io.backtracedb.Transaction;
import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.Call;
import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.testing.SeedExtension;
import io.backtracedb.testing.UnsyncedFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fails every I/O call site of the commit path (WAL write, force, segment creation, directory sync)
 * and of the flush path (block file write, force, rename, directory sync, manifest write and
 * rename, compaction reads), once and forever, with plain I/O errors and with a full disk; then
 * stops cleanly or simulates a power loss. And cuts power after the k-th I/O operation of the run.
 *
 * <p>The promises: a failed commit throws a typed error ({@link DiskFullException} for a full disk)
 * and its rows are never visible, in this instance or after reopening; after a WAL failure every
 * commit is refused until the database is reopened; a failed flush leaves the rows readable and is
 * retried; every acknowledged commit survives; once the fault is gone, new commits work and survive
 * a reopen; the integrity check is clean.
 */
@ExtendWith(SeedExtension.class)
class EngineFaultTest {
  /** No background thread, so that a run's I/O calls come in the same order every time. */
  static final DatabaseOptions OPTIONS =
      DatabaseOptions.defaults()
          .withBackgroundFlush(false)
          .withWalSegmentBytes(16 << 10)
          .withMaxSealedBlocks(1);

  static final int BLOCK_ROWS = 400;

  /** Ids of batches committed after the workload, once the fault is gone. */
  static final long AFTER_FAULT = 1000;

  @TempDir Path root;
  private int runs;

  /** One step of the workload. */
  private record Step(String kind, long id, int table) {
    static Step commit(long id) {
      return new Step("commit", id, -1);
    }

    static Step flush(int table) {
      return new Step("flush", 0, table);
    }

    static Step compact(int table) {
      return new Step("compact", 0, table);
    }
  }

  /**
   * Commits of batches 1..16 (transactions across both tables, and single-table appends of 30 to
   * 100 rows, so that 400-row blocks seal and flush), explicit flushes that leave small blocks, and
   * compactions that merge them.
   */
  static final List<Step> STEPS =
      List.of(
          Step.commit(1),
          Step.commit(2),
          Step.commit(3),
          Step.flush(0),
          Step.commit(4),
          Step.flush(0),
          Step.commit(5),
          Step.flush(1),
          Step.commit(6),
          Step.flush(1),
          Step.compact(0),
          Step.commit(7),
          Step.compact(1),
          Step.commit(8),
          Step.commit(9),
          Step.commit(10),
          Step.commit(11),
          Step.commit(12),
          Step.commit(13),
          Step.commit(14),
          Step.commit(15),
          Step.commit(16));

  /** Which tables batch {@code id} writes to. */
  static int tablesOf(long id) {
    return switch ((int) (id % 3)) {
      case 0 -> BatchRows.A | BatchRows.B;
      case 1 -> BatchRows.A;
      default -> BatchRows.B;
    };
  }

  /** Rows batch {@code id} writes to each table. */
  static int rowsOf(long id) {
    return 30 + (int) (id * 37 % 71);
  }

  /** Commits batch {@code id}. */
  static void commit(Database db, Table[] tables, long id) {
    int mask = tablesOf(id);
    if (mask == (BatchRows.A | BatchRows.B)) {
      try (Transaction tx = db.beginTransaction()) {
        BatchRows.add(tx.rows(tables[0]), id, rowsOf(id), mask);
        BatchRows.add(tx.rows(tables[1]), id, rowsOf(id), mask);
        tx.commit();
      }
    } else {
      Table table = tables[mask == BatchRows.A ? 0 : 1];
      table.append(BatchRows.part(table, id, rowsOf(id), mask));
    }
  }

  /** What a workload run did. */
  private static final class Outcome {
    final Set<Long> acknowledged = new HashSet<>();
    final Set<Long> failed = new HashSet<>();
    final List<BacktraceException> errors = new ArrayList<>();
    Database db;
  }

  /**
   * Opens the database on {@code io} and runs the workload, checking each failure as it comes; with
   * {@code checkEachFailure}, also that a failed commit's rows are invisible right away (which
   * needs reads to work).
   */
  private static Outcome run(
      FaultInjectingFileIO io,
      Path dir,
      Fault.Injection injection,
      boolean checkEachFailure,
      String what) {
    Outcome outcome = new Outcome();
    Table[] tables;
    try {
      outcome.db = Database.open(dir, OPTIONS.withFileIO(io));
      tables = BatchRows.createTables(outcome.db, BLOCK_ROWS);
    } catch (BacktraceException e) {
      assertInstanceOf(StorageException.class, e, what + ": opening failed with " + e);
      outcome.errors.add(e);
      return outcome;
    }
    Database db = outcome.db;
    for (Step step : STEPS) {
      boolean walFailed = db.engine().failure() != null;
      int firedBefore = injection.timesFired();
      try {
        switch (step.kind()) {
          case "commit" -> {
            commit(db, tables, step.id());
            assertFalse(walFailed, what + ": batch " + step.id() + " committed after a failure");
            outcome.acknowledged.add(step.id());
          }
          case "flush" -> tables[step.table()].flush();
          default -> tables[step.table()].compact();
        }
      } catch (BacktraceException e) {
        outcome.errors.add(e);
        String where = what + ": " + step + " failed with " + e;
        if (step.kind().equals("commit")) {
          outcome.failed.add(step.id());
          if (checkEachFailure) {
            BatchRows.Census census = BatchRows.Census.of(db);
            assertFalse(census.present(step.id()), where + ", yet its rows are visible");
          }
        }
        if (walFailed && !step.kind().equals("compact")) {
          // Compaction does not touch the WAL, so it may still run (and fail on its own).
          assertInstanceOf(StorageException.class, e, where);
          assertTrue(e.getMessage().contains("reopen"), where);
        } else if (injection.timesFired() > firedBefore
            && injection.fault().toString().contains("disk full")) {
          assertInstanceOf(DiskFullException.class, e, where);
        } else {
          assertInstanceOf(StorageException.class, e, where);
        }
      }
    }
    return outcome;
  }

  /** Checks the database as it is now against what the run acknowledged and what failed. */
  private static void checkContents(
      Database db, Outcome outcome, boolean failedAbsent, boolean integrity, String what) {
    BatchRows.Census census = BatchRows.Census.of(db);
    assertEquals(List.of(), census.problems(), what + ": partial batches");
    assertEquals(
        List.of(), census.missing(outcome.acknowledged), what + ": acknowledged batches lost");
    if (failedAbsent) {
      assertEquals(
          List.of(),
          census.presentWhere(outcome.failed::contains),
          what + ": rows of failed commits are visible");
    }
    if (integrity) {
      IntegrityReport report = db.check();
      assertTrue(report.ok(), what + ": " + report.problems());
    }
  }

  /** A fresh database directory. */
  private Path freshDirectory() {
    return root.resolve("run-" + ++runs);
  }

  /** The I/O calls of the workload on a fresh database, without faults. */
  private List<Call> cleanRun() {
    FaultInjectingFileIO io = new FaultInjectingFileIO(UnsyncedFileIO.INSTANCE);
    Fault.Injection none = io.inject(Fault.failNth(Op.LOCK, Long.MAX_VALUE));
    Outcome outcome = run(io, freshDirectory(), none, true, "clean run");
    assertEquals(List.of(), outcome.errors, "clean run");
    List<Call> calls = io.calls();
    outcome.db.close();
    return calls;
  }

  /** A call site: an operation on one kind of file, as named by {@link #category}. */
  private record Site(Op op, String category) {
    Predicate<Path> paths() {
      return path -> EngineFaultTest.category(path).equals(category);
    }

    @Override
    public String toString() {
      return op + " of " + category;
    }
  }

  /** The kind of file or directory {@code path} is, for grouping calls into sites. */
  static String category(Path path) {
    String name = path.getFileName().toString();
    Path parentPath = path.getParent();
    String parent = parentPath == null ? "" : parentPath.getFileName().toString();
    if (name.endsWith(".wal")) {
      return "WAL segment";
    }
    if (parent.equals("blocks")) {
      return name.endsWith(".tmp") ? "block temp file" : "block file";
    }
    if (name.startsWith("manifest.json")
        || name.startsWith("catalog.json")
        || name.equals("LOCK")) {
      return name;
    }
    if (name.equals("wal") || name.equals("blocks") || name.equals("tables")) {
      return name + " directory";
    }
    if (parent.equals("tables")) {
      return "table directory";
    }
    return "database directory";
  }

  /** The faults tried at a site: its first, a random and its last call; once and forever. */
  private static List<Fault> faultsAt(Site site, long calls, Random random) {
    Set<Long> nths = new java.util.TreeSet<>(List.of(1L, calls));
    nths.add(1 + (long) random.nextInt((int) calls));
    boolean full = site.op() == Op.WRITE || site.op() == Op.CREATE;
    List<Fault> faults = new ArrayList<>();
    for (long nth : nths) {
      Fault once = Fault.failNth(site.op(), nth).onPaths(site.paths());
      Fault forever = Fault.failFromNth(site.op(), nth).onPaths(site.paths());
      // A full disk fails writes and creates; try it once at the first call, forever elsewhere.
      faults.add(full && nth == 1 ? once.diskFull() : once);
      faults.add(full && nth > 1 ? forever.diskFull() : forever);
    }
    return faults;
  }

  @Test
  void failingEachCallSiteOnceOrForeverKeepsEveryPromise(Random random) throws IOException {
    Map<Site, Long> sites = new LinkedHashMap<>();
    for (Call call : cleanRun()) {
      sites.merge(new Site(call.op(), category(call.path())), 1L, Long::sum);
    }
    List<String> modes = new ArrayList<>(List.of("CLOSE"));
    for (CrashMode mode : CrashMode.values()) {
      modes.add(mode.name());
    }
    int tried = 0;
    int fired = 0;
    for (Map.Entry<Site, Long> site : sites.entrySet()) {
      boolean siteFired = false;
      for (Fault fault : faultsAt(site.getKey(), site.getValue(), random)) {
        String mode = modes.get(tried++ % modes.size());
        String what = site.getKey() + ": " + fault + ", then " + mode;
        boolean hit = faultThenRecover(fault, mode, random, what);
        siteFired |= hit;
        fired += hit ? 1 : 0;
      }
      assertTrue(siteFired, "no fault at " + site.getKey() + " fired: the workload changed");
    }
    System.out.println(sites.size() + " call sites, " + tried + " faults, " + fired + " fired");
  }

  /**
   * Runs the workload under {@code fault}, ends the process as {@code mode} says, and recovers;
   * returns whether the fault fired.
   */
  private boolean faultThenRecover(Fault fault, String mode, Random random, String what)
      throws IOException {
    Path dir = freshDirectory();
    FaultInjectingFileIO io = new FaultInjectingFileIO(UnsyncedFileIO.INSTANCE);
    Fault.Injection injection = io.inject(fault);
    Outcome outcome = run(io, dir, injection, true, what);
    boolean fired = injection.fired();
    Database db = outcome.db;
    boolean committedAfterFault = false;
    if (db != null) {
      io.clearFaults();
      checkContents(db, outcome, true, false, what + ", same instance");
      // Creates the tables if the fault stopped that.
      Table[] tables =
          db.findTable("b").isPresent()
              ? new Table[] {db.table("a"), db.table("b")}
              : BatchRows.createTables(db, BLOCK_ROWS);
      if (db.engine().failure() == null) {
        // A failed flush left its rows in memory; with the fault gone the retry succeeds.
        for (Table table : tables) {
          table.flush();
          assertEquals(0, table.stats().memoryRows(), what + ": rows left after the retried flush");
        }
        commit(db, tables, AFTER_FAULT);
        outcome.acknowledged.add(AFTER_FAULT);
        committedAfterFault = true;
      } else {
        StorageException refused =
            assertThrows(StorageException.class, () -> commit(db, tables, AFTER_FAULT), what);
        assertTrue(refused.getMessage().contains("reopen"), refused.getMessage());
      }
      if (mode.equals("CLOSE")) {
        db.close();
      } else {
        io.simulateCrash(random, CrashMode.valueOf(mode));
        db.engine().closeAbruptly();
      }
    } else {
      io.clearFaults();
    }
    try (Database reopened = Database.open(dir, OPTIONS.withFileIO(io))) {
      checkContents(reopened, outcome, true, committedAfterFault, what + ", reopened");
      if (committedAfterFault) {
        return fired;
      }
      commit(reopened, BatchRows.createTables(reopened, BLOCK_ROWS), AFTER_FAULT + 1);
      outcome.acknowledged.add(AFTER_FAULT + 1);
    }
    try (Database reopened = Database.open(dir, OPTIONS.withFileIO(io))) {
      checkContents(reopened, outcome, true, true, what + ", reopened after a new commit");
    }
    return fired;
  }

  /** What the committing thread of the test below did. */
  private record Commits(List<Long> acknowledged, long failedId, StorageException failure) {}

  @Test
  void commitsFailInsteadOfWaitingForABackgroundFlushThatKeepsFailing() throws Exception {
    FaultInjectingFileIO io = new FaultInjectingFileIO(UnsyncedFileIO.INSTANCE);
    DatabaseOptions options = OPTIONS.withBackgroundFlush(true).withFileIO(io);
    Path dir = freshDirectory();
    Outcome outcome = new Outcome();
    ExecutorService committer = Executors.newSingleThreadExecutor();
    try (Database db = Database.open(dir, options)) {
      Table table = BatchRows.createTables(db, 100)[0];
      io.inject(
          Fault.failFromNth(Op.CREATE, 1)
              .onPaths(FaultInjectingFileIO.nameEndsWith(".parquet.tmp"))
              .diskFull());
      // 60-row commits: the second seals a block whose background flush keeps failing, so the
      // commits after it find the table at its sealed-block limit.
      Future<Commits> future =
          committer.submit(
              () -> {
                List<Long> acknowledged = new ArrayList<>();
                for (long id = 1; id <= 50; id++) {
                  try {
                    table.append(BatchRows.part(table, id, 60, BatchRows.A));
                    acknowledged.add(id);
                  } catch (StorageException e) {
                    return new Commits(acknowledged, id, e);
                  }
                }
                return new Commits(acknowledged, -1, null);
              });
      Commits commits;
      try {
        commits = future.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new AssertionError("a commit waits forever for a flush that keeps failing", e);
      }
      assertInstanceOf(DiskFullException.class, commits.failure(), String.valueOf(commits));
      assertTrue(commits.failure().getMessage().contains("flush"), commits.failure().getMessage());
      outcome.acknowledged.addAll(commits.acknowledged());
      outcome.failed.add(commits.failedId());
      checkContents(db, outcome, true, false, "while the flush fails");
      io.clearFaults();
      // The background thread retries the flush on its own.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (table.stats().coldBlocks() == 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      assertEquals(1, table.stats().coldBlocks(), "the failed flush was not retried");
      table.append(BatchRows.part(table, AFTER_FAULT, 60, BatchRows.A));
      outcome.acknowledged.add(AFTER_FAULT);
    } finally {
      committer.shutdownNow();
    }
    try (Database db = Database.open(dir, options)) {
      checkContents(db, outcome, true, true, "reopened");
    }
  }

  /**
   * A manifest replacement whose rename succeeded but whose directory sync failed leaves a manifest
   * on disk that names a block the engine does not count as published. The next block written (by a
   * flush or a compaction) must not take the same id, or a crash before its own manifest write
   * leaves the named file with other rows in it.
   */
  @ParameterizedTest(name = "{0} with an unsynced manifest, then a failed {1}")
  @CsvSource({"compact, flush", "flush, compact"})
  void aBlockIdIsNeverWrittenTwice(String first, String second) {
    FaultInjectingFileIO io = new FaultInjectingFileIO(UnsyncedFileIO.INSTANCE);
    Path dir = freshDirectory();
    Outcome outcome = new Outcome();
    Database db = Database.open(dir, OPTIONS.withFileIO(io));
    Table table = BatchRows.createTables(db, BLOCK_ROWS)[0];
    for (long id : new long[] {1, 4}) {
      table.append(BatchRows.part(table, id, 50, BatchRows.A));
      outcome.acknowledged.add(id);
      table.flush();
    }
    table.append(BatchRows.part(table, 7, 50, BatchRows.A));
    outcome.acknowledged.add(7L);
    Path tableDirectory = dir.resolve("tables").resolve("a").toAbsolutePath();
    io.inject(Fault.failNth(Op.SYNC_DIRECTORY, 1).onPaths(tableDirectory::equals));
    assertThrows(StorageException.class, () -> maintain(table, first));
    io.clearFaults();
    io.inject(
        Fault.failNth(Op.CREATE, 1)
            .onPaths(FaultInjectingFileIO.nameEndsWith("manifest.json.tmp")));
    assertThrows(StorageException.class, () -> maintain(table, second));
    db.engine().closeAbruptly();
    try (Database reopened = Database.open(dir, OPTIONS.withFileIO(io))) {
      checkContents(reopened, outcome, true, true, first + " then " + second);
    }
  }

  private static void maintain(Table table, String how) {
    if (how.equals("flush")) {
      table.flush();
    } else {
      table.compact();
    }
  }

  @Test
  void powerCutAfterAnyOperationLosesNoAcknowledgedCommit(Random random) throws IOException {
    int cuts = Integer.getInteger("backtrace.fault.cuts", 200);
    int operations = cleanRun().size();
    List<Long> ks = new ArrayList<>();
    for (long k = 1; k <= operations; k++) {
      ks.add(k);
    }
    Collections.shuffle(ks, random);
    while (ks.size() < cuts) {
      ks.add(1 + (long) random.nextInt(operations));
    }
    ks = new ArrayList<>(ks.subList(0, cuts));
    Collections.sort(ks);
    CrashMode[] modes = CrashMode.values();
    for (int i = 0; i < ks.size(); i++) {
      long k = ks.get(i);
      CrashMode mode = modes[random.nextInt(modes.length)];
      String what = "power cut at operation " + k + " of " + operations + ", then " + mode;
      Path dir = freshDirectory();
      FaultInjectingFileIO io = new FaultInjectingFileIO(UnsyncedFileIO.INSTANCE);
      Outcome outcome = run(io, dir, io.inject(Fault.failEverythingFromNth(k)), false, what);
      io.simulateCrash(random, mode);
      if (outcome.db != null) {
        outcome.db.engine().closeAbruptly();
      }
      if (i % 4 == 1) {
        what += ", then another cut while recovering";
        cutWhileRecovering(io, dir, outcome, random);
      }
      try (Database reopened = Database.open(dir, OPTIONS.withFileIO(io))) {
        checkContents(reopened, outcome, false, true, what);
        if (i % 5 == 0) {
          commit(reopened, BatchRows.createTables(reopened, BLOCK_ROWS), AFTER_FAULT);
          outcome.acknowledged.add(AFTER_FAULT);
        }
      }
      if (i % 5 == 0) {
        try (Database reopened = Database.open(dir, OPTIONS.withFileIO(io))) {
          checkContents(reopened, outcome, false, false, what + ", after a new commit");
        }
      }
    }
    System.out.println(cuts + " power cuts over " + operations + " operations");
  }

  /**
   * Cuts power again after one of the first operations of the next open (WAL replay and repair,
   * removal of unpublished files) and a commit on top of it.
   */
  private static void cutWhileRecovering(
      FaultInjectingFileIO io, Path dir, Outcome outcome, Random random) throws IOException {
    io.inject(Fault.failEverythingFromNth(1 + random.nextInt(40)));
    Database db = null;
    try {
      db = Database.open(dir, OPTIONS.withFileIO(io));
      commit(db, BatchRows.createTables(db, BLOCK_ROWS), AFTER_FAULT + 1);
      outcome.acknowledged.add(AFTER_FAULT + 1);
    } catch (BacktraceException e) {
      assertInstanceOf(StorageException.class, e, "a cut while recovering: " + e);
    }
    io.simulateCrash(random, CrashMode.values()[random.nextInt(CrashMode.values().length)]);
    if (db != null) {
      db.engine().closeAbruptly();
    }
  }
}
