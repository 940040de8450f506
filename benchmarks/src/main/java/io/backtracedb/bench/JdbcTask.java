package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The JDBC workload for one engine in one JVM: W1 through {@code addBatch}/{@code executeBatch}
 * with a commit per batch, bytes on disk after close, reopen plus {@code count(*)}, Q1-Q6 as
 * literal SQL text (a new statement per run), Q7 as a prepared point lookup. Every answer is
 * checked against the generator ({@link JdbcChecks}).
 */
final class JdbcTask extends ChildTask {
  /** Point lookups of Q7 per pass. */
  static final int DEFAULT_LOOKUPS = 1000;

  private final JdbcEngine engine;
  private final int lookups;

  JdbcTask(Args args, PrintStream out) {
    super(args, out);
    this.engine = JdbcEngine.parse(args.get("engine", "backtrace"));
    this.lookups = args.getInt("lookups", DEFAULT_LOOKUPS);
  }

  @Override
  void run() throws Exception {
    TradesWorkload trades = generate(rows);
    long[] ts = trades.tsMicros;
    JdbcChecks checks = new JdbcChecks(trades, new TradesAnswers(trades, ts));
    DiskUsage.deleteTree(dir);
    java.nio.file.Files.createDirectories(dir);

    ingest(trades);
    DiskUsage disk = DiskUsage.of(dir);
    emit("disk", "bytes", disk.bytes(), "bytes");
    emit("disk", "bytes_per_row", disk.bytes() / (double) rows, "bytes/row");

    long opening = System.nanoTime();
    try (Connection connection = engine.connect(dir)) {
      long opened = System.nanoTime();
      long counted = count(connection);
      long done = System.nanoTime();
      check(counted == rows, "count(*) after reopen is " + counted + ", expected " + rows);
      emit("reopen", "open_ms", (opened - opening) / 1e6, "ms");
      emit("reopen", "total_ms", (done - opening) / 1e6, "ms");
      queries(connection, checks);
      lookups(connection, checks, ts);
      statementCost(connection);
    }
  }

