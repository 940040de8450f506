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
                + " and random existing keys (a fifth of the count to warm up, then the count"
                + " timed): `SELECT * FROM trades WHERE order_id = ?` without an index (%,d"
                + " lookups: each one scans) and Q7 `SELECT ts, symbol, price, qty FROM trades"
                + " WHERE ts = ?` (%,d lookups); `CREATE UNIQUE INDEX trades_order_id ON trades"
                + " (order_id)` on the populated table, timed, and the `order_id` lookups again"
                + " (%,d); `CREATE INDEX trades_ts ON trades (ts)` and Q7 again. Every looked-up"
                + " row is checked against the generator (every column, one row per key). SQLite"
                + " and H2 key the table on `ts` (their Q7 is a primary-key lookup, so they build"
                + " no index on `ts`); QuestDB indexes only SYMBOL columns, so its `order_id`"
                + " lookups scan (a JIT-compiled filter on its workers) and its Q7 searches the"
                + " designated timestamp. \"Plan names the index\" reads the engine's EXPLAIN for"
                + " one key.%n%n",
            config.heap(),
            config.heap(),
            config.jvmArgs().isEmpty() ? "" : " " + String.join(" ", config.jvmArgs()),
            config.batchRows(),
            config.scanLookups(),
            config.lookups(),
            config.lookups()));
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
    rows.add(
        new Row(
            "load, SQL insert path, rows/s",
            e -> get(e, "load", "rows_per_s"),
            IndexReport::count));
    rows.add(
        new Row(
            "disk after load and close, MiB",
            e -> mib(get(e, "disk", "bytes")),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "`order_id` lookup, no index (scan), us",
            e -> get(e, "order_id_scan", "us_per_lookup"),
            Report::millis));
    rows.add(
        new Row(
            "`CREATE UNIQUE INDEX` on `order_id`, s",
            e -> get(e, "order_id_index", "build_s"),
            Report::millis));
    rows.add(
        new Row(
            "... entries per second of the build",
            e -> get(e, "order_id_index", "entries_per_s"),
            IndexReport::count));
    rows.add(
        new Row(
            "... index entries (`sys.indexes`)",
            e -> get(e, "order_id_index", "entries"),
            IndexReport::count));
    rows.add(
        new Row(
            "... index pages (`sys.indexes`)",
            e -> get(e, "order_id_index", "pages"),
            IndexReport::count));
    rows.add(
        new Row(
            "... index height (`sys.indexes`)",
            e -> get(e, "order_id_index", "height"),
            IndexReport::count));
    rows.add(
        new Row(
            "... index file, MiB (`sys.indexes`)",
            e -> mib(get(e, "order_id_index", "bytes")),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... index bytes per entry (`sys.indexes`)",
            e -> get(e, "order_id_index", "bytes_per_entry"),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... growth of the files on disk, MiB",
            e -> mib(get(e, "order_id_index", "disk_growth_bytes")),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... plan names the index (1 = yes)",
            e -> get(e, "order_id_indexed", "plan_names_index"),
            IndexReport::count));
    rows.add(
        new Row(
            "`order_id` lookup with the index, us",
            e -> get(e, "order_id_indexed", "us_per_lookup"),
            Report::millis));
    rows.add(
        new Row(
            "`order_id` speed-up of the index (no index / index), x",
            e -> ratio(e, "order_id_scan", "order_id_indexed"),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "Q7 `ts` lookup, no index on `ts`, us",
            e -> get(e, "q7", "us_per_lookup"),
            Report::millis));
    rows.add(
        new Row("`CREATE INDEX` on `ts`, s", e -> get(e, "ts_index", "build_s"), Report::millis));
    rows.add(
        new Row(
            "... index file, MiB (`sys.indexes`)",
            e -> mib(get(e, "ts_index", "bytes")),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... index bytes per entry (`sys.indexes`)",
            e -> get(e, "ts_index", "bytes_per_entry"),
            IndexReport::oneDecimal));
    rows.add(
        new Row(
            "... plan names the index (1 = yes)",
            e -> get(e, "q7_indexed", "plan_names_index"),
            IndexReport::count));
    rows.add(
        new Row(
            "Q7 `ts` lookup with the index on `ts`, us",
            e -> get(e, "q7_indexed", "us_per_lookup"),
            Report::millis));
    return rows;
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
    for (String q7 : List.of("q7", "q7_indexed")) {
      String label = q7.equals("q7") ? "Q7 (no index on `ts`)" : "Q7 (index on `ts`)";
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
