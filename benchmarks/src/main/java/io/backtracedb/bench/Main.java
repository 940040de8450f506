package io.backtracedb.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The benchmark program: {@code embedded [rows] [options]} runs the whole-workload harness (see
 * {@code docs/performance.md}), {@code jdbc [rows] [options]} the JDBC workload against the peers,
 * {@code index [rows] [options]} the index workload against the peers, {@code metrics [options]}
 * the series-table workload, {@code jmh [JMH options]} the microbenchmarks, and {@code child <task>
 * [options]} one task of the harness inside a child JVM.
 */
@SuppressForbidden(reason = "a command-line program: prints to the console and sets its exit code")
public final class Main {
  private Main() {}

  /** Entry point; exits with 1 when a run fails or an answer is wrong, 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage(System.err);
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "embedded" -> System.exit(embedded(rest, System.out));
      case "jdbc" -> System.exit(jdbc(rest, System.out));
      case "index" -> System.exit(index(rest, System.out));
      case "metrics" -> System.exit(metrics(rest, System.out));
      case "child" -> System.exit(child(rest, System.out));
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      default -> {
        usage(System.err);
        System.exit(2);
      }
    }
  }

  /** Runs the embedded harness; returns the exit code. */
  static int embedded(String[] args, PrintStream out) throws Exception {
    System.setProperty("java.awt.headless", "true");
    EmbeddedBench.Config config;
    try {
      config = EmbeddedBench.Config.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      EmbeddedBench.Outcome outcome = new EmbeddedBench(config, out).run();
      out.printf(
          Locale.ROOT, "done: %d figures in %s%n", outcome.measurements().size(), outcome.csv());
      return 0;
    } catch (ChildJvm.BenchmarkFailure e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** Runs the JDBC workload harness; returns the exit code. */
  static int jdbc(String[] args, PrintStream out) throws Exception {
    System.setProperty("java.awt.headless", "true");
    JdbcBench.Config config;
    try {
      config = JdbcBench.Config.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      JdbcBench.Outcome outcome = new JdbcBench(config, out).run();
      out.printf(Locale.ROOT, "done: %d figures in %s%n", outcome.figures().size(), outcome.csv());
      return 0;
    } catch (ChildJvm.BenchmarkFailure e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** Runs the index workload harness; returns the exit code. */
  static int index(String[] args, PrintStream out) throws Exception {
    System.setProperty("java.awt.headless", "true");
    JdbcBench.Config config;
    try {
      config = IndexBench.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      JdbcBench.Outcome outcome = new IndexBench(config, out).run();
      out.printf(Locale.ROOT, "done: %d figures in %s%n", outcome.figures().size(), outcome.csv());
      return 0;
    } catch (ChildJvm.BenchmarkFailure e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** Runs the metrics (series tables) workload harness; returns the exit code. */
  static int metrics(String[] args, PrintStream out) throws Exception {
    System.setProperty("java.awt.headless", "true");
    MetricsBench.Config config;
    try {
      config = MetricsBench.Config.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      MetricsBench.Outcome outcome = new MetricsBench(config, out).run();
      out.printf(Locale.ROOT, "done: %d figures in %s%n", outcome.figures().size(), outcome.csv());
      return 0;
    } catch (ChildJvm.BenchmarkFailure e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** Runs one child task; returns the exit code. */
  static int child(String[] args, PrintStream out) {
    try {
      Args parsed = Args.parse(args, ChildTask.OPTIONS);
      if (parsed.positional().size() != 1) {
        throw new IllegalArgumentException(
            "a child runs exactly one task, got " + parsed.positional());
      }
      ChildTask task =
          switch (parsed.positional().get(0)) {
            case "ingest" -> new IngestTask(parsed, out);
            case "query" -> new QueryTask(parsed, out);
            case "jdbc" -> new JdbcTask(parsed, out);
            case "index" -> new IndexTask(parsed, out);
            case "metrics-ingest" -> new MetricsIngestTask(parsed, out);
            case "metrics-store" -> new MetricsStoreTask(parsed, out);
            case "crash-ingest" -> new CrashTask(parsed, out, System.in, false);
            case "crash-reopen" -> new CrashTask(parsed, out, System.in, true);
            default ->
                throw new IllegalArgumentException(
                    "unknown child task '" + parsed.positional().get(0) + "'");
          };
      task.run();
      return 0;
    } catch (Exception | AssertionError e) {
      // The stack trace goes to standard error, which the parent passes through.
      e.printStackTrace();
      return 1;
    }
  }

  private static void usage(PrintStream err) {
    err.println(
        "usage: Main embedded [rows] [--rows N] [--crash-rows N] [--ingest-runs N]"
            + " [--variants timestamp_ms,bigint_us]"
            + " [--durabilities sync,async,none] [--warmup N] [--warmup-ms MS] [--runs N] [--heap 4g]"
            + " [--jvm-arg ARG]... [--data DIR] [--out DIR] [--label NAME] [--jfr DIR]\n"
            + "       Main jdbc [rows] [--engines backtrace,sqlite,h2,duckdb,questdb] [--batch N]"
            + " [--lookups N] [--warmup N] [--warmup-ms MS] [--runs N] [--heap 4g]"
            + " [--jvm-arg ARG]... [--data DIR] [--out DIR] [--label NAME]\n"
            + "       Main index [rows] [--engines backtrace,questdb,sqlite,h2] [--batch N]"
            + " [--lookups N] [--scan-lookups N] [--heap 4g] [--jvm-arg ARG]... [--data DIR]"
            + " [--out DIR] [--label NAME]\n"
            + "       Main metrics [--hosts N] [--scrapes N] [--engines series,table,duckdb]"
            + " [--ingest series-sync,series-none,series-jdbc,table-sync] [--ingest-runs N]"
            + " [--batch N] [--warmup N] [--warmup-ms MS] [--runs N] [--heap 4g] [--jvm-arg ARG]..."
            + " [--data DIR] [--out DIR] [--label NAME] [--jfr DIR]\n"
            + "       Main jmh [JMH options]   (for example: Main jmh -l, Main jmh RowFilter)");
  }
}
