package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregates directly over a scan run inside it on column batches; planner tests assert the plan,
 * then the rows against a plain Java computation over the same data.
 */
class AggregatePushdownTest {
  /** 2024-01-01T00:00:00Z. */
  private static final long START = 1_704_067_200_000L;

  private static final int ROWS = 30_000;

  @TempDir Path dir;
  private Database database;
  private PlannerSession session;

  private static String symbol(int i) {
    return "S" + (i % 7);
  }

  private static double price(int i) {
    return 100.0 + (i % 100) / 4.0;
  }

  /** NULL every 13th row. */
  private static Long qty(int i) {
    return i % 13 == 0 ? null : (long) (i % 1000);
  }

  private static int n(int i) {
    return i % 50;
  }

  @BeforeEach
  void open() throws Exception {
    database = Database.open(dir);
    Table trades =
        database.createTable(
            "trades",
            Schema.builder()
                .notNull("ts", ColumnType.TIMESTAMP)
                .notNull("symbol", ColumnType.VARCHAR)
                .column("price", ColumnType.DOUBLE)
                .column("qty", ColumnType.BIGINT)
                .column("n", ColumnType.INTEGER)
                .build(),
            TableOptions.defaults().withTimeColumn("ts").withBlockRows(8_000));
    RowBatch batch = trades.newBatch();
    for (int i = 0; i < ROWS; i++) {
      batch.addRow(START + i * 1000L, symbol(i), price(i), qty(i), n(i));
      if (batch.rowCount() == 4000) {
        trades.append(batch);
        batch.clear();
      }
    }
    trades.append(batch);
    trades.flush();
    trades.append(START + ROWS * 1000L, "S9", null, null, null); // one row in the active block
    session = new PlannerSession(database);
  }

  @AfterEach
  void close() throws Exception {
    session.close();
    database.close();
  }

  private String explain(String sql) throws Exception {
    return session.explain(sql);
  }

  private List<String> query(String sql) throws Exception {
    return session.query(sql);
  }

