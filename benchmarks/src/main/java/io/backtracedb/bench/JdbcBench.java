package io.backtracedb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The JDBC workload harness: BacktraceDB beside SQLite, H2 and DuckDB in one run, each engine in
 * its own child JVM with the same heap ({@link JdbcTask}). Writes the figures as CSV, a Markdown
 * report and a chart.
 */
final class JdbcBench {
  /** Options of {@code Main jdbc}. */
  static final Set<String> OPTIONS =
      Set.of(
          "rows",
          "engines",
          "batch",
          "lookups",
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

  /** The CSV header. */
  static final String CSV_HEADER = "rows,engine,scenario,metric,value,unit";

  /** What to run and where the output goes. */
  record Config(
      int rows,
      List<JdbcEngine> engines,
      int batchRows,
      int lookups,
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

    /** Parses the options of {@code Main jdbc}; see {@code docs/performance.md}. */
    static Config parse(String[] args) {
      Args a = Args.parse(args, OPTIONS);
      int rows = a.getInt("rows", 1_000_000);
      if (!a.positional().isEmpty()) {
        rows = Args.parseCount("rows", a.positional().get(0));
      }
      List<JdbcEngine> engines = new ArrayList<>();
      for (String e : a.get("engines", "backtrace,sqlite,h2,duckdb").split(",")) {
        engines.add(JdbcEngine.parse(e));
      }
      return new Config(
          rows,
          engines,
          a.getInt("batch", ChildTask.DEFAULT_BATCH_ROWS),
          a.getInt("lookups", JdbcTask.DEFAULT_LOOKUPS),
          a.getInt("warmup", 3),
          a.getInt("warmup-ms", 2000),
          a.getInt("runs", 5),
          a.get("heap", "4g"),
          a.all("jvm-arg"),
          Path.of(a.get("data", "benchmarks/target/bench-data")),
          Path.of(a.get("out", "docs/perf")),
          a.get("label", EmbeddedBench.Config.label(rows)),
          Long.parseLong(a.get("seed", "42")),
          a.get("command", "java io.backtracedb.bench.Main jdbc " + String.join(" ", args)));
    }
  }

  /**
   * One figure of one engine: a line of the CSV.
   *
   * @param engine the engine measured
   * @param result the figure
   */
  record Figure(JdbcEngine engine, Result result) {}

  /** What a run produced. */
  record Outcome(List<Figure> figures, Path csv, Path report, Path chart) {}

  private final Config config;
  private final PrintStream log;
  private final ChildJvm jvm;

  JdbcBench(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
    this.jvm = new ChildJvm(config.heap(), config.jvmArgs(), null, log);
  }

  /** Runs every engine and writes the outputs; a failed child or wrong answer throws. */
  Outcome run() throws IOException, InterruptedException, SQLException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.outDir());
    Machine machine = Machine.describe(config.dataDir());
    Map<JdbcEngine, String> versions = new LinkedHashMap<>();
    for (JdbcEngine engine : config.engines()) {
      versions.put(engine, engine.versions());
    }
    List<Figure> all = new ArrayList<>();
    double loadStart = Machine.loadAverage();
    for (JdbcEngine engine : config.engines()) {
      Path dir = config.dataDir().resolve("jdbc-" + engine.label());
      for (Result result : jvm.run("jdbc-" + engine.label(), task(engine, dir))) {
        all.add(new Figure(engine, result));
      }
      DiskUsage.deleteTree(dir);
    }
    double loadEnd = Machine.loadAverage();
    return write(machine, versions, loadStart, loadEnd, all);
  }

  private List<String> task(JdbcEngine engine, Path dir) {
    return List.of(
        "jdbc",
        "--engine",
        engine.label(),
        "--rows",
        Integer.toString(config.rows()),
        "--batch",
        Integer.toString(config.batchRows()),
        "--lookups",
        Integer.toString(config.lookups()),
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
  static OptionalDouble find(List<Figure> all, JdbcEngine engine, String scenario, String metric) {
    for (Figure f : all) {
      if (f.engine() == engine
          && f.result().scenario().equals(scenario)
          && f.result().metric().equals(metric)) {
        return OptionalDouble.of(f.result().value());
      }
    }
    return OptionalDouble.empty();
  }

  private Outcome write(
      Machine machine,
      Map<JdbcEngine, String> versions,
      double loadStart,
      double loadEnd,
      List<Figure> all)
      throws IOException {
    String base = "jdbc-" + config.label();
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
    Path chart = config.outDir().resolve(base + ".png");
    JdbcCharts.write(chart, config, all);
    Path report = config.outDir().resolve(base + ".md");
    Files.writeString(
        report,
        new JdbcReport(config, machine, versions, loadStart, loadEnd, all)
            .toMarkdown(chart.getFileName().toString()),
        StandardCharsets.UTF_8);
    log.println("wrote " + csv + ", " + report + ", " + chart);
    return new Outcome(all, csv, report, chart);
  }
}
