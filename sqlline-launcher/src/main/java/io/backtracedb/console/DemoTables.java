package io.backtracedb.console;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo tables, written through the embedded API: {@code trades} (the {@link TradesWorkload}),
 * {@code symbols}, one row per symbol with a made-up company name and its sector, and {@code cpu},
 * a series table of host metrics scraped every 10 seconds.
 */
final class DemoTables {
  /** Rows per commit while loading trades, unless a block holds fewer. */
  static final int BATCH = 10_000;

  /** {@code trades(ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE, qty BIGINT)}. */
  static final Schema TRADES =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("symbol", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .build();

  /** {@code symbols(symbol VARCHAR NOT NULL, name VARCHAR, sector VARCHAR)}. */
  static final Schema SYMBOLS =
      Schema.builder()
          .notNull("symbol", ColumnType.VARCHAR)
          .column("name", ColumnType.VARCHAR)
          .column("sector", ColumnType.VARCHAR)
          .build();

  /**
   * {@code cpu(ts TIMESTAMP NOT NULL, host VARCHAR NOT NULL, region VARCHAR, usage_user DOUBLE,
   * requests BIGINT)}, a series table tagged by host and region.
   */
  static final Schema CPU =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("host", ColumnType.VARCHAR)
          .column("region", ColumnType.VARCHAR)
          .column("usage_user", ColumnType.DOUBLE)
          .column("requests", ColumnType.BIGINT)
          .build();

  /** Hosts of the {@code cpu} table. */
  static final int HOSTS = 20;

  /** Scrapes per host: one hour every 10 seconds. */
  static final int SCRAPES = 360;

  // Company names are first x middle x last word: 10 x 10 x 10 = the 1000 symbols, all distinct.
  private static final String[] FIRST = {
    "Northern", "Pacific", "Summit", "Blue", "Iron", "Silver", "Atlas", "Harbor", "Cedar", "Golden"
  };
  private static final String[] MIDDLE = {
    "River", "Peak", "Bridge", "Stone", "Field", "Wave", "Forge", "Crest", "Valley", "Star"
  };
  private static final String[] LAST = {
    "Industries",
    "Systems",
    "Energy",
    "Foods",
    "Labs",
    "Capital",
    "Motors",
    "Networks",
    "Power",
    "Materials"
  };

  /** The sector of a company whose name ends with {@code LAST[i]}. */
  private static final String[] SECTOR = {
    "Industrials",
    "Information Technology",
    "Energy",
    "Consumer Staples",
    "Health Care",
    "Financials",
    "Consumer Discretionary",
    "Communication Services",
    "Utilities",
    "Materials"
  };

  private DemoTables() {}

  /** Block rows for {@code rows} trades: five blocks, as 200,000 rows per block for a million. */
  static int blockRows(int rows) {
    return Math.max(1000, rows / 5);
  }

  /** Creates {@code trades} with time column {@code ts} and {@link #blockRows(int)}. */
  static Table createTrades(Database db, int rows) {
    return db.createTable(
        "trades",
        TRADES,
        TableOptions.defaults().withTimeColumn("ts").withBlockRows(blockRows(rows)));
  }

  /**
   * Rows per commit into {@code table}: {@link #BATCH}, or a block's rows when fewer, because a
   * commit lands whole in one block.
   */
  static int commitRows(Table table) {
    return Math.min(BATCH, table.options().blockRows());
  }

  /**
   * Appends the workload to {@code table} ({@link #TRADES}) in commits of {@link #commitRows} rows,
   * printing a progress line to {@code out} at every fifth of the rows. Timestamps become
   * milliseconds.
   */
  static void appendTrades(Table table, TradesWorkload trades, PrintStream out) {
    int rows = trades.rows();
    int step = Math.max(1, rows / 5);
    int commitRows = commitRows(table);
    RowBatch batch = table.newBatch();
    for (int i = 0; i < rows; i++) {
      batch
          .setLong(0, trades.tsMicros[i] / 1000)
          .setString(1, TradesWorkload.symbolName(trades.symbol[i]))
          .setDouble(2, trades.price[i])
          .setLong(3, trades.qty[i])
          .endRow();
      if (batch.rowCount() == commitRows) {
        table.append(batch);
        batch.clear();
      }
      if ((i + 1) % step == 0) {
        out.printf(Locale.ROOT, "  ... %,d rows%n", i + 1);
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  /** Creates {@code symbols} and appends one row per symbol in one commit. */
  static Table createSymbols(Database db) {
    Table table = db.createTable("symbols", SYMBOLS);
    RowBatch batch = table.newBatch();
    for (int s = 0; s < TradesWorkload.SYMBOLS; s++) {
      batch.addRow(TradesWorkload.symbolName(s), companyName(s), sector(s));
    }
    table.append(batch);
    return table;
  }

  /**
   * Creates the series table {@code cpu} and appends an hour of scrapes from {@link #HOSTS} hosts
   * starting at {@code startMillis}: a CPU gauge moving in steps of 0.5 and a request counter that
   * restarts from zero once per host.
   */
  static Table createCpu(Database db, long startMillis) {
    Table table =
        db.createTable(
            "cpu",
            CPU,
            TableOptions.defaults()
                .withTimeColumn("ts")
                .asSeries(java.util.List.of("host", "region")));
    java.util.Random random = new java.util.Random(42);
    double[] usage = new double[HOSTS];
    long[] requests = new long[HOSTS];
    RowBatch batch = table.newBatch();
    for (int scrape = 0; scrape < SCRAPES; scrape++) {
      for (int host = 0; host < HOSTS; host++) {
        usage[host] = Math.max(0, Math.min(100, usage[host] + 0.5 * (random.nextInt(3) - 1)));
        requests[host] = scrape == 180 + host ? 0 : requests[host] + 5 + random.nextInt(10 + host);
        batch.addRow(
            startMillis + scrape * 10_000L,
            String.format(Locale.ROOT, "web%02d", host),
            host % 2 == 0 ? "eu" : "us",
            usage[host],
            requests[host]);
      }
    }
    table.append(batch);
    return table;
  }

  /** The company behind symbol {@code s}, e.g. {@code Northern River Industries} for SYM000. */
  static String companyName(int s) {
    return FIRST[s / 100] + " " + MIDDLE[s / 10 % 10] + " " + LAST[s % 10];
  }

  /** The sector of symbol {@code s}: 100 symbols in each of ten sectors. */
  static String sector(int s) {
    return SECTOR[s % 10];
  }

  /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
