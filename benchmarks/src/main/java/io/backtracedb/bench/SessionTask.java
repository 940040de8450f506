package io.backtracedb.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The common part of the child tasks that drive one engine through a {@link TradesSession}: the
 * engine, the W1 loop, literal queries timed after a warm-up, and passes of prepared lookups.
 */
abstract class SessionTask extends ChildTask {
  protected final BenchEngine engine;

  protected SessionTask(Args args, PrintStream out) {
    super(args, out);
    this.engine = BenchEngine.parse(args.get("engine", "backtrace"));
  }

  /**
   * Appends rows {@code 0..count-1} through {@code inserter}, a commit per {@code batchRows} rows
   * and one for the rest: the W1 loop. Returns the number of commits.
   */
  protected int insertAll(TradesSession.Inserter inserter, int count) throws Exception {
    int commits = 0;
    for (int i = 0; i < count; i++) {
      inserter.append(i);
      if ((i + 1) % batchRows == 0 || i + 1 == count) {
        inserter.commit();
        commits++;
      }
    }
    return commits;
  }

  /**
   * W1 through the engine's native bulk path into a fresh database beside {@code dir}: rows/s from
   * the first row to the last commit, then a reopen through the engine's session checks that every
   * row is there; the database is deleted afterwards.
   */
  protected void nativeIngest(TradesData data) throws Exception {
    Path nativeDir = dir.resolveSibling(dir.getFileName() + "-native");
    DiskUsage.deleteTree(nativeDir);
    java.nio.file.Files.createDirectories(nativeDir);
    note("w1_native: " + engine.nativeIngest());
    int commits;
    long started;
    long ingested;
    try (TradesSession.Inserter inserter = engine.openNativeInsert(nativeDir, data)) {
      System.gc();
      started = System.nanoTime();
      commits = insertAll(inserter, data.rows());
      ingested = System.nanoTime();
    }
    try (TradesSession session = engine.open(nativeDir)) {
      long counted = session.count();
      check(counted == data.rows(), "count(*) after the native ingest is " + counted);
    }
    DiskUsage.deleteTree(nativeDir);
    double seconds = (ingested - started) / 1e9;
    emit("w1_native", "rows_per_s", data.rows() / seconds, "rows/s");
    emit("w1_native", "ingest_s", seconds, "s");
    emit("w1_native", "commits", commits, "commits");
  }

  /**
   * Runs {@code sql} at least {@code warmup} times and for {@code warmupMillis}, then {@code runs}
   * timed times (statement, execution and reading every row), checking every answer; emits the
   * median, fastest and slowest run.
   */
  protected void measure(TradesSession session, String scenario, String sql, Rows.Check check)
      throws Exception {
    note(scenario + ": " + sql);
    long warmUntil = System.nanoTime() + warmupMillis * 1_000_000L;
    int warmed = 0;
    while (warmed < warmup || System.nanoTime() < warmUntil) {
      session.query(sql, check);
      warmed++;
    }
    emit(scenario, "warmup_runs", warmed, "runs");
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      session.query(sql, check);
      nanos[i] = System.nanoTime() - started;
    }
    emit(scenario, "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    Arrays.sort(nanos);
    emit(scenario, "min_ms", nanos[0] / 1e6, "ms");
    emit(scenario, "max_ms", nanos[runs - 1] / 1e6, "ms");
  }

  /**
   * Timed passes of lookups, one per element of {@code rowsPerPass} (the rows each finds): a pass
   * of a thousand fast lookups lasts a few tens of milliseconds, and on a shared machine other work
   * in that window can double it, so the median pass is the figure and the fastest and slowest are
   * emitted beside it ({@code us_per_lookup}, {@code _fastest}, {@code _slowest}, {@code passes},
   * {@code lookups} in all). A pass starts only while the earlier ones took less than {@code
   * budgetNanos} together (the first always runs), and stops early after {@code maxPassNanos}.
   */
  protected void timedPasses(
      String scenario,
      TradesSession.Lookup lookup,
      long[] keys,
      int[][] rowsPerPass,
      RowCheck check,
      long maxPassNanos,
      long budgetNanos)
      throws Exception {
    // Picoseconds per lookup: the long median keeps three decimals of the nanoseconds.
    long[] picos = new long[rowsPerPass.length];
    int passes = 0;
    long lookups = 0;
    long spent = 0;
    while (passes < rowsPerPass.length && (passes == 0 || spent < budgetNanos)) {
      Pass pass = pass(lookup, keys, rowsPerPass[passes], check, maxPassNanos);
      picos[passes++] = Math.round(pass.microsPerLookup() * 1e6);
      lookups += pass.lookups();
      spent += pass.nanos();
    }
    long[] sorted = Arrays.copyOf(picos, passes);
    Arrays.sort(sorted);
    emit(scenario, "us_per_lookup", CpuTime.median(sorted) / 1e6, "us");
    emit(scenario, "us_per_lookup_fastest", sorted[0] / 1e6, "us");
    emit(scenario, "us_per_lookup_slowest", sorted[passes - 1] / 1e6, "us");
    emit(scenario, "passes", passes, "passes");
    emit(scenario, "lookups", lookups, "lookups");
  }

  /**
   * {@code passes} sets of {@code count} random rows below {@code rows}, drawn from {@code random}.
   */
  protected static int[][] randomRows(
      java.util.SplittableRandom random, int passes, int count, int rows) {
    int[][] sets = new int[passes][count];
    for (int[] set : sets) {
      for (int i = 0; i < count; i++) {
        set[i] = random.nextInt(rows);
      }
    }
    return sets;
  }

  /** Checks the rows one lookup returned against generated row {@code row}. */
  @FunctionalInterface
  interface RowCheck {
    void accept(Rows rows, int row) throws java.sql.SQLException;
  }

  /**
   * A pass of lookups.
   *
   * @param nanos the time the pass took
   * @param lookups how many lookups it ran
   */
  record Pass(long nanos, int lookups) {
    /** Microseconds per lookup. */
    double microsPerLookup() {
      return nanos / 1e3 / lookups;
    }
  }

  /**
   * Runs {@code lookup} once per row in {@code rowsToFind} with that row's key, checking each
   * answer, and stops early once {@code maxNanos} have passed (after at least one lookup): a timed
   * pass.
   */
  protected static Pass pass(
      TradesSession.Lookup lookup, long[] keys, int[] rowsToFind, RowCheck check, long maxNanos)
      throws Exception {
    return pass(lookup, keys, rowsToFind, check, rowsToFind.length, 0, maxNanos);
  }

  /**
   * Runs {@code lookup} with the keys of the rows in {@code rowsToFind}, taken in turn and again
   * from the start when they run out, checking each answer, until at least {@code minLookups} ran
   * and {@code minNanos} passed; stops early once {@code maxNanos} have passed (after at least one
   * lookup). A warm-up pass asks for a time as well as a count, so that fast lookups run long
   * enough for the JIT to compile their path.
   */
  protected static Pass pass(
      TradesSession.Lookup lookup,
      long[] keys,
      int[] rowsToFind,
      RowCheck check,
      int minLookups,
      long minNanos,
      long maxNanos)
      throws Exception {
    long started = System.nanoTime();
    int done = 0;
    long elapsed = 0;
    while (done < minLookups || elapsed < minNanos) {
      int row = rowsToFind[done % rowsToFind.length];
      lookup.run(keys[row], rows -> check.accept(rows, row));
      done++;
      elapsed = System.nanoTime() - started;
      if (elapsed > maxNanos) {
        break;
      }
    }
    return new Pass(elapsed, done);
  }
}
