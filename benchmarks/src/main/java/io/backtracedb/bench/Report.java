package io.backtracedb.bench;

import io.backtracedb.Durability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;

/**
 * The Markdown report of one embedded run: machine and command, the figures beside their targets
 * with pass or miss, then scan and ingest details.
 */
final class Report {
  private static final String NOTE = "¹";

  private final EmbeddedBench.Config config;
  private final Machine machine;
  private final List<Measurement> all;
  private final PeerBaseline peers;

  Report(EmbeddedBench.Config config, Machine machine, List<Measurement> all) {
    this.config = config;
    this.machine = machine;
    this.all = all;
    this.peers = PeerBaseline.forRows(config.rows());
  }

  /** The report, with links to the two chart files (paths relative to the report). */
  String toMarkdown(String ingestChart, String queryChart) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "## Embedded API, `trades`, %,d rows%n%n", config.rows()));
    md.append("Command: `").append(config.command()).append("`\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Each configuration ran in its own JVM with `-Xms%s -Xmx%s`%s. Ingest: the median of"
                + " %d runs, each in a fresh JVM and directory. Queries: at least %d warm-up runs"
                + " and %,d ms of warm-up, then the median of %d. Every answer is checked against"
                + " the generator.%n%n",
            config.heap(),
            config.heap(),
            config.jvmArgs().isEmpty() ? "" : " " + String.join(" ", config.jvmArgs()),
            config.ingestRuns(),
            config.warmup(),
            config.warmupMillis(),
            config.runs()));
    md.append(machine.toMarkdown());
    TimeVariant first = config.variants().get(0);
    md.append(
            Machine.loadMarkdown(
                Measurement.find(all, first, "machine", "load_1m_start").orElse(Double.NaN),
                Measurement.find(all, first, "machine", "load_1m_end").orElse(Double.NaN)))
        .append('\n');
    summary(md);
    md.append('\n');
    md.append("![W1 ingest](").append(ingestChart).append(")\n\n");
    md.append("![Query latencies](").append(queryChart).append(")\n\n");
    scans(md);
    md.append('\n');
    ingests(md);
    return md.toString();
  }

  /** One line of the summary: where its figure is, how to show it, and what it must reach. */
  private record Figure(
      String label,
      String scenario,
      String metric,
      DoubleFunction<String> format,
      String target,
      DoublePredicate pass,
      boolean againstBaseline) {}

  private void summary(StringBuilder md) {
    md.append("| figure |");
    for (TimeVariant v : config.variants()) {
      md.append(' ').append(header(v)).append(" |");
    }
    md.append(" target | status |\n|---|");
    md.append("---:|".repeat(config.variants().size()));
    md.append("---|---|\n");
    for (Figure figure : figures()) {
      row(md, figure);
    }
    if (peers != null) {
      md.append('\n')
          .append(NOTE)
          .append(' ')
          .append(PeerBaseline.SOURCE)
          .append(
              " (same machine class, the peers' own SQL or native paths); a status against it is"
                  + " indicative only. Our queries here go through the embedded reader, not SQL.\n");
    }
  }

  private List<Figure> figures() {
    List<Figure> figures = new ArrayList<>();
    for (Durability d : config.durabilities()) {
      String mode = d.name().toLowerCase(Locale.ROOT);
      String label =
          "W1 embedded ingest, `"
              + mode
              + "`, commit per 10,000 rows, rows/s (median of "
              + config.ingestRuns()
              + ")";
      String scenario = "w1_" + mode;
      if (d == Durability.SYNC) {
        figures.add(
            new Figure(
                label,
                scenario,
                "rows_per_s",
                Report::count,
                ">= 1,500,000",
                v -> v >= 1.5e6,
                false));
      } else if (d == Durability.NONE && peers != null) {
        String target =
            String.format(
                Locale.ROOT,
                ">= %,.0f (QuestDB `TableWriter`%s)",
                peers.questDbWriterRowsPerS(),
                NOTE);
        figures.add(
            new Figure(
                label,
                scenario,
                "rows_per_s",
                Report::count,
                target,
                v -> v >= peers.questDbWriterRowsPerS(),
                true));
      } else {
        figures.add(new Figure(label, scenario, "rows_per_s", Report::count, "-", null, false));
      }
    }
    figures.add(
        query(
            "Q1 `count(*), avg(price)` over a 1% time window, ms",
            "q1", peers == null ? 0 : peers.bestQ1Ms(), peers == null ? "" : peers.bestQ1Peer()));
    figures.add(
        query(
            "Q3 `GROUP BY symbol` count/avg(price)/max(qty), full scan, ms",
            "q3",
            peers == null ? 0 : peers.duckDbQ3Ms(),
            "DuckDB"));
    figures.add(
        query(
            "Q4 `sum(qty) WHERE price > median`, full scan, ms",
            "q4",
            peers == null ? 0 : peers.duckDbQ4Ms(),
            "DuckDB"));
    figures.add(
        new Figure(
            "`count(*)`, full scan of `ts`, ms",
            "count",
            "median_ms",
            Report::millis,
            "-",
            null,
            false));
    figures.add(
        new Figure(
            "reopen after close + `count(*)`, fresh JVM, ms",
            "reopen",
            "total_ms",
            Report::millis,
            peers == null ? "-" : "- (peers 21-78" + NOTE + ")",
            null,
            false));
    figures.add(
        new Figure(
            "the same reopen again in the now warm JVM, ms",
            "reopen",
            "warm_total_ms",
            Report::millis,
            "-",
            null,
            false));
    String disk = "disk_" + config.durabilities().get(0).name().toLowerCase(Locale.ROOT);
    String diskTarget = "-";
    double perRow = peers == null ? Double.NaN : peers.duckDbBytesPerRow();
    if (peers != null) {
      diskTarget =
          String.format(
              Locale.ROOT, "<= %.2f (DuckDB %.1f MiB%s)", perRow, peers.duckDbMib(), NOTE);
    }
    double rows = config.rows();
    figures.add(
        new Figure(
            "bytes on disk after close, bytes/row",
            disk,
            "bytes_per_row",
            v -> String.format(Locale.ROOT, "%.2f", v),
            diskTarget,
            peers == null ? null : v -> v <= perRow,
            true));
    figures.add(
        new Figure(
            "of which Parquet block files, bytes/row",
            disk,
            "block_bytes",
            v -> String.format(Locale.ROOT, "%.2f", v / rows),
            diskTarget,
            peers == null ? null : v -> v / rows <= perRow,
            true));
    figures.add(
        new Figure(
            "bytes on disk after close, MiB",
            disk,
            "bytes",
            v -> String.format(Locale.ROOT, "%.1f", v / (1024 * 1024)),
            "-",
            null,
            false));
    if (config.crashRows() > 0) {
      figures.add(
          new Figure(
              String.format(
                  Locale.ROOT,
                  "reopen with %,d rows in the WAL (SIGKILL, then open + `count(*)` in a fresh"
                      + " JVM; median of %d fresh JVMs), ms",
                  config.crashRows(),
                  config.runs()),
              "crash_reopen",
              "total_ms",
              Report::millis,
              "< 1,000",
              v -> v < 1000,
              false));
      figures.add(
          new Figure(
              "the same WAL replayed again in the now warm JVM (open + `count(*)`), ms",
              "crash_reopen",
              "warm_total_ms",
              Report::millis,
              "-",
              null,
              false));
    }
    return figures;
  }

  /** A query latency whose target is 1.5 times a peer's baseline figure (none: no target). */
  private Figure query(String label, String scenario, double peerMs, String peer) {
    if (peers == null) {
      return new Figure(label, scenario, "median_ms", Report::millis, "-", null, false);
    }
    String target =
        String.format(
            Locale.ROOT, "<= %s (1.5x %s %s%s)", millis(1.5 * peerMs), peer, millis(peerMs), NOTE);
    return new Figure(
        label, scenario, "median_ms", Report::millis, target, v -> v <= 1.5 * peerMs, true);
  }

  private void row(StringBuilder md, Figure figure) {
    md.append("| ").append(figure.label()).append(" |");
    List<String> statuses = new ArrayList<>();
    for (TimeVariant v : config.variants()) {
      OptionalDouble value = Measurement.find(all, v, figure.scenario(), figure.metric());
      md.append(' ')
          .append(value.isPresent() ? figure.format().apply(value.getAsDouble()) : "-")
          .append(" |");
      if (value.isPresent() && figure.pass() != null) {
        statuses.add(
            (figure.pass().test(value.getAsDouble()) ? "pass" : "MISS")
                + (figure.againstBaseline() ? NOTE : ""));
      }
    }
    md.append(' ')
        .append(figure.target())
        .append(" | ")
        .append(statuses.isEmpty() ? "-" : String.join(" / ", statuses))
        .append(" |\n");
  }

  private void scans(StringBuilder md) {
    md.append(
        "| query | ts | median ms | min ms | max ms | median CPU ms | blocks read/total |"
            + " row groups read/total | rows read | rows matched |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String q : List.of("count", "q1", "q3", "q4")) {
      for (TimeVariant v : config.variants()) {
        if (Measurement.find(all, v, q, "median_ms").isEmpty()) {
          continue;
        }
        double blocks = get(v, q, "blocks_total");
        double groups = get(v, q, "row_groups_total");
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %.0f/%.0f | %.0f/%.0f | %,.0f | %,.0f |%n",
                q,
                v.label(),
                millis(get(v, q, "median_ms")),
                millis(get(v, q, "min_ms")),
                millis(get(v, q, "max_ms")),
                millis(get(v, q, "median_cpu_ms")),
                blocks - get(v, q, "blocks_skipped"),
                blocks,
                groups - get(v, q, "row_groups_skipped"),
                groups,
                get(v, q, "rows_read"),
                get(v, q, "rows_matched")));
      }
    }
  }

  private void ingests(StringBuilder md) {
    md.append(
        "| ingest | ts | rows/s (median) | slowest-fastest run | seconds | Java CPU s | commits |"
            + " close ms | bytes on disk | block files |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Durability d : config.durabilities()) {
      String mode = d.name().toLowerCase(Locale.ROOT);
      for (TimeVariant v : config.variants()) {
        String w = "w1_" + mode;
        String disk = "disk_" + mode;
        if (Measurement.find(all, v, w, "rows_per_s").isEmpty()) {
          continue;
        }
        md.append(
            String.format(
                Locale.ROOT,
                "| `%s` | %s | %s | %s-%s | %.2f | %.2f | %,.0f | %s | %,.0f | %.0f |%n",
                mode,
                v.label(),
                count(get(v, w, "rows_per_s")),
                count(get(v, w, "rows_per_s_min")),
                count(get(v, w, "rows_per_s_max")),
                get(v, w, "ingest_s"),
                get(v, w, "java_cpu_s"),
                get(v, w, "commits"),
                millis(get(v, w, "close_ms")),
                get(v, disk, "bytes"),
                get(v, disk, "block_files")));
      }
    }
  }

  private double get(TimeVariant v, String scenario, String metric) {
    return Measurement.find(all, v, scenario, metric).orElse(Double.NaN);
  }

  private static String header(TimeVariant v) {
    return v == TimeVariant.TIMESTAMP_MS ? "`ts TIMESTAMP` (ms)" : "`ts BIGINT` (us)";
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** Milliseconds with three significant digits or so. */
  static String millis(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return value >= 10
        ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
