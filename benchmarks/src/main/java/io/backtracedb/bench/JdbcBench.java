package io.backtracedb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The JDBC workload harness: BacktraceDB beside SQLite, H2, DuckDB and QuestDB in one run, each
 * engine in its own child JVM with the same heap ({@link JdbcTask}). Writes the figures as CSV, a
 * Markdown report and a chart. The index workload ({@link IndexBench}) runs its engines the same
 * way, through {@link #runEngines}.
 */
final class JdbcBench {
  /** Options of {@code Main jdbc} and {@code Main index}. */
  static final Set<String> OPTIONS =
      Set.of(
          "rows",
          "engines",
          "batch",
          "lookups",
          "scan-lookups",
          "lookup-seconds",
          "warmup",
          "warmup-ms",
          "runs",
          "heap",
          "jvm-arg",
          "data",
          "out",
          "label",
          "seed",
          "command");

  /** The engines of a run unless {@code --engines} says otherwise, in the order of runs. */
  static final String DEFAULT_ENGINES = "backtrace,sqlite,h2,duckdb,questdb";

  /** The CSV header. */
  static final String CSV_HEADER = "rows,engine,scenario,metric,value,unit";

  /** What to run and where the output goes. */
  record Config(
      int rows,
      List<BenchEngine> engines,
      int batchRows,
      int lookups,
      int scanLookups,
      int lookupSeconds,
      int warmup,
      int warmupMillis,
      int runs,
      String heap,
      List<String> jvmArgs,
      Path dataDir,
      Path outDir,
      String label,
      long seed,
      String command) {

    /**
     * Warm-up per query and lookup pass: the JIT takes several seconds to compile a JVM engine's
     * query path on two shared cores, and steady state is what an application's queries see.
     */
    static final int DEFAULT_WARMUP_MILLIS = 5_000;

    /** Parses the options of {@code Main jdbc}; see {@code docs/performance.md}. */
    static Config parse(String[] args) {
      return parse(args, "jdbc", DEFAULT_ENGINES);
    }

    /** Parses the options of {@code Main <mode>}, whose engines default to {@code engines}. */
    static Config parse(String[] args, String mode, String engines) {
      Args a = Args.parse(args, OPTIONS);
      int rows = a.getInt("rows", 1_000_000);
      if (!a.positional().isEmpty()) {
        rows = Args.parseCount("rows", a.positional().get(0));
      }
      return new Config(
          rows,
          BenchEngine.parseList(a.get("engines", engines)),
          a.getInt("batch", ChildTask.DEFAULT_BATCH_ROWS),
          a.getInt("lookups", JdbcTask.DEFAULT_LOOKUPS),
          a.getInt("scan-lookups", IndexTask.DEFAULT_SCAN_LOOKUPS),
          a.getInt("lookup-seconds", IndexTask.DEFAULT_LOOKUP_SECONDS),
          a.getInt("warmup", 3),
          a.getInt("warmup-ms", DEFAULT_WARMUP_MILLIS),
          a.getInt("runs", 5),
          a.get("heap", "4g"),
          a.all("jvm-arg"),
          Path.of(a.get("data", "benchmarks/target/bench-data")),
          Path.of(a.get("out", "docs/perf")),
          a.get("label", EmbeddedBench.Config.label(rows)),
          Long.parseLong(a.get("seed", "42")),
          a.get(
              "command", "java io.backtracedb.bench.Main " + mode + " " + String.join(" ", args)));
    }
  }

  /**
   * One figure of one engine: a line of the CSV.
   *
   * @param engine the engine measured
   * @param result the figure
   */
  record Figure(BenchEngine engine, Result result) {}

  /**
   * What the engines of a run produced, with the conditions it ran in.
   *
   * @param machine the machine
   * @param versions each engine's product and driver versions
   * @param loadStart the 1-minute load average before the first engine
   * @param loadEnd the same after the last one
   * @param figures every figure of every engine
   */
  record Run(
      Machine machine,
      Map<BenchEngine, String> versions,
      double loadStart,
      double loadEnd,
      List<Figure> figures) {}

  /** What a run produced. */
  record Outcome(List<Figure> figures, Path csv, Path report, Path chart) {}

  private final Config config;
  private final PrintStream log;

  JdbcBench(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /** Runs every engine and writes the outputs; a failed child or wrong answer throws. */
  Outcome run() throws Exception {
    Run run = runEngines(config, log, "jdbc");
    String base = "jdbc-" + config.label();
    Path csv = writeCsv(config, base, run.figures());
    Path chart = config.outDir().resolve(base + ".png");
    JdbcCharts.write(chart, config, run.figures());
    Path report = config.outDir().resolve(base + ".md");
    Files.writeString(
        report,
        new JdbcReport(config, run).toMarkdown(chart.getFileName().toString()),
        StandardCharsets.UTF_8);
    log.println("wrote " + csv + ", " + report + ", " + chart);
    return new Outcome(run.figures(), csv, report, chart);
  }

  /**
   * Runs child task {@code task} for each engine of {@code config} in turn, each in its own JVM and
   * a fresh database directory (deleted afterwards), and collects their figures.
   */
  static Run runEngines(Config config, PrintStream log, String task) throws Exception {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.outDir());
    Machine machine = Machine.describe(config.dataDir());
    Map<BenchEngine, String> versions = new LinkedHashMap<>();
    for (BenchEngine engine : config.engines()) {
      versions.put(engine, engine.versions());
    }
    ChildJvm jvm = new ChildJvm(config.heap(), config.jvmArgs(), null, log);
    List<Figure> all = new ArrayList<>();
    double loadStart = Machine.loadAverage();
    for (BenchEngine engine : config.engines()) {
      String name = task + "-" + engine.label();
      Path dir = config.dataDir().resolve(name);
      for (Result result : jvm.run(name, taskArgs(config, task, engine, dir))) {
        all.add(new Figure(engine, result));
      }
      DiskUsage.deleteTree(dir);
    }
    double loadEnd = Machine.loadAverage();
    return new Run(machine, versions, loadStart, loadEnd, all);
  }

  private static List<String> taskArgs(Config config, String task, BenchEngine engine, Path dir) {
    return List.of(
        task,
        "--engine",
        engine.label(),
        "--rows",
        Integer.toString(config.rows()),
        "--batch",
        Integer.toString(config.batchRows()),
        "--lookups",
        Integer.toString(config.lookups()),
        "--scan-lookups",
        Integer.toString(config.scanLookups()),
        "--lookup-seconds",
        Integer.toString(config.lookupSeconds()),
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

  /** The value of a figure, if it was measured. */
  static OptionalDouble find(List<Figure> all, BenchEngine engine, String scenario, String metric) {
    for (Figure f : all) {
      if (f.engine() == engine
          && f.result().scenario().equals(scenario)
          && f.result().metric().equals(metric)) {
        return OptionalDouble.of(f.result().value());
      }
    }
    return OptionalDouble.empty();
  }

  /** Writes every figure as a line of {@code <out>/<base>.csv}; returns the file. */
  static Path writeCsv(Config config, String base, List<Figure> all) throws IOException {
    Path csv = config.outDir().resolve(base + ".csv");
    StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
    for (Figure f : all) {
      Result r = f.result();
      text.append(config.rows())
          .append(',')
          .append(f.engine().label())
          .append(',')
          .append(r.scenario())
          .append(',')
          .append(r.metric())
          .append(',')
          .append(Result.format(r.value()))
          .append(',')
          .append(r.unit())
          .append('\n');
    }
    Files.writeString(csv, text, StandardCharsets.UTF_8);
    return csv;
  }
}
