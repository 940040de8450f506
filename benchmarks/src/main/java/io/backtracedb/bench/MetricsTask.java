package io.backtracedb.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The common part of the metrics workload's child tasks: the engine, the workload's size and its
 * generation before anything is timed.
 */
abstract class MetricsTask extends ChildTask {
  /** Hosts of the quick and full runs. */
  static final int DEFAULT_HOSTS = 1000;

  /** Scrapes per host of the quick run: one hour at 10 s. */
  static final int QUICK_SCRAPES = 360;

  protected final MetricsEngine engine;
  protected final int hosts;
  protected final int scrapes;

  protected MetricsTask(Args args, PrintStream out) {
    super(args, out);
    this.engine = MetricsEngine.parse(args.get("engine", "series"));
    this.hosts = args.getInt("hosts", DEFAULT_HOSTS);
    this.scrapes = args.getInt("scrapes", QUICK_SCRAPES);
  }

  /** The workload's arrays, generated and noted before timing starts. */
  protected MetricsData generateMetrics() {
    long started = System.nanoTime();
    MetricsData data = MetricsData.generate(hosts, scrapes, seed);
    note(
        String.format(
            Locale.ROOT,
            "generated %,d hosts x %,d scrapes = %,d rows, %,d samples in %.2f s",
            hosts,
            scrapes,
            data.rows(),
            data.samples(),
            (System.nanoTime() - started) / 1e9));
    return data;
  }
}
