package io.backtracedb.bench;

import io.backtracedb.Durability;
import io.backtracedb.RowBatch;
import io.backtracedb.Table;
import io.backtracedb.console.TradesWorkload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The common part of the tasks one child JVM runs: its options, the generated workload, and the
 * stream its results go to.
 */
abstract class ChildTask {
  /** Options every child task accepts. */
  static final Set<String> OPTIONS =
      Set.of(
          "rows",
          "variant",
          "durability",
          "dir",
          "warmup",
          "warmup-ms",
          "runs",
          "seed",
          "batch",
          "engine",
          "lookups",
          "scan-lookups",
          "lookup-seconds",
          "hosts",
          "scrapes",
          "api");

  /** Rows committed per append, as W1 prescribes. */
  static final int DEFAULT_BATCH_ROWS = 10_000;

  protected final PrintStream out;
  protected final int rows;
  protected final TimeVariant variant;
  protected final Durability durability;
  protected final Path dir;
  protected final int warmup;
  protected final long warmupMillis;
  protected final int runs;
  protected final long seed;
  protected final int batchRows;

  protected ChildTask(Args args, PrintStream out) {
    this.out = out;
    this.rows = args.getInt("rows", 20_000);
    this.variant = TimeVariant.parse(args.get("variant", "timestamp_ms"));
    this.durability = Durability.parse(args.get("durability", "sync"));
    String directory = args.get("dir", null);
    if (directory == null) {
      throw new IllegalArgumentException("a child task needs --dir");
    }
    this.dir = Path.of(directory);
    this.warmup = args.getInt("warmup", 3);
    this.warmupMillis = args.getInt("warmup-ms", JdbcBench.Config.DEFAULT_WARMUP_MILLIS);
    this.runs = args.getInt("runs", 5);
    this.seed = Long.parseLong(args.get("seed", "42"));
    this.batchRows = args.getInt("batch", DEFAULT_BATCH_ROWS);
    if (rows < 1 || runs < 1 || batchRows < 1) {
      throw new IllegalArgumentException("rows, runs and batch must be at least 1");
    }
  }

  /** Runs the task, printing result lines. */
  abstract void run() throws Exception;

  /** Prints one result line. */
  protected void emit(String scenario, String metric, double value, String unit) {
    out.println(new Result(scenario, metric, value, unit).toLine());
    out.flush();
  }

  /** Progress for the person watching; goes to the parent's log, not the results. */
  protected void note(String text) {
    out.println("# " + text);
    out.flush();
  }

  /** The generator's rows; generated before any timing starts. */
  protected TradesWorkload generate(int count) {
    long started = System.nanoTime();
    TradesWorkload trades = TradesWorkload.generate(count, seed);
    note(
        String.format(
            Locale.ROOT,
            "generated %,d rows in %.2f s",
            count,
            (System.nanoTime() - started) / 1e9));
    return trades;
  }

  /**
   * Appends the rows through the embedded API, a commit per {@code batchRows} rows: the W1 loop.
   * Returns the number of commits.
   */
  protected int appendAll(Table table, TradesWorkload trades, long[] ts) {
    String[] names = new String[TradesWorkload.SYMBOLS];
    for (int s = 0; s < names.length; s++) {
      names[s] = TradesWorkload.symbolName(s);
    }
    int[] symbol = trades.symbol;
    double[] price = trades.price;
    long[] qty = trades.qty;
    int count = ts.length;
    int commits = 0;
    RowBatch batch = table.newBatch();
    for (int i = 0; i < count; i++) {
      batch
          .setLong(0, ts[i])
          .setString(1, names[symbol[i]])
          .setDouble(2, price[i])
          .setLong(3, qty[i])
          .endRow();
      if (batch.rowCount() == batchRows) {
        table.append(batch);
        batch.clear();
        commits++;
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
      commits++;
    }
    return commits;
  }

  /** Fails the run: an answer differs from the generator's expectation. */
  protected static void check(boolean ok, String what) {
    if (!ok) {
      throw new WrongAnswerException(what);
    }
  }

  /** A query returned something other than the exact expected answer. */
  static final class WrongAnswerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongAnswerException(String message) {
      super("wrong answer: " + message);
    }
  }
}
