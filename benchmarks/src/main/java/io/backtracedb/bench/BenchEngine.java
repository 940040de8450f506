package io.backtracedb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An engine the benchmarks compare, in the configuration they run it: its names and settings for
 * the reports, how a child JVM opens its database ({@link TradesSession}), its own bulk path beside
 * SQL, and the SQL text where dialects differ. {@link JdbcEngine} holds the engines reached through
 * JDBC, {@link QuestDbEngine} QuestDB through its embedded Java API.
 */
interface BenchEngine {
  /** Microseconds in a minute: Q6's bucket width. */
  long MINUTE_MICROS = 60_000_000L;

  /** The name on command lines and in the CSV. */
  String label();

  /** The product name for reports. */
  String displayName();

  /** The configuration this harness runs, durability first, for the report. */
  String settings();

  /** The product (and driver) versions. */
  String versions() throws Exception;

  /** Opens (creating if needed) the database kept under {@code dir}. */
  TradesSession open(Path dir) throws Exception;

  /** The engine's own bulk path beside SQL, as reports name it, or null when it has none. */
  String nativeIngest();

  /**
   * Creates a database under {@code dir} with the {@code trades} table and returns an inserter on
   * the engine's native bulk path; closing the inserter closes the database.
   *
   * @throws UnsupportedOperationException when {@link #nativeIngest()} is null
   */
  default TradesSession.Inserter openNativeInsert(Path dir, TradesData data) throws Exception {
    throw new UnsupportedOperationException(displayName() + " has no native bulk path here");
  }

  /** {@code CREATE TABLE trades ...}, with an {@code order_id} column when asked. */
  String createTable(boolean orderIds);

  /**
   * {@code CREATE [UNIQUE] INDEX name ON trades (column)}, or null when the engine cannot index
   * that column or keys the table on it already.
   */
  default String createIndex(String name, String column, boolean unique) {
    return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + name + " ON trades (" + column + ")";
  }

  /**
   * {@code CREATE INDEX name ON trades (ts) INCLUDE (every other column)}: an index that answers Q7
   * alone, as a table clustered on {@code ts} does; null when the engine has no such index.
   */
  default String createCoveringTsIndex(String name) {
    return null;
  }

  /** Q1: {@code count(*), avg(price)} over {@code ts BETWEEN low AND high}. */
  default String q1(long low, long high) {
    return "SELECT count(*), avg(price) FROM trades WHERE ts BETWEEN " + low + " AND " + high;
  }

  /** Q2: Q1 restricted to one symbol. */
  default String q2(long low, long high, String symbol) {
    return q1(low, high) + " AND symbol = '" + symbol + "'";
  }

  /** Q3: per symbol, {@code count(*), avg(price), max(qty)} over the whole table. */
  default String q3() {
    return "SELECT symbol, count(*), avg(price), max(qty) FROM trades GROUP BY symbol";
  }

  /** Q4: {@code sum(qty)} of rows whose price is above {@code threshold}. */
  default String q4(double threshold) {
    return "SELECT sum(qty) FROM trades WHERE price > " + Double.toString(threshold);
  }

  /** Q5: the latest row per symbol, as {@code symbol, ts, price, qty}. */
  String q5();

  /**
   * Q6: one-minute buckets over {@code [from, from + 1 hour)}, as {@code ts / 60000000, count(*),
   * avg(price)} in bucket order.
   */
  String q6(long from);

  /** The text of a statement's single parameter. */
  default String parameter() {
    return "?";
  }

  /** Q7: the prepared point lookup on {@code ts}. */
  default String q7() {
    return "SELECT ts, symbol, price, qty FROM trades WHERE ts = " + parameter();
  }

  /** The prepared point lookup on {@code order_id}, every column. */
  default String lookupByOrderId() {
    return "SELECT * FROM trades WHERE order_id = " + parameter();
  }

  /** Every engine, in the order of runs. */
  static List<BenchEngine> all() {
    List<BenchEngine> all = new ArrayList<>(List.of(JdbcEngine.values()));
    all.addAll(List.of(QuestDbEngine.values()));
    return all;
  }

  /** Parses a label. */
  static BenchEngine parse(String text) {
    List<String> labels = new ArrayList<>();
    for (BenchEngine engine : all()) {
      if (engine.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return engine;
      }
      labels.add(engine.label());
    }
    throw new IllegalArgumentException(
        "engine must be one of " + String.join(", ", labels) + ", got '" + text + "'");
  }

  /** Parses a comma-separated list of labels. */
  static List<BenchEngine> parseList(String text) {
    List<BenchEngine> engines = new ArrayList<>();
    for (String label : text.split(",")) {
      BenchEngine engine = parse(label);
      if (engines.contains(engine)) {
        throw new IllegalArgumentException("engine '" + label.trim() + "' is listed twice");
      }
      engines.add(engine);
    }
    return engines;
  }
}
