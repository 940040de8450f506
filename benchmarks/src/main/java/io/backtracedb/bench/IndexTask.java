package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The index workload for one engine in one JVM: {@code trades} with a unique {@code order_id} in
 * random order, loaded through the engine's SQL insert path; then prepared point lookups by {@code
 * order_id} and by {@code ts} (Q7) without an index, {@code CREATE UNIQUE INDEX} on {@code
 * order_id} and {@code CREATE INDEX} on {@code ts} on the populated table (timed, with the index's
 * size), and the same lookups again; where the engine has covering indexes, Q7 once more with an
 * index on {@code ts} that includes every other column. Every looked-up row is checked against the
 * generator.
 */
final class IndexTask extends SessionTask {
  /** Lookups by order id without an index per pass: each one scans the table. */
  static final int DEFAULT_SCAN_LOOKUPS = 10;

  /** The unique index on {@code order_id}. */
  static final String ORDER_ID_INDEX = "trades_order_id";

  /** The index on {@code ts}. */
  static final String TS_INDEX = "trades_ts";

  /** The index on {@code ts} that includes every other column, where the engine has one. */
  static final String TS_COVERING_INDEX = "trades_ts_covering";

  /** The most one pass of lookups may take before it stops early, unless told otherwise. */
  static final int DEFAULT_LOOKUP_SECONDS = 60;

  private final int lookups;
  private final int scanLookups;
  private final long maxPassNanos;

  IndexTask(Args args, PrintStream out) {
    super(args, out);
    this.lookups = args.getInt("lookups", JdbcTask.DEFAULT_LOOKUPS);
    this.scanLookups = args.getInt("scan-lookups", DEFAULT_SCAN_LOOKUPS);
    int seconds = args.getInt("lookup-seconds", DEFAULT_LOOKUP_SECONDS);
    if (lookups < 1 || scanLookups < 1 || seconds < 1) {
      throw new IllegalArgumentException(
          "lookups, scan-lookups and lookup-seconds must be at least 1");
    }
    this.maxPassNanos = seconds * 1_000_000_000L;
  }

  @Override
  void run() throws Exception {
    TradesWorkload trades = generate(rows);
    TradesData data = TradesData.withOrderIds(trades, seed + 11);
    DiskUsage.deleteTree(dir);
    Files.createDirectories(dir);
    load(data);
    emit("disk", "bytes", DiskUsage.of(dir).bytes(), "bytes");

    long opening = System.nanoTime();
    try (TradesSession session = engine.open(dir)) {
      long counted = session.count();
      emit("reopen", "total_ms", (System.nanoTime() - opening) / 1e6, "ms");
      check(counted == rows, "count(*) after reopen is " + counted + ", expected " + rows);
      SplittableRandom random = new SplittableRandom(seed + 13);
      String byOrderId = engine.lookupByOrderId();
      String byTs = engine.q7();
      long[] orderIds = data.orderIds();
      long[] ts = trades.tsMicros;

      plan(session, "order_id_scan", byOrderId, orderIds[0], ORDER_ID_INDEX);
      lookups(session, "order_id_scan", byOrderId, orderIds, data, true, scanLookups, random);
      plan(session, "q7", byTs, ts[0], TS_INDEX);
      lookups(session, "q7", byTs, ts, data, false, lookups, random);

      if (build(session, "order_id_index", engine.createIndex(ORDER_ID_INDEX, "order_id", true))) {
        plan(session, "order_id_indexed", byOrderId, orderIds[0], ORDER_ID_INDEX);
        lookups(session, "order_id_indexed", byOrderId, orderIds, data, true, lookups, random);
      }
      if (build(session, "ts_index", engine.createIndex(TS_INDEX, "ts", false))) {
        plan(session, "q7_indexed", byTs, ts[0], TS_INDEX);
        lookups(session, "q7_indexed", byTs, ts, data, false, lookups, random);
      }
      String covering = engine.createCoveringTsIndex(TS_COVERING_INDEX);
      if (covering != null) {
        // One index on ts at a time, so that the lookups below can only use the covering one.
        session.execute("DROP INDEX " + TS_INDEX);
        if (build(session, "ts_covering", covering)) {
          plan(session, "q7_covering", byTs, ts[0], TS_COVERING_INDEX);
          lookups(session, "q7_covering", byTs, ts, data, false, lookups, random);
        }
      }
    }
  }