  @Test
  void groupedAggregatesRunInTheScan() throws Exception {
    String sql =
        "SELECT symbol, count(*), count(qty), sum(qty), min(price), max(price), avg(price),"
            + " avg(qty), sum(n), max(ts) FROM trades GROUP BY symbol ORDER BY symbol";
    String plan = explain(sql);
    assertTrue(
        plan.contains(
            "aggregate=[group=[symbol] calls=[COUNT_ROWS(), COUNT(qty), SUM(qty), MIN(price),"
                + " MAX(price), AVG(price), AVG(qty), SUM(n), MAX(ts)]]"),
        plan);
    assertFalse(plan.contains("EnumerableAggregate"), plan);

    Map<String, List<Integer>> bySymbol = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      bySymbol.computeIfAbsent(symbol(i), s -> new ArrayList<>()).add(i);
    }
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> entry : bySymbol.entrySet()) {
      long count = entry.getValue().size();
      long qtyCount = 0;
      long qtySum = 0;
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      double priceSum = 0;
      long nSum = 0;
      int last = 0;
      for (int i : entry.getValue()) {
        if (qty(i) != null) {
          qtyCount++;
          qtySum += qty(i);
        }
        min = Math.min(min, price(i));
        max = Math.max(max, price(i));
        priceSum += price(i);
        nSum += n(i);
        last = i;
      }
      expected.add(
          String.join(
              ",",
              entry.getKey(),
              Long.toString(count),
              Long.toString(qtyCount),
              Long.toString(qtySum),
              Double.toString(min),
              Double.toString(max),
              Double.toString(priceSum / count),
              Long.toString(qtySum / qtyCount),
              Long.toString(nSum),
              timestamp(START + last * 1000L)));
    }
    expected.add("S9,1,0,null,null,null,null,null,null," + timestamp(START + ROWS * 1000L));
    assertEquals(expected, query(sql));
  }

  private static String timestamp(long millis) {
    return java.time.LocalDateTime.ofEpochSecond(millis / 1000, 0, java.time.ZoneOffset.UTC)
            .format(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT))
        + ".000";
  }

  @Test
  void aPushedFilterAndAnAggregateBothRunInTheScan() throws Exception {
    String sql =
        "SELECT count(*), sum(qty) FROM trades"
            + " WHERE ts >= TIMESTAMP '2024-01-01 01:00:00' AND ts < TIMESTAMP '2024-01-01 02:00:00'";
    String plan = explain(sql);
    assertTrue(plan.contains("filter=[(ts >= "), plan);
    assertTrue(plan.contains("aggregate=[group=[] calls=[COUNT_ROWS(), SUM(qty)]]"), plan);
    long sum = 0;
    for (int i = 3600; i < 7200; i++) {
      sum += qty(i) == null ? 0 : qty(i);
    }
    assertEquals(List.of("3600," + sum), query(sql));
  }

  @Test
  void anAggregateOverNoRowsAnswersOneRowWithoutGroupsAndNoneWithThem() throws Exception {
    String none = "WHERE ts < TIMESTAMP '2000-01-01 00:00:00'";
    assertEquals(
        List.of("0,null,null"), query("SELECT count(*), sum(price), max(ts) FROM trades " + none));
    assertEquals(
        List.of(), query("SELECT symbol, count(*) FROM trades " + none + " GROUP BY symbol"));
  }

  @Test
  void nullGroupKeysFormTheirOwnGroup() throws Exception {
    List<String> rows =
        query("SELECT qty, count(*) FROM trades WHERE qty IS NULL OR qty < 2 GROUP BY qty");
    long nulls = 1; // the row in the active block
    long zeros = 0;
    long ones = 0;
    for (int i = 0; i < ROWS; i++) {
      Long qty = qty(i);
      if (qty == null) {
        nulls++;
      } else if (qty == 0) {
        zeros++;
      } else if (qty == 1) {
        ones++;
      }
    }
    List<String> sorted = new ArrayList<>(rows);
    sorted.sort(null);
    assertEquals(List.of("0," + zeros, "1," + ones, "null," + nulls), sorted);
  }

  @Test
  void whatTheScanCannotComputeStaysInCalcite() throws Exception {
    String sql =
        "SELECT symbol, count(DISTINCT n), min(symbol) FROM trades"
            + " WHERE UPPER(symbol) = 'S1' GROUP BY symbol";
    String plan = explain(sql);
    assertFalse(plan.contains("aggregate="), plan);
    assertTrue(plan.contains("EnumerableAggregate"), plan);
    assertEquals(List.of(String.format(Locale.ROOT, "S1,%d,S1", 50)), query(sql));
  }

  @Test
  void timeBucketsAndIntegerDivisionGroupInTheScan() throws Exception {
    String sql =
        "SELECT time_bucket(INTERVAL '1' HOUR, ts) AS h, count(*), sum(qty) FROM trades"
            + " GROUP BY time_bucket(INTERVAL '1' HOUR, ts) ORDER BY h";
    String plan = explain(sql);
    assertTrue(plan.contains("aggregate=[group=[ts bucket 3600000 from 946857600000]"), plan);
    Map<Long, long[]> hours = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      long[] sums = hours.computeIfAbsent((START + i * 1000L) / 3_600_000L, h -> new long[2]);
      sums[0]++;
      sums[1] += qty(i) == null ? 0 : qty(i);
    }
    hours.get((START + ROWS * 1000L) / 3_600_000L)[0]++; // the row in the active block
    List<String> expected = new ArrayList<>();
    for (Map.Entry<Long, long[]> hour : hours.entrySet()) {
      expected.add(
          timestamp(hour.getKey() * 3_600_000L)
              + ","
              + hour.getValue()[0]
              + ","
              + hour.getValue()[1]);
    }
    assertEquals(expected, query(sql));

    String divided = "SELECT qty / 100 AS q, count(*) FROM trades GROUP BY qty / 100";
    assertTrue(explain(divided).contains("aggregate=[group=[qty / 100]"), explain(divided));
    Map<String, Long> byHundred = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      byHundred.merge(qty(i) == null ? "null" : Long.toString(qty(i) / 100), 1L, Long::sum);
    }
    byHundred.merge("null", 1L, Long::sum); // the row in the active block
    Map<String, Long> actual = new TreeMap<>();
    for (String row : query(divided)) {
      String[] parts = row.split(",");
      actual.put(parts[0], Long.parseLong(parts[1]));
    }
    assertEquals(byHundred, actual);
  }
}
