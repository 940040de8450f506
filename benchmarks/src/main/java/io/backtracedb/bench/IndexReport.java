package io.backtracedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

/**
 * The Markdown report of one index workload run: command, machine, engines, the figures side by
 * side (lookups without and with an index, the build, the index's size), and the index targets
 * judged on the peers measured in the same run.
 */
final class IndexReport {
  /** BacktraceDB's indexed lookup must be at least this many times faster than its scan. */
  static final double SPEED_UP_TARGET = 100;

  private final JdbcBench.Config config;
  private final JdbcBench.Run run;

  IndexReport(JdbcBench.Config config, JdbcBench.Run run) {
    this.config = config;
    this.run = run;
  }

  /**
   * One row of the figures table.
   *
   * @param label what the row shows
   * @param value the row's value for an engine, if it has one
   * @param format how a value is written
   */
  private record Row(String label, Value value, DoubleFunction<String> format) {}

  /** A row's value for one engine. */
  @FunctionalInterface
  private interface Value {
    OptionalDouble of(BenchEngine engine);
  }

  /** The report, with a link to the chart (a path relative to the report). */
  String toMarkdown(String chart) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "## Index workload, `trades` with `order_id`, %,d rows%n%n",
            config.rows()));
    md.append("Command: `").append(config.command()).append("`\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Each engine ran in its own JVM with `-Xms%s -Xmx%s`%s, one after the other. The"
                + " table is `trades` plus `order_id BIGINT NOT NULL`, unique, a seeded random"
                + " permutation (uncorrelated with `ts`). Rows are loaded through the engine's SQL"
                + " insert path (JDBC `executeBatch`, QuestDB a compiled INSERT), %,d rows per"
                + " commit; the database is closed and reopened. Then, with prepared statements"
                + " and random existing keys (a fifth of the count to warm up, and for at least"
                + " %,d ms, then %d timed passes of the count each, the median pass reported: a"
                + " pass of fast lookups lasts tens of milliseconds, which other work on a shared"
                + " machine can double): `SELECT * FROM trades WHERE order_id = ?`"
                + " without an index (%,d lookups: each one scans) and Q7 `SELECT ts, symbol,"
                + " price, qty FROM trades WHERE ts = ?` (%,d lookups); `CREATE UNIQUE INDEX"
                + " trades_order_id ON trades (order_id)` on the populated table, timed, and the"
                + " `order_id` lookups again (%,d); `CREATE INDEX trades_ts ON trades (ts)` and Q7"
                + " again; for BacktraceDB then `DROP INDEX trades_ts`, `CREATE INDEX"
                + " trades_ts_covering ON trades (ts) INCLUDE (symbol, price, qty, order_id)` (a"
                + " covering index: its entries hold those columns) and Q7 once more. Every"
                + " looked-up row is checked against the generator (every column, one"
                + " row per key). No timed pass starts once the earlier ones took %,d s, and a"
                + " pass stops early then, so a slow lookup is timed over fewer passes and keys"
                + " (the row \"keys timed\" says how many in all). SQLite and H2"
                + " key the table on `ts` (their Q7 is a primary-key lookup, so they build no"
                + " index on `ts`); QuestDB indexes only SYMBOL columns, so its `order_id` lookups"
                + " scan (a JIT-compiled filter on its workers) and its Q7 searches the designated"
                + " timestamp. \"Plan names the index\" reads the engine's EXPLAIN for one"
                + " key.%n%n",
            config.heap(),
            config.heap(),
            config.jvmArgs().isEmpty() ? "" : " " + String.join(" ", config.jvmArgs()),
            config.batchRows(),
            config.warmupMillis(),
            config.runs(),
            config.scanLookups(),
            config.lookups(),
            config.lookups(),
            config.lookupSeconds()));
    md.append(run.machine().toMarkdown());
    md.append(Machine.loadMarkdown(run.loadStart(), run.loadEnd())).append('\n');
    md.append("| engine | version | configuration |\n|---|---|---|\n");
    for (BenchEngine engine : config.engines()) {
      md.append("| ")
          .append(engine.displayName())
          .append(" | ")
          .append(run.versions().getOrDefault(engine, "?"))
          .append(" | ")
          .append(engine.settings())
          .append(" |\n");
    }
    md.append('\n');
    figures(md);
    md.append("\n![Index workload](").append(chart).append(")\n\n");
    targets(md);
    return md.toString();
  }

  private List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("load, SQL insert path, rows/s", "load", "rows_per_s", IndexReport::count));
    rows.add(
        new Row(
            "disk after load and close, MiB",
            e -> mib(get(e, "disk", "bytes")),
            IndexReport::oneDecimal));
    lookup(rows, "`order_id` lookup, no index (scan), us", "order_id_scan");
    build(rows, "`CREATE UNIQUE INDEX` on `order_id`", "order_id_index", "order_id_indexed");
    lookup(rows, "`order_id` lookup with the index, us", "order_id_indexed");
    rows.add(
        new Row(
            "`order_id` speed-up of the index (no index / index), x",
            e -> ratio(e, "order_id_scan", "order_id_indexed"),
            IndexReport::oneDecimal));
    lookup(rows, "Q7 `ts` lookup, no index on `ts`, us", "q7");
    build(rows, "`CREATE INDEX` on `ts`", "ts_index", "q7_indexed");
    lookup(rows, "Q7 `ts` lookup with the index on `ts`, us", "q7_indexed");
    build(
        rows,
        "`CREATE INDEX` on `ts` `INCLUDE` (every other column)",
        "ts_covering",
        "q7_covering");
    lookup(rows, "Q7 `ts` lookup with the covering index on `ts`, us", "q7_covering");
    return rows;
  }

  private Row row(String label, String scenario, String metric, DoubleFunction<String> format) {
    return new Row(label, e -> get(e, scenario, metric), format);
  }

  /** A lookup's time and how many keys it was timed over. */
  private void lookup(List<Row> rows, String label, String scenario) {
    rows.add(row(label, scenario, "us_per_lookup", Report::millis));
    rows.add(row("... fastest pass, us", scenario, "us_per_lookup_fastest", Report::millis));
    rows.add(row("... slowest pass, us", scenario, "us_per_lookup_slowest", Report::millis));
    rows.add(row("... keys timed", scenario, "lookups", IndexReport::count));
  }

  /** An index build: its time, rate, size and the growth on disk, and whether plans name it. */
  private void build(List<Row> rows, String statement, String scenario, String lookup) {
    rows.add(row(statement + ", s", scenario, "build_s", Report::millis));
    rows.add(
        row("... entries per second of the build", scenario, "entries_per_s", IndexReport::count));
    rows.add(row("... index entries (`sys.indexes`)", scenario, "entries", IndexReport::count));
    rows.add(row("... index pages (`sys.indexes`)", scenario, "pages", IndexReport::count));
    rows.add(row("... index height (`sys.indexes`)", scenario, "height", IndexReport::count));
    rows.add(
        new Row(
            "... index file, MiB (`sys.indexes`)",
            e -> mib(get(e, scenario, "bytes")),
            IndexReport::oneDecimal));
    rows.add(
        row(
            "... index bytes per entry (`sys.indexes`)",
            scenario,
            "bytes_per_entry",
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... growth of the files on disk, MiB",
            e -> mib(get(e, scenario, "disk_growth_bytes")),
            IndexReport::oneDecimal));
    rows.add(
        row("... plan names the index (1 = yes)", lookup, "plan_names_index", IndexReport::count));
  }

  private void figures(StringBuilder md) {
    md.append("| figure |");
    for (BenchEngine engine : config.engines()) {
      md.append(' ').append(engine.displayName()).append(" |");
    }
    md.append("\n|---|").append("---:|".repeat(config.engines().size())).append('\n');
    for (Row row : rows()) {
      md.append("| ").append(row.label()).append(" |");
      for (BenchEngine engine : config.engines()) {
        OptionalDouble value = row.value().of(engine);
        md.append(' ')
            .append(value.isPresent() ? row.format().apply(value.getAsDouble()) : "-")
            .append(" |");
      }
      md.append('\n');
    }
  }

  /** The index targets, judged on this run. */
  private void targets(StringBuilder md) {
    BenchEngine ours = JdbcEngine.BACKTRACE;
    if (!config.engines().contains(ours)) {
      return;
    }
    md.append("| target | BacktraceDB | reference in this run | status |\n");
    md.append("|---|---:|---|---|\n");
    OptionalDouble speedUp = ratio(ours, "order_id_scan", "order_id_indexed");
    line(
        md,
        String.format(
            Locale.ROOT,
            "`order_id` lookup with the unique index >= %.0fx faster than without it, x",
            SPEED_UP_TARGET),
        speedUp,
        speedUp.isPresent() ? OptionalDouble.of(SPEED_UP_TARGET) : OptionalDouble.empty(),
        IndexReport::oneDecimal,
        speedUp.isPresent() && speedUp.getAsDouble() >= SPEED_UP_TARGET,
        String.format(Locale.ROOT, "%.0fx", SPEED_UP_TARGET));
    BenchEngine questDb = QuestDbEngine.QUESTDB;
    for (String q7 : List.of("q7", "q7_indexed", "q7_covering")) {
      String label =
          switch (q7) {
            case "q7" -> "Q7 (no index on `ts`)";
            case "q7_indexed" -> "Q7 (index on `ts`)";
            default -> "Q7 (covering index on `ts`)";
          };
      OptionalDouble us = get(ours, q7, "us_per_lookup");
      OptionalDouble quest = get(questDb, "q7", "us_per_lookup");
      line(
          md,
          label + " within 2x of QuestDB, us",
          us,
          quest,
          Report::millis,
          us.isPresent() && quest.isPresent() && us.getAsDouble() <= 2 * quest.getAsDouble(),
          "2x QuestDB");
      OptionalDouble sqliteH2 = fastest("q7", JdbcEngine.SQLITE, JdbcEngine.H2);
      line(
          md,
          label + " ahead of SQLite and H2, us",
          us,
          sqliteH2,
          Report::millis,
          us.isPresent() && sqliteH2.isPresent() && us.getAsDouble() < sqliteH2.getAsDouble(),
          "the faster of SQLite and H2");
    }
  }

  private static void line(
      StringBuilder md,
      String label,
      OptionalDouble ours,
      OptionalDouble reference,
      DoubleFunction<String> format,
      boolean pass,
      String referenceName) {
    if (ours.isEmpty() || reference.isEmpty()) {
      md.append("| ").append(label).append(" | - | not measured in this run | - |\n");
      return;
    }
    md.append("| ")
        .append(label)
        .append(" | ")
        .append(format.apply(ours.getAsDouble()))
        .append(" | ")
        .append(referenceName)
        .append(" (")
        .append(format.apply(reference.getAsDouble()))
        .append(") | ")
        .append(pass ? "pass" : "MISS")
        .append(" |\n");
  }

  private OptionalDouble get(BenchEngine engine, String scenario, String metric) {
    return config.engines().contains(engine)
        ? JdbcBench.find(run.figures(), engine, scenario, metric)
        : OptionalDouble.empty();
  }

  /** How many times faster the lookup of {@code fast} is than that of {@code slow}. */
  private OptionalDouble ratio(BenchEngine engine, String slow, String fast) {
    OptionalDouble s = get(engine, slow, "us_per_lookup");
    OptionalDouble f = get(engine, fast, "us_per_lookup");
    return s.isPresent() && f.isPresent() && f.getAsDouble() > 0
        ? OptionalDouble.of(s.getAsDouble() / f.getAsDouble())
        : OptionalDouble.empty();
  }

  private OptionalDouble fastest(String scenario, BenchEngine... engines) {
    OptionalDouble best = OptionalDouble.empty();
    for (BenchEngine engine : engines) {
      OptionalDouble v = get(engine, scenario, "us_per_lookup");
      if (v.isPresent() && (best.isEmpty() || v.getAsDouble() < best.getAsDouble())) {
        best = v;
      }
    }
    return best;
  }

  private static OptionalDouble mib(OptionalDouble bytes) {
    return bytes.isPresent()
        ? OptionalDouble.of(bytes.getAsDouble() / (1024 * 1024))
        : OptionalDouble.empty();
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String oneDecimal(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }
}
