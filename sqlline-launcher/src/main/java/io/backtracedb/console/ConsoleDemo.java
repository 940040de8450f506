package io.backtracedb.console;

import io.backtracedb.Database;
import io.backtracedb.Table;
import io.backtracedb.TableStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code backtrace demo [directory] [--rows N]}: recreates a demo database (default {@value
 * #DEFAULT_DIRECTORY}) with the {@code trades} workload and a {@code symbols} table, loaded through
 * the embedded API, then prints example queries and opens the console on it through JDBC. Without a
 * terminal it runs the example queries in SQLLine and exits with SQLLine's status.
 */
public final class ConsoleDemo {
  /** The demo database directory when none is named. */
  static final String DEFAULT_DIRECTORY = "demo-db";

  /** Trades loaded when {@code --rows} is not given. */
  static final int DEFAULT_ROWS = 1_000_000;

  /** The workload's seed: the same trades every run. */
  static final long SEED = 42;

  private final PrintStream out;
  private final PrintStream err;
  private final int rows;

  ConsoleDemo(PrintStream out, PrintStream err, int rows) {
    if (rows < 100) {
      throw new IllegalArgumentException("rows cannot be less than 100, got " + rows);
    }
    this.out = out;
    this.err = err;
    this.rows = rows;
  }

  /** Runs the demo; see the class comment. Exits 2 on bad arguments. */
  public static void main(String[] args) throws IOException {
    Path directory = Path.of(DEFAULT_DIRECTORY);
    int rows = DEFAULT_ROWS;
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--rows") && i + 1 < args.length) {
          rows = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
        } else if (args[i].startsWith("-")) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        } else {
          directory = Path.of(args[i]);
        }
      }
      ConsoleDemo demo = new ConsoleDemo(System.out, System.err, rows);
      System.exit(demo.run(directory, System.console() != null));
    } catch (IllegalArgumentException e) {
      System.err.println("backtrace demo: " + e.getMessage());
      System.err.println("usage: backtrace demo [directory] [--rows N]");
      System.exit(2);
    }
  }

  /**
   * Recreates the database in {@code directory} and opens the console on it: interactive when
   * {@code terminal}, else running the example queries. Returns SQLLine's exit status.
   */
  int run(Path directory, boolean terminal) throws IOException {
    TradesWorkload trades = load(directory);
    String url = BacktraceConsole.url(directory.toString());
    String queries = ExampleQueries.script(trades);
    out.println();
    if (terminal) {
      out.printf(Locale.ROOT, "Opening the console on %s. Queries to try:%n%n", url);
      out.println(queries);
      return BacktraceConsole.run(
          BacktraceConsole.sqlLineArgs(url, true, List.of()), null, out, err);
    }
    out.printf(Locale.ROOT, "No terminal: running the example queries on %s.%n%n", url);
    Path script = Files.createTempFile("backtrace-demo", ".sql");
    try {
      Files.writeString(script, queries, StandardCharsets.UTF_8);
      List<String> extra = List.of("-f", script.toString());
      // SQLLine echoes each statement as a message: keep it on out, beside its result.
      return BacktraceConsole.run(
          BacktraceConsole.sqlLineArgs(url, false, extra), InputStream.nullInputStream(), out, out);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** Recreates the database with both tables, flushed to Parquet, and closes it. */
  private TradesWorkload load(Path directory) throws IOException {
    DemoTables.deleteTree(directory);
    out.printf(
        Locale.ROOT,
        "BacktraceDB demo: loading %,d trades into %s%n",
        rows,
        directory.toAbsolutePath());
    TradesWorkload trades = TradesWorkload.generate(rows, SEED);
    try (Database db = Database.open(directory)) {
      Table table = DemoTables.createTrades(db, rows);
      long started = System.nanoTime();
      DemoTables.appendTrades(table, trades, out);
      table.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      TableStats stats = table.stats();
      out.printf(
          Locale.ROOT,
          "trades: %,d rows in %.2f s (%,.0f rows/s), %d Parquet blocks of up to %,d rows,"
              + " %,d bytes%n",
          stats.rowCount(),
          seconds,
          rows / seconds,
          stats.coldBlocks(),
          DemoTables.blockRows(rows),
          stats.bytesOnDisk());
      Table symbols = DemoTables.createSymbols(db);
      symbols.flush();
      out.printf(
          Locale.ROOT, "symbols: %,d rows (symbol, name, sector)%n", symbols.stats().rowCount());
      Table cpu = DemoTables.createCpu(db, trades.tsMicros[0] / 1000);
      cpu.flush();
      out.printf(
          Locale.ROOT,
          "cpu: %,d rows, a series table of %d hosts every 10 s, %,d bytes of Gorilla chunks%n",
          cpu.stats().rowCount(),
          DemoTables.HOSTS,
          cpu.stats().bytesOnDisk());
    }
    return trades;
  }
}
