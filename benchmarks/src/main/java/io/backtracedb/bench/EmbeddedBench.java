package io.backtracedb.bench;

import io.backtracedb.Durability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole-workload harness for the embedded API: for each time variant it runs W1 ingest in each
 * durability mode, then the queries on the database the {@code sync} run left, then the crash
 * reopen; every configuration in its own child JVM. Writes the figures as CSV, a Markdown report
 * and charts.
 */
final class EmbeddedBench {
  /** Options of {@code Main embedded}. */
  static final Set<String> OPTIONS =
      Set.of(
          "rows",
          "crash-rows",
          "ingest-runs",
          "variants",
          "durabilities",
          "warmup",
          "warmup-ms",
          "runs",
          "heap",
          "jvm-arg",
          "data",
          "out",
          "label",
          "jfr",
          "seed",
          "command");

  /** What to run and where the output goes. */
  record Config(
      int rows,
      int crashRows,
      int ingestRuns,
      List<TimeVariant> variants,
      List<Durability> durabilities,
      int warmup,
      int warmupMillis,
      int runs,
      String heap,
      List<String> jvmArgs,
      Path dataDir,
      Path outDir,
      String label,
      Path jfrDir,
      long seed,
      String command) {

    /** Parses the options of {@code Main embedded}; see {@code docs/performance.md}. */
    static Config parse(String[] args) {
      Args a = Args.parse(args, OPTIONS);
      int rows = a.getInt("rows", 1_000_000);
      if (!a.positional().isEmpty()) {
        rows = Args.parseCount("rows", a.positional().get(0));
      }
      List<TimeVariant> variants = new ArrayList<>();
      for (String v : a.get("variants", "timestamp_ms,bigint_us").split(",")) {
        variants.add(TimeVariant.parse(v));
      }
      List<Durability> durabilities = new ArrayList<>();
      for (String d : a.get("durabilities", "sync,async,none").split(",")) {
        durabilities.add(Durability.parse(d));
      }
      String jfr = a.get("jfr", null);
      return new Config(
          rows,
          a.getInt("crash-rows", 1_000_000),
          Math.max(1, a.getInt("ingest-runs", 3)),
          variants,
          durabilities,
          a.getInt("warmup", 3),
          a.getInt("warmup-ms", 2000),
          a.getInt("runs", 5),
          a.get("heap", "4g"),
          a.all("jvm-arg"),
          Path.of(a.get("data", "benchmarks/target/bench-data")),
          Path.of(a.get("out", "docs/perf")),
          a.get("label", label(rows)),
          jfr == null ? null : Path.of(jfr),
          Long.parseLong(a.get("seed", "42")),
          a.get("command", "java io.backtracedb.bench.Main embedded " + String.join(" ", args)));
    }

    /** {@code 1m}, {@code 10m}, {@code 20k}, or the number. */
    static String label(int rows) {
      if (rows % 1_000_000 == 0) {
        return rows / 1_000_000 + "m";
      }
      return rows % 1_000 == 0 ? rows / 1_000 + "k" : Integer.toString(rows);
    }
  }

  /** What a run produced. */
  record Outcome(List<Measurement> measurements, Path csv, Path report, List<Path> charts) {}

  private final Config config;
  private final PrintStream log;
  private final ChildJvm jvm;

  EmbeddedBench(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
    this.jvm = new ChildJvm(config.heap(), config.jvmArgs(), config.jfrDir(), log);
  }