  /**
   * W1: a prepared INSERT, {@code batchRows} rows per executeBatch, a commit per batch; timed from
   * the first {@code setLong} to the last {@code commit()}.
   */
  private void ingest(TradesWorkload trades) throws SQLException {
    String[] names = new String[TradesWorkload.SYMBOLS];
    for (int s = 0; s < names.length; s++) {
      names[s] = TradesWorkload.symbolName(s);
    }
    long[] ts = trades.tsMicros;
    Connection connection = engine.connect(dir);
    long started;
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute(engine.createTable());
      }
      connection.setAutoCommit(false);
      System.gc();
      int commits = 0;
      // Prepared once, outside the timed loop: the one-off cost is reported on its own (in a
      // fresh JVM it is mostly class loading, for BacktraceDB Calcite's planner and code
      // generator).
      long preparing = System.nanoTime();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?)")) {
        emit("w1", "prepare_ms", (System.nanoTime() - preparing) / 1e6, "ms");
        started = System.nanoTime();
        for (int i = 0; i < rows; i++) {
          insert.setLong(1, ts[i]);
          insert.setString(2, names[trades.symbol[i]]);
          insert.setDouble(3, trades.price[i]);
          insert.setLong(4, trades.qty[i]);
          insert.addBatch();
          if ((i + 1) % batchRows == 0 || i + 1 == rows) {
            insert.executeBatch();
            connection.commit();
            commits++;
          }
        }
      }
      long ingested = System.nanoTime();
      connection.setAutoCommit(true);
      long counted = count(connection);
      check(counted == rows, "count(*) after ingest is " + counted + ", expected " + rows);
      long closing = System.nanoTime();
      connection.close();
      long closed = System.nanoTime();
      double seconds = (ingested - started) / 1e9;
      emit("w1", "rows_per_s", rows / seconds, "rows/s");
      emit("w1", "ingest_s", seconds, "s");
      emit("w1", "commits", commits, "commits");
      emit("w1", "close_ms", (closed - closing) / 1e6, "ms");
    } finally {
      connection.close();
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM trades")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Q1-Q6, each as literal SQL in a new statement per run. */
  private void queries(Connection connection, JdbcChecks checks) throws SQLException {
    TradesAnswers.Window window = checks.window();
    measure(connection, "q1", engine.q1(window.low(), window.high()), checks::q1);
    measure(
        connection,
        "q2",
        engine.q2(window.low(), window.high(), TradesWorkload.symbolName(JdbcChecks.Q2_SYMBOL)),
        checks::q2);
    measure(connection, "q3", engine.q3(), checks::q3);
    measure(connection, "q4", engine.q4(checks.median()), checks::q4);
    measure(connection, "q5", engine.q5(), checks::q5);
    measure(connection, "q6", engine.q6(checks.hourStart()), checks::q6);
  }

  /** A check of a whole result set; throws {@link WrongAnswerException}. */
  @FunctionalInterface
  interface ResultCheck {
    void accept(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code sql} at least {@code warmup} times and for {@code warmupMillis}, then {@code runs}
   * timed times (statement, execution and reading every row), checking every answer.
   */
  private void measure(Connection connection, String scenario, String sql, ResultCheck check)
      throws SQLException {
    note(scenario + ": " + sql);
    long warmUntil = System.nanoTime() + warmupMillis * 1_000_000L;
    int warmed = 0;
    while (warmed < warmup || System.nanoTime() < warmUntil) {
      run(connection, sql, check);
      warmed++;
    }
    emit(scenario, "warmup_runs", warmed, "runs");
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      nanos[i] = run(connection, sql, check);
    }
    emit(scenario, "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    Arrays.sort(nanos);
    emit(scenario, "min_ms", nanos[0] / 1e6, "ms");
    emit(scenario, "max_ms", nanos[runs - 1] / 1e6, "ms");
  }

  /** One run; the check reads every row inside the timed part, as a client would. */
  private static long run(Connection connection, String sql, ResultCheck check)
      throws SQLException {
    long started = System.nanoTime();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      check.accept(rs);
    }
    return System.nanoTime() - started;
  }

  /** Q7: one pass of {@code lookups} random existing keys to warm up, then a timed pass. */
  private void lookups(Connection connection, JdbcChecks checks, long[] ts) throws SQLException {
    note("q7: " + engine.q7());
    SplittableRandom random = new SplittableRandom(seed + 7);
    int[] warmRows = new int[lookups];
    int[] timedRows = new int[lookups];
    for (int i = 0; i < lookups; i++) {
      warmRows[i] = random.nextInt(rows);
      timedRows[i] = random.nextInt(rows);
    }
    try (PreparedStatement lookup = connection.prepareStatement(engine.q7())) {
      pass(lookup, checks, ts, warmRows);
      long started = System.nanoTime();
      pass(lookup, checks, ts, timedRows);
      long elapsed = System.nanoTime() - started;
      emit("q7", "us_per_lookup", elapsed / 1e3 / lookups, "us");
      emit("q7", "lookups", lookups, "lookups");
    }
  }

  private static void pass(PreparedStatement lookup, JdbcChecks checks, long[] ts, int[] rowsToFind)
      throws SQLException {
    for (int row : rowsToFind) {
      lookup.setLong(1, ts[row]);
      try (ResultSet rs = lookup.executeQuery()) {
        checks.q7(rs, row);
      }
    }
  }

  /**
   * The cost of a statement itself, on a query that min/max statistics answer without reading rows
   * ({@code count(*)} for a time before the data): a fresh text each run (a new column alias, so
   * nothing can be reused), the same text with another literal each run, and a prepared statement
   * run again with another parameter. Median of {@code runs * 20} after a warm-up.
   */
  private void statementCost(Connection connection) throws SQLException {
    String base = "SELECT count(*) AS c%d FROM trades WHERE ts = %d";
    int timed = runs * 20;
    long[] nanos = new long[timed];
    for (int i = -timed; i < timed; i++) {
      long started = System.nanoTime();
      countOne(connection, String.format(Locale.ROOT, base, i + 2 * timed, -1000 - i));
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    emit("stmt_fresh", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    for (int i = -timed; i < timed; i++) {
      long started = System.nanoTime();
      countOne(connection, String.format(Locale.ROOT, base, 0, -1000 - i));
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    emit("stmt_literal", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    try (PreparedStatement prepared =
        connection.prepareStatement("SELECT count(*) AS c0 FROM trades WHERE ts = ?")) {
      for (int i = -timed; i < timed; i++) {
        long started = System.nanoTime();
        prepared.setLong(1, -1000 - i);
        try (ResultSet rs = prepared.executeQuery()) {
          check(rs.next() && rs.getLong(1) == 0, "a time before the data matched rows");
        }
        if (i >= 0) {
          nanos[i] = System.nanoTime() - started;
        }
      }
    }
    emit("stmt_prepared", "median_ms", CpuTime.median(nanos) / 1e6, "ms");
  }

  private static void countOne(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      check(rs.next() && rs.getLong(1) == 0, "a time before the data matched rows: " + sql);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "jdbc %s, %,d rows", engine.label(), rows);
  }
}
