package io.backtracedb.bench;

import io.backtracedb.console.TradesWorkload;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The generator's exact answers to Q1-Q7, computed before anything is timed, and the checks of each
 * engine's rows against them. A mismatch throws {@link ChildTask.WrongAnswerException}, which fails
 * the run.
 */
final class JdbcChecks {
  /** The symbol Q2 filters on: the most frequent one. */
  static final int Q2_SYMBOL = 0;

  private final TradesWorkload trades;
  private final TradesData data;
  private final TradesAnswers.Window window;
  private final double windowSum;
  private final TradesAnswers.Aggregate windowOfSymbol;
  private final TradesAnswers.Groups groups;
  private final double median;
  private final long qtyAbove;
  private final int[] latest;
  private final long hourStart;
  private final TradesAnswers.Buckets buckets;

  JdbcChecks(TradesWorkload trades, TradesAnswers answers) {
    this.trades = trades;
    this.data = TradesData.of(trades);
    this.window = answers.window();
    this.windowSum = answers.windowPriceSum(window);
    this.windowOfSymbol = answers.windowOfSymbol(window, Q2_SYMBOL);
    this.groups = answers.groups();
    this.median = answers.medianPrice();
    this.qtyAbove = answers.qtyAbove(median);
    this.latest = answers.latestRowPerSymbol();
    this.hourStart = answers.hourStart(BenchEngine.MINUTE_MICROS);
    this.buckets = answers.minuteBuckets(hourStart, BenchEngine.MINUTE_MICROS);
  }

  TradesAnswers.Window window() {
    return window;
  }

  double median() {
    return median;
  }

  long hourStart() {
    return hourStart;
  }

  void q1(Rows rs) throws SQLException {
    checkCountAndAvg(rs, "Q1", window.count(), windowSum);
  }

  void q2(Rows rs) throws SQLException {
    checkCountAndAvg(rs, "Q2", windowOfSymbol.count(), windowOfSymbol.priceSum());
  }

  private static void checkCountAndAvg(Rows rs, String query, long count, double sum)
      throws SQLException {
    ChildTask.check(rs.next(), query + " returned no row");
    long actualCount = rs.getLong(1);
    double avg = rs.getDouble(2);
    ChildTask.check(
        actualCount == count, query + " count(*) is " + actualCount + ", expected " + count);
    ChildTask.check(
        count == 0 ? rs.wasNull() : TradesAnswers.sameSum(avg * count, sum),
        query + " avg(price) is " + avg + ", expected " + sum / count);
    ChildTask.check(!rs.next(), query + " returned more than one row");
  }

  void q3(Rows rs) throws SQLException {
    int seen = 0;
    while (rs.next()) {
      int s = symbolIndex(rs.getString(1), "Q3");
      long count = rs.getLong(2);
      double avg = rs.getDouble(3);
      long maxQty = rs.getLong(4);
      ChildTask.check(
          count == groups.counts()[s],
          "Q3 count(*) of "
              + rs.getString(1)
              + " is "
              + count
              + ", expected "
              + groups.counts()[s]);
      ChildTask.check(
          TradesAnswers.sameSum(avg * count, groups.priceSums()[s]),
          "Q3 avg(price) of " + rs.getString(1) + " is " + avg);
      ChildTask.check(
          maxQty == groups.maxQty()[s], "Q3 max(qty) of " + rs.getString(1) + " is " + maxQty);
      seen++;
    }
    ChildTask.check(
        seen == groups.nonEmpty(), "Q3 has " + seen + " groups, expected " + groups.nonEmpty());
  }

  void q4(Rows rs) throws SQLException {
    ChildTask.check(rs.next(), "Q4 returned no row");
    long sum = rs.getLong(1);
    ChildTask.check(
        sum == qtyAbove,
        "Q4 sum(qty) WHERE price > " + median + " is " + sum + ", expected " + qtyAbove);
  }