  /** Runs every configuration and writes the outputs; a failed child or wrong answer throws. */
  Outcome run() throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.outDir());
    if (config.jfrDir() != null) {
      Files.createDirectories(config.jfrDir());
    }
    Machine machine = Machine.describe(config.dataDir());
    List<Measurement> all = new ArrayList<>();
    TimeVariant first = config.variants().get(0);
    all.add(machineLoad(first, "load_1m_start"));
    for (TimeVariant variant : config.variants()) {
      Path queryDir = null;
      for (Durability durability : config.durabilities()) {
        String mode = durability.name().toLowerCase(Locale.ROOT);
        Path dir = config.dataDir().resolve(variant.label() + "-" + mode);
        // Each run ingests into a fresh directory in a fresh JVM; the last one's data stays.
        List<List<Result>> samples = new ArrayList<>();
        for (int run = 1; run <= config.ingestRuns(); run++) {
          samples.add(
              jvm.run(
                  variant.label() + "-ingest-" + mode + "-" + run,
                  task("ingest", config.rows(), variant, durability, dir)));
        }
        add(all, config.rows(), variant, medians(samples, "rows_per_s"));
        boolean keep =
            queryDir == null
                && (durability == Durability.SYNC
                    || !config.durabilities().contains(Durability.SYNC));
        if (keep) {
          queryDir = dir;
        } else {
          DiskUsage.deleteTree(dir);
        }
      }
      if (queryDir != null) {
        List<Result> results =
            jvm.run(
                variant.label() + "-query",
                task("query", config.rows(), variant, Durability.SYNC, queryDir));
        add(all, config.rows(), variant, results);
        DiskUsage.deleteTree(queryDir);
      }
    }
    if (config.crashRows() > 0) {
      TimeVariant variant = config.variants().get(0);
      Path dir = config.dataDir().resolve("crash");
      List<String> ingest = task("crash-ingest", config.crashRows(), variant, Durability.SYNC, dir);
      add(all, config.crashRows(), variant, jvm.runUntilReadyThenKill("crash-ingest", ingest));
      List<String> reopen = task("crash-reopen", config.crashRows(), variant, Durability.SYNC, dir);
      // One fresh JVM is one sample of a noisy figure: take the median of several.
      List<List<Result>> samples = new ArrayList<>();
      for (int run = 1; run <= config.runs(); run++) {
        samples.add(jvm.run("crash-reopen-" + run, reopen));
      }
      add(all, config.crashRows(), variant, medians(samples, "total_ms"));
      DiskUsage.deleteTree(dir);
    }
    all.add(machineLoad(first, "load_1m_end"));
    return write(machine, all);
  }

  private Measurement machineLoad(TimeVariant variant, String metric) {
    double load = Machine.loadAverage();
    log.println("1-minute load average: " + load);
    return new Measurement(config.rows(), variant, new Result("machine", metric, load, "load"));
  }

  private List<String> task(
      String name, int rows, TimeVariant variant, Durability durability, Path dir) {
    return List.of(
        name,
        "--rows",
        Integer.toString(rows),
        "--variant",
        variant.label(),
        "--durability",
        durability.name().toLowerCase(Locale.ROOT),
        "--dir",
        dir.toAbsolutePath().toString(),
        "--warmup",
        Integer.toString(config.warmup()),
        "--warmup-ms",
        Integer.toString(config.warmupMillis()),
        "--runs",
        Integer.toString(config.runs()),
        "--seed",
        Long.toString(config.seed()));
  }

  /**
   * Per figure, the median over runs that printed the same figures in the same order; for {@code
   * rangeMetric} also the minimum, maximum and number of runs.
   */
  static List<Result> medians(List<List<Result>> runs, String rangeMetric) {
    List<Result> first = runs.get(0);
    List<Result> merged = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      Result r = first.get(i);
      long[] values = new long[runs.size()];
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int run = 0; run < runs.size(); run++) {
        Result other = runs.get(run).get(i);
        if (!other.scenario().equals(r.scenario()) || !other.metric().equals(r.metric())) {
          throw new ChildJvm.BenchmarkFailure("runs printed different figures: " + other);
        }
        // Micro-units keep three decimals through the long median.
        values[run] = Math.round(other.value() * 1000);
        min = Math.min(min, other.value());
        max = Math.max(max, other.value());
      }
      merged.add(new Result(r.scenario(), r.metric(), CpuTime.median(values) / 1000, r.unit()));
      if (r.metric().equals(rangeMetric)) {
        merged.add(new Result(r.scenario(), rangeMetric + "_min", min, r.unit()));
        merged.add(new Result(r.scenario(), rangeMetric + "_max", max, r.unit()));
        merged.add(new Result(r.scenario(), "fresh_jvms", runs.size(), "runs"));
      }
    }
    return merged;
  }

  private static void add(
      List<Measurement> all, int rows, TimeVariant variant, List<Result> results) {
    for (Result result : results) {
      all.add(new Measurement(rows, variant, result));
    }
  }

  private Outcome write(Machine machine, List<Measurement> all) throws IOException {
    String base = "embedded-" + config.label();
    Path csv = config.outDir().resolve(base + ".csv");
    StringBuilder text = new StringBuilder(Measurement.CSV_HEADER).append('\n');
    for (Measurement m : all) {
      text.append(m.toCsv()).append('\n');
    }
    Files.writeString(csv, text, StandardCharsets.UTF_8);
    Path ingestChart = config.outDir().resolve(base + "-ingest.png");
    Path queryChart = config.outDir().resolve(base + "-queries.png");
    Charts.ingest(ingestChart, config, all);
    Charts.queries(queryChart, config, all);
    Path report = config.outDir().resolve(base + ".md");
    Files.writeString(
        report,
        new Report(config, machine, all)
            .toMarkdown(ingestChart.getFileName().toString(), queryChart.getFileName().toString()),
        StandardCharsets.UTF_8);
    log.println("wrote " + csv + ", " + report + ", " + ingestChart + ", " + queryChart);
    return new Outcome(all, csv, report, List.of(ingestChart, queryChart));
  }
}
