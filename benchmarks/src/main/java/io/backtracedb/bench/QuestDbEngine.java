package io.backtracedb.bench;

import io.questdb.cairo.CairoEngine;
import java.nio.file.Path;
import java.util.Locale;

/**
 * QuestDB embedded through its Java API ({@code org.questdb:questdb}): it has no in-process JDBC
 * driver, so statements go through its SQL compiler ({@link QuestDbSession}) and bulk rows through
 * its {@code TableWriter}. A single-constant enum, so that it lists and parses like {@link
 * JdbcEngine}.
 */
enum QuestDbEngine implements BenchEngine {
  /** QuestDB's {@code CairoEngine} with {@code DefaultCairoConfiguration}. */
  QUESTDB;

  @Override
  public String label() {
    return "questdb";
  }

  @Override
  public String displayName() {
    return "QuestDB";
  }

  @Override
  public String settings() {
    return "embedded `CairoEngine` with `DefaultCairoConfiguration`: commit mode `nosync` (its"
        + " default: a commit is written to memory-mapped files and not fsynced), a non-WAL table"
        + " (`BYPASS WAL`, the `TableWriter` path) with designated timestamp `ts` (micros),"
        + " `PARTITION BY DAY`, `symbol SYMBOL`; a query worker pool of "
        + QuestDbSession.WORKERS
        + " threads; SQL through its compiler with `$1` bind variables (no JDBC); no index on"
        + " `ts` or `order_id` (QuestDB indexes only SYMBOL columns: Q7 is its interval search on"
        + " the designated timestamp)";
  }

  @Override
  public String versions() {
    // The jar's manifest; referring to the class loads it without starting QuestDB.
    return "QuestDB " + CairoEngine.class.getPackage().getImplementationVersion() + ", embedded";
  }

  @Override
  public TradesSession open(Path dir) throws Exception {
    return QuestDbSession.open(dir);
  }

  @Override
  public String nativeIngest() {
    return "`TableWriter`, `commit()` per batch, no fsync";
  }

  @Override
  public TradesSession.Inserter openNativeInsert(Path dir, TradesData data) throws Exception {
    QuestDbSession session = QuestDbSession.open(dir);
    try {
      session.execute(createTable(data.hasOrderIds()));
      return session.openWriter(data);
    } catch (Exception e) {
      session.close();
      throw e;
    }
  }

  @Override
  public String createTable(boolean orderIds) {
    return "CREATE TABLE trades (ts TIMESTAMP, symbol SYMBOL, price DOUBLE, qty LONG"
        + (orderIds ? ", order_id LONG" : "")
        + ") TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL";
  }

  /** QuestDB indexes SYMBOL columns only, so neither {@code ts} nor {@code order_id}. */
  @Override
  public String createIndex(String name, String column, boolean unique) {
    return null;
  }

  @Override
  public String parameter() {
    return "$1";
  }

  @Override
  public String q5() {
    return "SELECT symbol, ts, price, qty FROM trades LATEST ON ts PARTITION BY symbol";
  }

  /**
   * Its native time buckets ({@code SAMPLE BY}), the bucket start turned into the minute number.
   */
  @Override
  public String q6(long from) {
    return String.format(
        Locale.ROOT,
        "SELECT ts / %d AS bucket, c, a FROM (SELECT ts, count(*) AS c, avg(price) AS a"
            + " FROM trades WHERE ts >= %d AND ts < %d SAMPLE BY 1m ALIGN TO CALENDAR)",
        MINUTE_MICROS,
        from,
        from + 60 * MINUTE_MICROS);
  }
}
