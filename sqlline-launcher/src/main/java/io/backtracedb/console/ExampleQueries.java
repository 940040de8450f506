package io.backtracedb.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The demo's example queries as a SQLLine script: a count, a 1% time window with its plan (blocks
 * pruned), volume by symbol joined to {@code symbols}, one-minute bars, and {@code sys.blocks}.
 */
final class ExampleQueries {
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ExampleQueries() {}

  /**
   * The script for {@code trades}. The time window starts at the second of the middle row and spans
   * whole seconds covering the next 1% of the rows.
   */
  static String script(TradesWorkload trades) {
    int rows = trades.rows();
    long fromMillis = trades.tsMicros[rows / 2] / 1_000_000 * 1000;
    long toMillis = (trades.tsMicros[rows / 2 + rows / 100] / 1_000_000 + 1) * 1000;
    String window =
        "ts >= TIMESTAMP '"
            + LITERAL.format(Instant.ofEpochMilli(fromMillis))
            + "' AND ts < TIMESTAMP '"
            + LITERAL.format(Instant.ofEpochMilli(toMillis))
            + "'";
    return String.join(
        "\n",
        "-- How many trades?",
        "SELECT count(*) AS trade_count FROM trades;",
        "",
        "-- A 1% time window. In its plan, blocks=[S/T]: S blocks left to read of T after pruning.",
        "!set outputformat vertical",
        "EXPLAIN PLAN FOR SELECT count(*), avg(price) FROM trades WHERE " + window + ";",
        "!set outputformat table",
        "SELECT count(*) AS trade_count, round(avg(price), 4) AS avg_price FROM trades",
        "  WHERE " + window + ";",
        "",
        "-- The most traded symbols, joined to their companies.",
        "SELECT t.symbol, s.name, s.sector, count(*) AS trade_count, sum(t.qty) AS volume",
        "  FROM trades AS t JOIN symbols AS s ON s.symbol = t.symbol",
        "  GROUP BY t.symbol, s.name, s.sector ORDER BY trade_count DESC LIMIT 5;",
        "",
        "-- One-minute bars for SYM000.",
        "SELECT FLOOR(ts TO MINUTE) AS bucket, count(*) AS trade_count, min(price) AS low,",
        "    max(price) AS high, sum(qty) AS volume",
        "  FROM trades WHERE symbol = 'SYM000'",
        "  GROUP BY FLOOR(ts TO MINUTE) ORDER BY bucket LIMIT 5;",
        "",
        "-- The series table cpu: requests per second per host in 10-minute buckets (the",
        "-- counter restarts once per host; rate() counts the restart's new value).",
        "SELECT host, time_bucket(INTERVAL '10' MINUTE, ts) AS bucket,",
        "    round(rate(requests, ts), 2) AS per_second",
        "  FROM cpu WHERE host IN ('web00', 'web01')",
        "  GROUP BY host, time_bucket(INTERVAL '10' MINUTE, ts) ORDER BY host, bucket LIMIT 6;",
        "",
        "-- The newest sample of each eu host: only each series' newest chunk is read.",
        "SELECT host, last(usage_user, ts) AS usage_user, max(ts) AS sampled_at",
        "  FROM cpu WHERE region = 'eu' GROUP BY host ORDER BY host LIMIT 5;",
        "",
        "-- Its series, with their Gorilla chunks and bytes.",
        "SELECT labels, samples, chunks, bytes FROM sys.series ORDER BY series_id LIMIT 5;",
        "",
        "-- The blocks: the active one in memory and the Parquet files.",
        "SELECT * FROM sys.blocks;",
        "");
  }
}