  /** Loads every row through the engine's SQL insert path, a commit per batch, then closes. */
  private void load(TradesData data) throws Exception {
    long started;
    long loaded;
    int commits;
    try (TradesSession session = engine.open(dir)) {
      session.execute(engine.createTable(true));
      try (TradesSession.Inserter insert = session.prepareInsert(data)) {
        System.gc();
        started = System.nanoTime();
        commits = insertAll(insert, rows);
        loaded = System.nanoTime();
      }
    }
    double seconds = (loaded - started) / 1e9;
    emit("load", "rows_per_s", rows / seconds, "rows/s");
    emit("load", "load_s", seconds, "s");
    emit("load", "commits", commits, "commits");
  }

  /**
   * Builds an index on the populated table when the engine has one to build: the statement's time,
   * the growth of the files on disk, and the index's own size where the engine reports it.
   */
  private boolean build(TradesSession session, String scenario, String createIndex)
      throws Exception {
    if (createIndex == null) {
      note(scenario + ": none (" + engine.displayName() + " cannot or need not build it)");
      return false;
    }
    note(scenario + ": " + createIndex);
    long before = DiskUsage.of(dir).bytes();
    long started = System.nanoTime();
    session.execute(createIndex);
    double seconds = (System.nanoTime() - started) / 1e9;
    emit(scenario, "build_s", seconds, "s");
    emit(scenario, "entries_per_s", rows / seconds, "entries/s");
    emit(scenario, "disk_growth_bytes", DiskUsage.of(dir).bytes() - before, "bytes");
    String name =
        scenario.equals("ts_covering")
            ? TS_COVERING_INDEX
            : scenario.startsWith("ts") ? TS_INDEX : ORDER_ID_INDEX;
    TradesSession.IndexSize size = session.indexSize(name);
    if (size != null) {
      check(size.entries() == rows, name + " has " + size.entries() + " entries, expected " + rows);
      emit(scenario, "entries", size.entries(), "entries");
      emit(scenario, "height", size.height(), "levels");
      emit(scenario, "pages", size.pages(), "pages");
      emit(scenario, "bytes", size.bytes(), "bytes");
      emit(scenario, "bytes_per_entry", size.bytes() / (double) size.entries(), "bytes/entry");
    }
    return true;
  }

  /** Notes the plan of {@code sql} for one existing key and whether it names {@code index}. */
  private void plan(TradesSession session, String scenario, String sql, long key, String index)
      throws Exception {
    String text = session.plan(sql.replace(engine.parameter(), Long.toString(key)));
    note(scenario + " plan: " + text.strip().replace("\n", " | "));
    boolean named = text.toLowerCase(Locale.ROOT).contains(index);
    emit(scenario, "plan_names_index", named ? 1 : 0, "bool");
  }

  /**
   * A pass of prepared lookups of random existing keys to warm up (a fifth of {@code count}, at
   * least one, and for at least {@code warmupMillis}), then {@code runs} timed passes of {@code
   * count} other ones each, the median pass the figure; every answer is the generated row. No pass
   * starts once the earlier ones took {@code lookup-seconds}, and a pass stops early then, so that
   * a slow lookup is timed over fewer keys (the number timed is emitted).
   */
  private void lookups(
      TradesSession session,
      String scenario,
      String sql,
      long[] keys,
      TradesData data,
      boolean orderId,
      int count,
      SplittableRandom random)
      throws Exception {
    note(scenario + ": " + sql);
    int[] warmRows = randomRows(random, 1, Math.max(1, count / 5), rows)[0];
    int[][] timedRows = randomRows(random, runs, count, rows);
    String query = scenario.toUpperCase(Locale.ROOT);
    RowCheck check = (rs, row) -> JdbcChecks.lookedUp(rs, data, row, orderId, query);
    try (TradesSession.Lookup lookup = session.prepare(sql)) {
      Pass warm =
          pass(
              lookup,
              keys,
              warmRows,
              check,
              warmRows.length,
              warmupMillis * 1_000_000L,
              maxPassNanos);
      emit(scenario, "warmup_lookups", warm.lookups(), "lookups");
      timedPasses(scenario, lookup, keys, timedRows, check, maxPassNanos, maxPassNanos);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "index %s, %,d rows", engine.label(), rows);
  }
}
