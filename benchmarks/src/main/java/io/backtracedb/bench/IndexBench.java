package io.backtracedb.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The index workload harness: {@code trades} with a unique {@code order_id} in random order, point
 * lookups by {@code order_id} and by {@code ts} before and after {@code CREATE INDEX}, on
 * BacktraceDB beside QuestDB, SQLite and H2, each engine in its own child JVM ({@link IndexTask}).
 * Writes the figures as CSV, a Markdown report and a chart.
 */
final class IndexBench {
  /**
   * The engines of a run unless {@code --engines} says otherwise. DuckDB is left out: loading 10
   * million rows through its JDBC batch takes most of an hour.
   */
  static final String DEFAULT_ENGINES = "backtrace,questdb,sqlite,h2";

  private final JdbcBench.Config config;
  private final PrintStream log;

  IndexBench(JdbcBench.Config config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /** Parses the options of {@code Main index}; see {@code docs/performance.md}. */
  static JdbcBench.Config parse(String[] args) {
    return JdbcBench.Config.parse(args, "index", DEFAULT_ENGINES);
  }

  /** Runs every engine and writes the outputs; a failed child or wrong answer throws. */
  JdbcBench.Outcome run() throws Exception {
    JdbcBench.Run run = JdbcBench.runEngines(config, log, "index");
    String base = "index-" + config.label();
    Path csv = JdbcBench.writeCsv(config, base, run.figures());
    Path chart = config.outDir().resolve(base + ".png");
    IndexCharts.write(chart, config, run.figures());
    Path report = config.outDir().resolve(base + ".md");
    Files.writeString(
        report,
        new IndexReport(config, run).toMarkdown(chart.getFileName().toString()),
        StandardCharsets.UTF_8);
    log.println("wrote " + csv + ", " + report + ", " + chart);
    return new JdbcBench.Outcome(run.figures(), csv, report, chart);
  }
}
