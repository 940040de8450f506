package io.backtracedb.bench;

import io.backtracedb.Database;
import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Table;
import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens a database the ingest task left closed, times the reopen and a full count, then runs the
 * count, Q1, Q3 and Q4 queries (warm-up runs, then the median of the measured runs), checking every
 * answer against the generator.
 */
final class QueryTask extends ChildTask {
  QueryTask(Args args, PrintStream out) {
    super(args, out);
  }

  @Override
  void run() throws Exception {
    TradesWorkload trades = generate(rows);
    long[] ts = variant.timeValues(trades.tsMicros);
    TradesAnswers answers = new TradesAnswers(trades, ts);
    TradesAnswers.Window window = answers.window();
    double windowSum = answers.windowPriceSum(window);
    TradesAnswers.Groups groups = answers.groups();
    double median = answers.medianPrice();
    long qtyAbove = answers.qtyAbove(median);
    note(
        String.format(
            Locale.ROOT,
            "expectations: window %,d rows from row %,d; median price %.2f",
            window.count(),
            window.first(),
            median));

    timeReopen();
    // Again in the same JVM: the part of the first figure that is class loading and JIT shows.
    long opening = System.nanoTime();
    Database db = Database.open(dir);
    try {
      long counted = TradesQueries.count(db.table(TimeVariant.TABLE)).rows();
      long done = System.nanoTime();
      check(counted == rows, "count(*) after the second reopen is " + counted);
      emit("reopen", "warm_total_ms", (done - opening) / 1e6, "ms");
      Table table = db.table(TimeVariant.TABLE);
      measure(
          "count",
          () -> TradesQueries.count(table),
          a -> check(a.rows() == rows, "count(*) is " + a.rows() + ", expected " + rows),
          TradesQueries.Aggregate::stats);

      Predicate between =
          Predicate.between("ts", variant.literal(window.low()), variant.literal(window.high()));
      measure(
          "q1",
          () -> TradesQueries.window(table, between),
          a -> {
            check(
                a.rows() == window.count(),
                "Q1 count(*) is " + a.rows() + ", expected " + window.count());
            check(
                a.priceCount() == window.count() && TradesAnswers.sameSum(a.priceSum(), windowSum),
                "Q1 avg(price) is "
                    + a.priceSum() / a.priceCount()
                    + ", expected "
                    + windowSum / window.count());
          },
          TradesQueries.Aggregate::stats);

      measure(
          "q3",
          () -> TradesQueries.bySymbol(table),
          g -> checkGroups(g, groups),
          TradesQueries.Grouped::stats);

      measure(
          "q4",
          () -> TradesQueries.qtyAbove(table, median),
          a ->
              check(
                  a.qtySum() == qtyAbove,
                  "Q4 sum(qty) WHERE price > "
                      + median
                      + " is "
                      + a.qtySum()
                      + ", expected "
                      + qtyAbove),
          TradesQueries.Aggregate::stats);
    } finally {
      db.close();
    }
  }

  /** Opens the database in this fresh JVM, counts its rows and closes it, timing both. */
  private void timeReopen() {
    long opening = System.nanoTime();
    Database db = Database.open(dir);
    try {
      long opened = System.nanoTime();
      long counted = TradesQueries.count(db.table(TimeVariant.TABLE)).rows();
      long done = System.nanoTime();
      check(counted == rows, "count(*) after reopen is " + counted + ", expected " + rows);
      emit("reopen", "open_ms", (opened - opening) / 1e6, "ms");
      emit("reopen", "count_ms", (done - opened) / 1e6, "ms");
      emit("reopen", "total_ms", (done - opening) / 1e6, "ms");
    } finally {
      db.close();
    }
  }

  private static void checkGroups(TradesQueries.Grouped g, TradesAnswers.Groups expected) {
    check(
        g.groups() == expected.nonEmpty(),
        "Q3 has " + g.groups() + " groups, expected " + expected.nonEmpty());
    for (int slot = 0; slot < g.groups(); slot++) {
      String key = g.keys()[slot];
      check(key != null && key.matches("SYM\\d{3}"), "Q3 group key '" + key + "'");
      int s = Integer.parseInt(key.substring(3));
      check(
          g.rows()[slot] == expected.counts()[s],
          "Q3 count(*) of " + key + " is " + g.rows()[slot] + ", expected " + expected.counts()[s]);
      check(
          g.priceCounts()[slot] == expected.counts()[s]
              && TradesAnswers.sameSum(g.priceSums()[slot], expected.priceSums()[s]),
          "Q3 avg(price) of " + key + " differs");
      check(
          g.maxQty()[slot] == expected.maxQty()[s],
          "Q3 max(qty) of "
              + key
              + " is "
              + g.maxQty()[slot]
              + ", expected "
              + expected.maxQty()[s]);
    }
  }

  /**
   * Runs {@code query} at least {@code warmup} times and for {@code warmupMillis}, then {@code
   * runs} timed times, checking each answer outside the timed part; prints the median, minimum and
   * maximum and the last run's scan statistics.
   */
  private <T> void measure(
      String scenario, Supplier<T> query, Consumer<T> check, Function<T, ScanStats> stats) {
    // Warm up for at least `warmup` runs and `warmupMillis`: a cheap query needs many runs before
    // the JIT has compiled its loops, an expensive one gets there in a few.
    long warmUntil = System.nanoTime() + warmupMillis * 1_000_000L;
    int warmed = 0;
    while (warmed < warmup || System.nanoTime() < warmUntil) {
      check.accept(query.get());
      warmed++;
    }
    emit(scenario, "warmup_runs", warmed, "runs");
    long[] nanos = new long[runs];
    long[] cpuNanos = new long[runs];
    T last = null;
    for (int i = 0; i < runs; i++) {
      long cpuStarted = CpuTime.currentThread();
      long started = System.nanoTime();
      T answer = query.get();
      nanos[i] = System.nanoTime() - started;
      cpuNanos[i] = CpuTime.currentThread() - cpuStarted;
      check.accept(answer);
      last = answer;
    }
    emit(scenario, "median_ms", CpuTime.median(nanos) / 1e6, "ms");
    Arrays.sort(nanos);
    emit(scenario, "min_ms", nanos[0] / 1e6, "ms");
    emit(scenario, "max_ms", nanos[runs - 1] / 1e6, "ms");
    // The scan runs in this thread: its CPU time does not grow when other work shares the cores.
    emit(scenario, "median_cpu_ms", CpuTime.median(cpuNanos) / 1e6, "ms");
    emit(scenario, "runs", runs, "runs");
    ScanStats s = stats.apply(last);
    emit(scenario, "blocks_total", s.blocksTotal(), "blocks");
    emit(scenario, "blocks_skipped", s.blocksSkipped(), "blocks");
    emit(scenario, "row_groups_total", s.rowGroupsTotal(), "row groups");
    emit(scenario, "row_groups_skipped", s.rowGroupsSkipped(), "row groups");
    emit(scenario, "rows_read", s.rowsRead(), "rows");
    emit(scenario, "rows_matched", s.rowsMatched(), "rows");
  }
}
