package io.backtracedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

/**
 * The Markdown report of one run of the JDBC workload: command, machine, each engine's version and
 * settings, the figures side by side with BacktraceDB's ratio to the best peer, and
 * PERFORMANCE.md's targets judged on the peers measured in the same run.
 */
final class JdbcReport {
  private final JdbcBench.Config config;
  private final JdbcBench.Run run;
  private final List<JdbcBench.Figure> all;

  JdbcReport(JdbcBench.Config config, JdbcBench.Run run) {
    this.config = config;
    this.run = run;
    this.all = run.figures();
  }

  /**
   * One row of the figures table.
   *
   * @param label what the row shows
   * @param scenario the scenario of the figure
   * @param metric its metric
   * @param scale what the value is multiplied by for display
   * @param format how a displayed value is written
   * @param higherIsBetter whether a larger value is better (rates) or worse (times, bytes)
   */
  private record Row(
      String label,
      String scenario,
      String metric,
      double scale,
      DoubleFunction<String> format,
      boolean higherIsBetter) {}

  /** The report, with a link to the chart (a path relative to the report). */
  String toMarkdown(String chart) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(Locale.ROOT, "## JDBC workload, `trades`, %,d rows%n%n", config.rows()));
    md.append("Command: `").append(config.command()).append("`\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Each engine ran in its own JVM with `-Xms%s -Xmx%s`%s, one after the other. W1: a"
                + " prepared `INSERT INTO trades VALUES (?, ?, ?, ?)`, `addBatch` x %,d, then"
                + " `executeBatch` and `commit()` (autocommit off). Q1-Q6: literal SQL text in a"
                + " new `Statement` per run, at least %d warm-up runs and %,d ms of warm-up, then"
                + " the median of %d (reading every row is part of the time). Q7: a prepared"
                + " `SELECT ... WHERE ts = ?`, %,d random existing keys to warm up (for at least"
                + " %,d ms), then %d timed passes of %,d other ones each, the median pass"
                + " reported (a pass lasts tens of milliseconds, which other work on a shared"
                + " machine can double). QuestDB has no in-process JDBC driver: it"
                + " runs the same steps through its SQL compiler (W1 a compiled `INSERT ... VALUES"
                + " ($1, $2, $3, $4)` executed per row and committed per batch, Q1-Q6 compiled"
                + " anew each run, Q7 compiled once with a bind variable). W1 native: the same"
                + " rows and commits through each engine's own bulk path into a fresh database."
                + " Every answer is checked against the generator; a wrong one fails the run.%n%n",
            config.heap(),
            config.heap(),
            config.jvmArgs().isEmpty() ? "" : " " + String.join(" ", config.jvmArgs()),
            config.batchRows(),
            config.warmup(),
            config.warmupMillis(),
            config.runs(),
            config.lookups(),
            config.warmupMillis(),
            config.runs(),
            config.lookups()));
    md.append(run.machine().toMarkdown());
    md.append(Machine.loadMarkdown(run.loadStart(), run.loadEnd())).append('\n');
    md.append("| engine | version | configuration | native bulk path |\n|---|---|---|---|\n");
    for (BenchEngine engine : config.engines()) {
      md.append("| ")
          .append(engine.displayName())
          .append(" | ")
          .append(run.versions().getOrDefault(engine, "?"))
          .append(" | ")
          .append(engine.settings())
          .append(" | ")
          .append(engine.nativeIngest() == null ? "-" : engine.nativeIngest())
          .append(" |\n");
    }
    md.append('\n');
    figures(md);
    md.append("\n![JDBC workload](").append(chart).append(")\n\n");
    targets(md);
    return md.toString();
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "W1 `executeBatch` (QuestDB: compiled INSERT), rows/s",
            "w1",
            "rows_per_s",
            1,
            JdbcReport::count,
            true));
    rows.add(
        new Row(
            "W1 native bulk path, rows/s", "w1_native", "rows_per_s", 1, JdbcReport::count, true));
    String[] queries = {
      "Q1 1% window `count(*), avg(price)`",
      "Q2 Q1 + `symbol = 'SYM000'`",
      "Q3 `GROUP BY symbol` count/avg/max",
      "Q4 `sum(qty) WHERE price > median`",
      "Q5 latest row per symbol",
      "Q6 one-minute buckets over one hour"
    };
    for (int q = 1; q <= 6; q++) {
      rows.add(new Row(queries[q - 1] + ", ms", "q" + q, "median_ms", 1, Report::millis, false));
    }
    rows.add(
        new Row("Q7 prepared point lookup, us", "q7", "us_per_lookup", 1, Report::millis, false));
    rows.add(
        new Row(
            "statement, fresh text each run, ms",
            "stmt_fresh",
            "median_ms",
            1,
            Report::millis,
            false));
    rows.add(
        new Row(
            "statement, same text but a literal, ms",
            "stmt_literal",
            "median_ms",
            1,
            Report::millis,
            false));
    rows.add(
        new Row(
            "statement, prepared and run again, ms",
            "stmt_prepared",
            "median_ms",
            1,
            Report::millis,
            false));
    rows.add(
        new Row(
            "disk after close, MiB",
            "disk",
            "bytes",
            1.0 / (1024 * 1024),
            v -> String.format(Locale.ROOT, "%.1f", v),
            false));
    rows.add(new Row("reopen + `count(*)`, ms", "reopen", "total_ms", 1, Report::millis, false));
    rows.add(
        new Row(
            "W1 `prepareStatement` of the INSERT (once, not in the rate), ms",
            "w1",
            "prepare_ms",
            1,
            Report::millis,
            false));
    rows.add(new Row("close after W1, ms", "w1", "close_ms", 1, Report::millis, false));
    return rows;
  }

  private void figures(StringBuilder md) {
    md.append("| figure |");
    for (BenchEngine engine : config.engines()) {
      md.append(' ').append(engine.displayName()).append(" |");
    }
    boolean ratio = hasPeers();
    md.append(ratio ? " BacktraceDB vs best peer |\n|---|" : "\n|---|");
    md.append("---:|".repeat(config.engines().size() + (ratio ? 1 : 0))).append('\n');
    for (Row row : rows()) {
      md.append("| ").append(row.label()).append(" |");
      for (BenchEngine engine : config.engines()) {
        OptionalDouble value = JdbcBench.find(all, engine, row.scenario(), row.metric());
        md.append(' ')
            .append(value.isPresent() ? row.format().apply(value.getAsDouble() * row.scale()) : "-")
            .append(" |");
      }
      if (ratio) {
        md.append(' ').append(ratioToBestPeer(row)).append(" |");
      }
      md.append('\n');
    }
  }

  /** How many times better (or worse) BacktraceDB is than the best peer, e.g. "2.5x better". */
  private String ratioToBestPeer(Row row) {
    OptionalDouble ours = value(JdbcEngine.BACKTRACE, row.scenario(), row.metric());
    OptionalDouble best = best(row.scenario(), row.metric(), row.higherIsBetter());
    if (ours.isEmpty() || best.isEmpty() || ours.getAsDouble() <= 0 || best.getAsDouble() <= 0) {
      return "-";
    }
    double factor =
        row.higherIsBetter()
            ? ours.getAsDouble() / best.getAsDouble()
            : best.getAsDouble() / ours.getAsDouble();
    return factor >= 1
        ? String.format(Locale.ROOT, "%.2fx better", factor)
        : String.format(Locale.ROOT, "%.2fx worse", 1 / factor);
  }

  private boolean hasPeers() {
    return config.engines().contains(JdbcEngine.BACKTRACE) && config.engines().size() > 1;
  }

  private OptionalDouble value(BenchEngine engine, String scenario, String metric) {
    return config.engines().contains(engine)
        ? JdbcBench.find(all, engine, scenario, metric)
        : OptionalDouble.empty();
  }

  /** The best peer's value (largest or smallest), over the peers of this run. */
  private OptionalDouble best(String scenario, String metric, boolean higherIsBetter) {
    OptionalDouble best = OptionalDouble.empty();
    for (BenchEngine engine : config.engines()) {
      if (engine == JdbcEngine.BACKTRACE) {
        continue;
      }
      OptionalDouble v = JdbcBench.find(all, engine, scenario, metric);
      if (v.isPresent()
          && (best.isEmpty()
              || (higherIsBetter
                  ? v.getAsDouble() > best.getAsDouble()
                  : v.getAsDouble() < best.getAsDouble()))) {
        best = v;
      }
    }
    return best;
  }

  /** PERFORMANCE.md's JDBC-relevant targets, judged on the peers of this run. */
  private void targets(StringBuilder md) {
    if (!hasPeers()) {
      return;
    }
    md.append("| target (PERFORMANCE.md) | BacktraceDB | reference in this run | status |\n");
    md.append("|---|---:|---|---|\n");
    OptionalDouble w1 = value(JdbcEngine.BACKTRACE, "w1", "rows_per_s");
    target(
        md,
        "W1 JDBC >= 3x the best peer's SQL insert path (JDBC batch; QuestDB compiled INSERT)",
        w1,
        best("w1", "rows_per_s", true),
        JdbcReport::count,
        (ours, ref) -> ours >= 3 * ref,
        "3x " + peerName("w1", "rows_per_s", true));
    target(
        md,
        "W1 JDBC faster than DuckDB's native Appender",
        w1,
        value(JdbcEngine.DUCKDB, "w1_native", "rows_per_s"),
        JdbcReport::count,
        (ours, ref) -> ours > ref,
        "DuckDB Appender");
    target(
        md,
        "W1 JDBC >= 1,000,000 rows/s",
        w1,
        OptionalDouble.of(1e6),
        JdbcReport::count,
        (ours, ref) -> ours >= ref,
        "1,000,000");
    target(
        md,
        "W1 embedded API, no fsync, at least QuestDB's `TableWriter`",
        value(JdbcEngine.BACKTRACE, "w1_native", "rows_per_s"),
        value(QuestDbEngine.QUESTDB, "w1_native", "rows_per_s"),
        JdbcReport::count,
        (ours, ref) -> ours >= ref,
        "QuestDB `TableWriter`");
    for (String q : List.of("q1", "q2")) {
      target(
          md,
          q.toUpperCase(Locale.ROOT) + " within 1.5x of the best peer, ms",
          value(JdbcEngine.BACKTRACE, q, "median_ms"),
          best(q, "median_ms", false),
          Report::millis,
          (ours, ref) -> ours <= 1.5 * ref,
          "1.5x " + peerName(q, "median_ms", false));
    }
    for (String q : List.of("q3", "q4")) {
      target(
          md,
          q.toUpperCase(Locale.ROOT) + " within 1.5x of DuckDB, ms",
          value(JdbcEngine.BACKTRACE, q, "median_ms"),
          value(JdbcEngine.DUCKDB, q, "median_ms"),
          Report::millis,
          (ours, ref) -> ours <= 1.5 * ref,
          "1.5x DuckDB");
    }
    for (String q : List.of("q3", "q4")) {
      target(
          md,
          q.toUpperCase(Locale.ROOT) + " >= 20x faster than SQLite and H2, ms",
          value(JdbcEngine.BACKTRACE, q, "median_ms"),
          bestOf(q, "median_ms", JdbcEngine.SQLITE, JdbcEngine.H2),
          Report::millis,
          (ours, ref) -> ours * 20 <= ref,
          "1/20 of the faster of SQLite and H2");
    }
    boolean questDb = config.engines().contains(QuestDbEngine.QUESTDB);
    target(
        md,
        "Q5 latest per key within 2x of QuestDB's `LATEST ON`"
            + (questDb ? "" : " (not in this run: the best peer instead)")
            + ", ms",
        value(JdbcEngine.BACKTRACE, "q5", "median_ms"),
        questDb ? value(QuestDbEngine.QUESTDB, "q5", "median_ms") : best("q5", "median_ms", false),
        Report::millis,
        (ours, ref) -> ours <= 2 * ref,
        "2x " + (questDb ? "QuestDB" : peerName("q5", "median_ms", false)));
    target(
        md,
        "Q6 time buckets at least as fast as DuckDB and QuestDB, ms",
        value(JdbcEngine.BACKTRACE, "q6", "median_ms"),
        bestOf("q6", "median_ms", JdbcEngine.DUCKDB, QuestDbEngine.QUESTDB),
        Report::millis,
        (ours, ref) -> ours <= ref,
        "the faster of DuckDB and QuestDB");
    target(
        md,
        "Q7 point lookup within 2x of QuestDB, us",
        value(JdbcEngine.BACKTRACE, "q7", "us_per_lookup"),
        value(QuestDbEngine.QUESTDB, "q7", "us_per_lookup"),
        Report::millis,
        (ours, ref) -> ours <= 2 * ref,
        "2x QuestDB");
    target(
        md,
        "Q7 point lookup ahead of SQLite and H2, us",
        value(JdbcEngine.BACKTRACE, "q7", "us_per_lookup"),
        bestOf("q7", "us_per_lookup", JdbcEngine.SQLITE, JdbcEngine.H2),
        Report::millis,
        (ours, ref) -> ours < ref,
        "the faster of SQLite and H2");
    OptionalDouble duckDisk = value(JdbcEngine.DUCKDB, "disk", "bytes");
    target(
        md,
        "bytes on disk at most DuckDB's, MiB",
        scaled(value(JdbcEngine.BACKTRACE, "disk", "bytes")),
        scaled(duckDisk),
        v -> String.format(Locale.ROOT, "%.1f", v),
        (ours, ref) -> ours <= ref,
        "DuckDB");
  }

  /** A comparison of BacktraceDB's figure with a reference value. */
  @FunctionalInterface
  private interface Pass {
    boolean test(double ours, double reference);
  }

  private static void target(
      StringBuilder md,
      String label,
      OptionalDouble ours,
      OptionalDouble reference,
      DoubleFunction<String> format,
      Pass pass,
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
        .append(pass.test(ours.getAsDouble(), reference.getAsDouble()) ? "pass" : "MISS")
        .append(" |\n");
  }

  private OptionalDouble bestOf(String scenario, String metric, BenchEngine... engines) {
    OptionalDouble best = OptionalDouble.empty();
    for (BenchEngine engine : engines) {
      OptionalDouble v = value(engine, scenario, metric);
      if (v.isPresent() && (best.isEmpty() || v.getAsDouble() < best.getAsDouble())) {
        best = v;
      }
    }
    return best;
  }

  private String peerName(String scenario, String metric, boolean higherIsBetter) {
    OptionalDouble best = best(scenario, metric, higherIsBetter);
    for (BenchEngine engine : config.engines()) {
      if (engine != JdbcEngine.BACKTRACE
          && best.isPresent()
          && JdbcBench.find(all, engine, scenario, metric).equals(best)) {
        return engine.displayName();
      }
    }
    return "the best peer";
  }

  private static OptionalDouble scaled(OptionalDouble bytes) {
    return bytes.isPresent()
        ? OptionalDouble.of(bytes.getAsDouble() / (1024 * 1024))
        : OptionalDouble.empty();
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