  void q5(Rows rs) throws SQLException {
    int seen = 0;
    int expected = 0;
    for (int row : latest) {
      expected += row >= 0 ? 1 : 0;
    }
    while (rs.next()) {
      int s = symbolIndex(rs.getString(1), "Q5");
      int row = latest[s];
      ChildTask.check(row >= 0, "Q5 returned symbol " + rs.getString(1) + ", which has no rows");
      checkRow(rs, 2, row, "Q5 latest row of " + rs.getString(1));
      seen++;
    }
    ChildTask.check(seen == expected, "Q5 returned " + seen + " rows, expected " + expected);
  }

  void q6(Rows rs) throws SQLException {
    int bucket = 0;
    while (rs.next()) {
      ChildTask.check(bucket < buckets.keys().length, "Q6 returned too many buckets");
      long key = rs.getLong(1);
      long count = rs.getLong(2);
      double avg = rs.getDouble(3);
      ChildTask.check(
          key == buckets.keys()[bucket],
          "Q6 bucket " + bucket + " is minute " + key + ", expected " + buckets.keys()[bucket]);
      ChildTask.check(
          count == buckets.counts()[bucket]
              && TradesAnswers.sameSum(avg * count, buckets.priceSums()[bucket]),
          "Q6 bucket of minute " + key + " has count " + count + " and avg " + avg);
      bucket++;
    }
    ChildTask.check(
        bucket == buckets.keys().length,
        "Q6 returned " + bucket + " buckets, expected " + buckets.keys().length);
  }

  /** Q7: exactly the generator's row {@code row}, as {@code ts, symbol, price, qty}. */
  void q7(Rows rs, int row) throws SQLException {
    lookedUp(rs, data, row, false, "Q7");
  }

  /**
   * A point lookup's answer: exactly the generated row {@code row}, as {@code ts, symbol, price,
   * qty} and, when {@code orderId}, {@code order_id}.
   */
  static void lookedUp(Rows rs, TradesData data, int row, boolean orderId, String query)
      throws SQLException {
    // Each value is read once, and a message is spelled only for a wrong answer: this runs once
    // per timed lookup, and building strings here would be timed along with the engine.
    if (!rs.next()) {
      throw new ChildTask.WrongAnswerException(query + " found no row for row " + row);
    }
    long ts = rs.getLong(1);
    String symbol = rs.getString(2);
    double price = rs.getDouble(3);
    long qty = rs.getLong(4);
    long id = orderId ? rs.getLong(5) : 0;
    boolean right =
        ts == data.ts(row)
            && data.symbol(row).equals(symbol)
            && price == data.price(row)
            && qty == data.qty(row)
            && (!orderId || id == data.orderId(row));
    if (!right) {
      throw new ChildTask.WrongAnswerException(
          String.format(
              Locale.ROOT,
              "%s returned (%d, %s, %s, %d%s) for row %d, expected (%d, %s, %s, %d%s)",
              query,
              ts,
              symbol,
              price,
              qty,
              orderId ? ", " + id : "",
              row,
              data.ts(row),
              data.symbol(row),
              data.price(row),
              data.qty(row),
              orderId ? ", " + data.orderId(row) : ""));
    }
    if (rs.next()) {
      throw new ChildTask.WrongAnswerException(query + " found two rows for row " + row);
    }
  }

  /** Checks {@code ts, price, qty} at columns {@code first..first+2} against row {@code row}. */
  private void checkRow(Rows rs, int first, int row, String what) throws SQLException {
    ChildTask.check(
        rs.getLong(first) == trades.tsMicros[row]
            && rs.getDouble(first + 1) == trades.price[row]
            && rs.getLong(first + 2) == trades.qty[row],
        what
            + " is ("
            + rs.getLong(first)
            + ", "
            + rs.getDouble(first + 1)
            + ", "
            + rs.getLong(first + 2)
            + "), expected row "
            + row);
  }

  private static int symbolIndex(String symbol, String query) {
    ChildTask.check(
        symbol != null && symbol.matches("SYM\\d{3}"), query + " group key '" + symbol + "'");
    return Integer.parseInt(symbol.substring(3));
  }
}
