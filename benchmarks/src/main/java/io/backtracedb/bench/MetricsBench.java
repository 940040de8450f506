package io.backtracedb.bench;

import io.backtracedb.Durability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@code metrics} workload harness (series tables): ingest into BacktraceDB series tables in
 * several configurations, then storage and {@code rate()} queries in a series table, an ordinary
 * table and DuckDB; every configuration in its own child JVM. Writes the figures as CSV, a Markdown
 * report and SVG charts.
 */
final class MetricsBench {
  /** Options of {@code Main metrics}. */
  static final Set<String> OPTIONS =
      Set.of(
          "hosts",
          "scrapes",
          "engines",
          "ingest",
          "ingest-runs",
          "batch",
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

  /** The CSV header. */
  static final String CSV_HEADER = "hosts,scrapes,config,scenario,metric,value,unit";

  /** An ingest configuration: which table, through which API, in which durability mode. */
  enum Ingest {
    /** A series table through the embedded API, durability {@code sync} (the default). */
    SERIES_SYNC("series-sync", MetricsEngine.SERIES, false, Durability.SYNC),
    /** A series table through the embedded API, durability {@code none}. */
    SERIES_NONE("series-none", MetricsEngine.SERIES, false, Durability.NONE),
    /** A series table through JDBC {@code executeBatch}, durability {@code sync}. */
    SERIES_JDBC("series-jdbc", MetricsEngine.SERIES, true, Durability.SYNC),
    /** An ordinary table through the embedded API, durability {@code sync}: the reference. */
    TABLE_SYNC("table-sync", MetricsEngine.TABLE, false, Durability.SYNC);

    private final String label;
    private final MetricsEngine engine;
    private final boolean jdbc;
    private final Durability durability;

    Ingest(String label, MetricsEngine engine, boolean jdbc, Durability durability) {
      this.label = label;
      this.engine = engine;
      this.jdbc = jdbc;
      this.durability = durability;
    }

    /** The name on command lines and in the CSV ({@code ingest-<label>}). */
    String label() {
      return label;
    }

    /** What the report calls it. */
    String description() {
      return engine.displayName()
          + (jdbc ? ", JDBC `executeBatch` + `commit()`" : ", embedded `Table.append(RowBatch)`")
          + ", durability `"
          + durability.name().toLowerCase(Locale.ROOT)
          + "`";
    }

    /** Parses a label. */
    static Ingest parse(String text) {
      for (Ingest ingest : values()) {
        if (ingest.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
          return ingest;
        }
      }
      throw new IllegalArgumentException(
          "ingest must be among series-sync, series-none, series-jdbc, table-sync, got '"
              + text
              + "'");
    }
  }

  /** What to run and where the output goes. */
  record Config(
      int hosts,
      int scrapes,
      List<MetricsEngine> engines,
      List<Ingest> ingests,
      int ingestRuns,
      int batchRows,
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

    /** Parses the options of {@code Main metrics}; see {@code docs/performance.md}. */
    static Config parse(String[] args) {
      Args a = Args.parse(args, OPTIONS);
      if (!a.positional().isEmpty()) {
        throw new IllegalArgumentException("unexpected arguments " + a.positional());
      }
      List<MetricsEngine> engines = new ArrayList<>();
      for (String e : a.get("engines", "series,table,duckdb").split(",")) {
        engines.add(MetricsEngine.parse(e));
      }
      List<Ingest> ingests = new ArrayList<>();
      String ingestList = a.get("ingest", "series-sync,series-none,series-jdbc,table-sync");
      if (!ingestList.isBlank()) {
        for (String i : ingestList.split(",")) {
          ingests.add(Ingest.parse(i));
        }
      }
      int hosts = a.getInt("hosts", MetricsTask.DEFAULT_HOSTS);
      int scrapes = a.getInt("scrapes", MetricsTask.QUICK_SCRAPES);
      String jfr = a.get("jfr", null);
      return new Config(
          hosts,
          scrapes,
          engines,
          ingests,
          a.getInt("ingest-runs", 3),
          a.getInt("batch", ChildTask.DEFAULT_BATCH_ROWS),
          a.getInt("warmup", 3),
          a.getInt("warmup-ms", 2000),
          a.getInt("runs", 5),
          a.get("heap", "4g"),
          a.all("jvm-arg"),
          Path.of(a.get("data", "benchmarks/target/bench-data")),
          Path.of(a.get("out", "docs/perf")),
          a.get("label", hosts + "x" + scrapes),
          jfr == null ? null : Path.of(jfr),
          Long.parseLong(a.get("seed", "42")),
          a.get("command", "java io.backtracedb.bench.Main metrics " + String.join(" ", args)));
    }

    /** Rows of the six-metric table. */
    long rows() {
      return (long) hosts * scrapes;
    }

    /** Samples of the six-metric table. */
    long samples() {
      return rows() * MetricsData.METRICS;
    }
  }

  /**
   * One figure of one child configuration: a line of the CSV.
   *
   * @param config {@code ingest-<ingest label>} or {@code store-<engine label>}
   * @param result the figure
   */
  record Figure(String config, Result result) {}

  /** What a run produced. */
  record Outcome(List<Figure> figures, Path csv, Path report, List<Path> charts) {}

  private final Config config;
  private final PrintStream log;
  private final ChildJvm jvm;

  MetricsBench(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
    this.jvm = new ChildJvm(config.heap(), config.jvmArgs(), config.jfrDir(), log);
  }

  /** The configuration name of an ingest configuration's figures. */
  static String ingestConfig(Ingest ingest) {
    return "ingest-" + ingest.label();
  }

  /** The configuration name of an engine's storage and query figures. */
  static String storeConfig(MetricsEngine engine) {
    return "store-" + engine.label();
  }

  /** Runs every configuration and writes the outputs; a failed child or wrong answer throws. */
  Outcome run() throws IOException, InterruptedException, SQLException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.outDir());
    if (config.jfrDir() != null) {
      Files.createDirectories(config.jfrDir());
    }
    Machine machine = Machine.describe(config.dataDir());
    List<Figure> all = new ArrayList<>();
    all.add(new Figure("machine", new Result("machine", "load_1m_start", load(), "load")));
    if (config.ingestRuns() > 0) {
      for (Ingest ingest : config.ingests()) {
        Path dir = config.dataDir().resolve("metrics-" + ingest.label());
        List<List<Result>> samples = new ArrayList<>();
        for (int run = 1; run <= config.ingestRuns(); run++) {
          samples.add(
              jvm.run(
                  "metrics-" + ingest.label() + "-" + run,
                  task("metrics-ingest", ingest.engine, dir, ingest.jdbc, ingest.durability)));
        }
        for (Result r : EmbeddedBench.medians(samples, "samples_per_s")) {
          all.add(new Figure(ingestConfig(ingest), r));
        }
        DiskUsage.deleteTree(dir);
      }
    }
    for (MetricsEngine engine : config.engines()) {
      Path dir = config.dataDir().resolve("metrics-store-" + engine.label());
      List<String> task = task("metrics-store", engine, dir, false, Durability.SYNC);
      for (Result r : jvm.run("metrics-store-" + engine.label(), task)) {
        all.add(new Figure(storeConfig(engine), r));
      }
      DiskUsage.deleteTree(dir);
    }
    all.add(new Figure("machine", new Result("machine", "load_1m_end", load(), "load")));
    return write(machine, all);
  }

  private double load() {
    double load = Machine.loadAverage();
    log.println("1-minute load average: " + load);
    return load;
  }

  private List<String> task(
      String name, MetricsEngine engine, Path dir, boolean jdbc, Durability durability) {
    return List.of(
        name,
        "--engine",
        engine.label(),
        "--api",
        jdbc ? "jdbc" : "embedded",
        "--durability",
        durability.name().toLowerCase(Locale.ROOT),
        "--hosts",
        Integer.toString(config.hosts()),
        "--scrapes",
        Integer.toString(config.scrapes()),
        "--batch",
        Integer.toString(config.batchRows()),
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
  static OptionalDouble find(List<Figure> all, String config, String scenario, String metric) {
    for (Figure f : all) {
      if (f.config().equals(config)
          && f.result().scenario().equals(scenario)
          && f.result().metric().equals(metric)) {
        return OptionalDouble.of(f.result().value());
      }
    }
    return OptionalDouble.empty();
  }

  private Outcome write(Machine machine, List<Figure> all) throws IOException, SQLException {
    String base = "metrics-" + config.label();
    Path csv = config.outDir().resolve(base + ".csv");
    StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
    for (Figure f : all) {
      Result r = f.result();
      text.append(config.hosts())
          .append(',')
          .append(config.scrapes())
          .append(',')
          .append(f.config())
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
    List<Path> charts = MetricsCharts.write(config.outDir(), base, config, all);
    Path report = config.outDir().resolve(base + ".md");
    Files.writeString(
        report, new MetricsReport(config, machine, all).toMarkdown(charts), StandardCharsets.UTF_8);
    log.println("wrote " + csv + ", " + report + ", " + charts);
    return new Outcome(all, csv, report, charts);
  }
}
