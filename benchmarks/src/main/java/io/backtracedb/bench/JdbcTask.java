package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The JDBC workload for one engine in one JVM: W1 through the engine's prepared insert with a
 * commit per batch, bytes on disk after close, reopen plus {@code count(*)}, Q1-Q6 as literal SQL
 * text (a new statement per run), Q7 as a prepared point lookup, the cost of a statement, and W1
 * again through the engine's native bulk path when it has one. Every answer is checked against the
 * generator ({@link JdbcChecks}). JDBC engines run through JDBC, QuestDB through its SQL compiler
 * ({@link TradesSession}).
 */
final class JdbcTask extends SessionTask {
  /** Point lookups of Q7 per pass. */
  static final int DEFAULT_LOOKUPS = 1000;

  /**
   * A {@code ts} long before the data (1970), positive because QuestDB refuses a negative timestamp
   * literal.
   */
  private static final long BEFORE_DATA = 1_000_000L;

  private final int lookups;

  JdbcTask(Args args, PrintStream out) {
    super(args, out);
    this.lookups = args.getInt("lookups", DEFAULT_LOOKUPS);
  }

  @Override
  void run() throws Exception {
    TradesWorkload trades = generate(rows);
    TradesData data = TradesData.of(trades);
    JdbcChecks checks = new JdbcChecks(trades, new TradesAnswers(trades, trades.tsMicros));
    DiskUsage.deleteTree(dir);
    Files.createDirectories(dir);

    ingest(data);
    DiskUsage disk = DiskUsage.of(dir);
    emit("disk", "bytes", disk.bytes(), "bytes");
    emit("disk", "bytes_per_row", disk.bytes() / (double) rows, "bytes/row");

    long opening = System.nanoTime();
    try (TradesSession session = engine.open(dir)) {
      long opened = System.nanoTime();
      long counted = session.count();
      long done = System.nanoTime();
      check(counted == rows, "count(*) after reopen is " + counted + ", expected " + rows);
      emit("reopen", "open_ms", (opened - opening) / 1e6, "ms");
      emit("reopen", "total_ms", (done - opening) / 1e6, "ms");
      queries(session, checks);
      lookups(session, checks, trades.tsMicros);
      statementCost(session);
    }
    if (engine.nativeIngest() != null) {
      nativeIngest(data);
    }
  }

  /**
   * W1: the engine's prepared insert, {@code batchRows} rows per commit; timed from the first row
   * to the last commit. Preparing it is reported on its own (in a fresh JVM it is mostly class
   * loading, for BacktraceDB Calcite's planner and code generator).
   */
  private void ingest(TradesData data) throws Exception {
    TradesSession session = engine.open(dir);
    boolean open = true;
    try {
      session.execute(engine.createTable(false));
      System.gc();
      long preparing = System.nanoTime();
      long started;
      long ingested;
      int commits;
      try (TradesSession.Inserter insert = session.prepareInsert(data)) {
        emit("w1", "prepare_ms", (System.nanoTime() - preparing) / 1e6, "ms");
        started = System.nanoTime();
        commits = insertAll(insert, rows);
        ingested = System.nanoTime();
      }
      long counted = session.count();
      check(counted == rows, "count(*) after ingest is " + counted + ", expected " + rows);
      long closing = System.nanoTime();
      open = false;
      session.close();
      long closed = System.nanoTime();
      double seconds = (ingested - started) / 1e9;
      emit("w1", "rows_per_s", rows / seconds, "rows/s");
      emit("w1", "ingest_s", seconds, "s");
      emit("w1", "commits", commits, "commits");
      emit("w1", "close_ms", (closed - closing) / 1e6, "ms");
    } finally {
      if (open) {
        session.close();
      }
    }
  }

  /** Q1-Q6, each as literal SQL in a new statement per run. */
  private void queries(TradesSession session, JdbcChecks checks) throws Exception {
    TradesAnswers.Window window = checks.window();
    measure(session, "q1", engine.q1(window.low(), window.high()), checks::q1);
    measure(
        session,
        "q2",
        engine.q2(window.low(), window.high(), TradesWorkload.symbolName(JdbcChecks.Q2_SYMBOL)),
        checks::q2);
    measure(session, "q3", engine.q3(), checks::q3);
    measure(session, "q4", engine.q4(checks.median()), checks::q4);
    measure(session, "q5", engine.q5(), checks::q5);
    measure(session, "q6", engine.q6(checks.hourStart()), checks::q6);
  }

  /**
   * Q7: a pass of {@code lookups} random existing keys to warm up (for at least {@code
   * warmupMillis}), then {@code runs} timed passes of {@code lookups} other ones each; the median
   * pass is the figure.
   */
  private void lookups(TradesSession session, JdbcChecks checks, long[] ts) throws Exception {
    note("q7: " + engine.q7());
    SplittableRandom random = new SplittableRandom(seed + 7);
    int[] warmRows = randomRows(random, 1, lookups, rows)[0];
    int[][] timedRows = randomRows(random, runs, lookups, rows);
    try (TradesSession.Lookup lookup = session.prepare(engine.q7())) {
      Pass warm =
          pass(
              lookup, ts, warmRows, checks::q7, lookups, warmupMillis * 1_000_000L, Long.MAX_VALUE);
      emit("q7", "warmup_lookups", warm.lookups(), "lookups");
      timedPasses("q7", lookup, ts, timedRows, checks::q7, Long.MAX_VALUE, Long.MAX_VALUE);
    }
  }

  /**
   * The cost of a statement itself, on a query that min/max statistics answer without reading rows
   * ({@code count(*)} for a time before the data): a fresh text each run (a new column alias, so
   * nothing can be reused), the same text with another literal each run, and a prepared statement
   * run again with another parameter. Median of {@code runs * 20} after a warm-up.
   */
  private void statementCost(TradesSession session) throws Exception {
    String base = "SELECT count(*) AS c%d FROM trades WHERE ts = %d";
    Rows.Check none =
        rs -> check(rs.next() && rs.getLong(1) == 0, "a time before the data matched rows");
    int timed = runs * 20;
    long[] nanos = new long[timed];
    for (int i = -timed; i < timed; i++) {
      long started = System.nanoTime();
      session.query(String.format(Locale.ROOT, base, i + 2 * timed, BEFORE_DATA - i), none);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    emit("stmt_fresh", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    for (int i = -timed; i < timed; i++) {
      long started = System.nanoTime();
      session.query(String.format(Locale.ROOT, base, 0, BEFORE_DATA - i), none);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    emit("stmt_literal", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    try (TradesSession.Lookup prepared =
        session.prepare("SELECT count(*) AS c0 FROM trades WHERE ts = " + engine.parameter())) {
      for (int i = -timed; i < timed; i++) {
        long started = System.nanoTime();
        prepared.run(BEFORE_DATA - i, none);
        if (i >= 0) {
          nanos[i] = System.nanoTime() - started;
        }
      }
    }
    emit("stmt_prepared", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "jdbc %s, %,d rows", engine.label(), rows);
  }
}
