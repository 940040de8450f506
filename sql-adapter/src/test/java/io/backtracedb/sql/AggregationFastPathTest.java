package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.BlockInfo;
import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregates computed in the scan, whichever way it looks groups up and accumulates, against a
 * plain computation over the inserted rows. The table holds cold blocks written before a reopen and
 * in-memory rows written after, with string dictionaries that differ per batch and per block, NULLs
 * in some stretches only (so that batches with and without NULLs both occur), NaN, -0.0 and
 * infinities.
 *
 * <p>Calcite's own MIN and MAX over doubles depend on the order of NaN and signed zeros, so the
 * pushed answers are checked against the scan's documented order ({@link Double#compare}) instead.
 */
class AggregationFastPathTest {
  /** 2024-01-01T00:00:00Z. */
  private static final long START = 1_704_067_200_000L;

  /** Rows written, flushed to cold blocks, before the reopen. */
  private static final int COLD_ROWS = 40_000;

  /** Rows written after the reopen, which stay in memory. */
  private static final int WARM_ROWS = 25_000;

  private static final String ALL =
      "count(*), count(d), sum(d), min(d), max(d), avg(d),"
          + " count(k), sum(k), min(k), max(k), avg(k), count(n), sum(n), min(n), max(n), avg(n),"
          + " count(sym), min(ts), max(ts)";

  @TempDir Path dir;
  private Database database;
  private PlannerSession session;

  /** Whether row {@code i} lies in a stretch where the cold rows may be NULL. */
  private static boolean nullable(int i) {
    return i >= COLD_ROWS || (i / 10_000) % 2 == 0;
  }

  /** A row whose values are all NULL, in a group of its own. */
  private static boolean empty(int i) {
    return i % 1009 == 0;
  }

  /** Thousands of distinct strings, some shared by all batches and some local to a few. */
  private static String sym(int i) {
    if (empty(i)) {
      return "empty";
    }
    if (nullable(i) && i % 11 == 3) {
      return null;
    }
    if (i % 5 == 0) {
      return "u" + i / 100;
    }
    return i < COLD_ROWS ? "s" + (i * 7919 % 4000) : "s" + ((i * 31 + 1000) % 6000);
  }

  /** Keys that collide in a small hash table: multiples of a power of two, negative ones too. */
  private static Long key(int i) {
    if (nullable(i) && i % 13 == 2) {
      return null;
    }
    switch (i % 997) {
      case 10:
        return Long.MIN_VALUE;
      case 11:
        return Long.MAX_VALUE;
      case 12:
        return -1L;
      default:
        return ((i * 37L) % 301 - 150) << 20;
    }
  }

  private static Long k(int i) {
    return empty(i) || (nullable(i) && i % 17 == 5) ? null : (long) ((i * 3) % 2001 - 1000);
  }

  private static Integer n(int i) {
    return empty(i) || (nullable(i) && i % 19 == 6) ? null : (i * 7) % 2001 - 1000;
  }

  private static Double d(int i) {
    if (empty(i) || (i < COLD_ROWS && nullable(i) && i % 23 == 1)) {
      return null; // the in-memory rows hold no NULL here
    }
    if (i % 97 == 2) {
      return Double.NaN;
    }
    if (i % 89 == 4) {
      return -0.0;
    }
    if (i % 89 == 5) {
      return 0.0;
    }
    if (i % 5003 == 9) {
      return i % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    return ((i * 13) % 1000) * 0.1 - 60;
  }

  private static void insert(Table table, int from, int to) {
    RowBatch batch = table.newBatch();
    for (int i = from; i < to; i++) {
      batch.addRow(ts(i), sym(i), key(i), k(i), n(i), d(i));
      if (batch.rowCount() == 5000) {
        table.append(batch);
        batch.clear();
      }
    }
    table.append(batch);
  }

  @BeforeEach
  void open() throws Exception {
    database = Database.open(dir);
    Table table =
        database.createTable(
            "t",
            Schema.builder()
                .notNull("ts", ColumnType.TIMESTAMP)
                .column("sym", ColumnType.VARCHAR)
                .column("key", ColumnType.BIGINT)
                .column("k", ColumnType.BIGINT)
                .column("n", ColumnType.INTEGER)
                .column("d", ColumnType.DOUBLE)
                .build(),
            TableOptions.defaults().withTimeColumn("ts").withBlockRows(16_384));
    insert(table, 0, COLD_ROWS);
    table.flush();
    database.close();
    database = Database.open(dir);
    insert(database.table("t"), COLD_ROWS, COLD_ROWS + WARM_ROWS);
    long cold = 0;
    long inMemory = 0;
    for (BlockInfo block : database.table("t").blocks()) {
      if (block.state().equals("cold")) {
        cold += block.rowCount();
      } else {
        inMemory += block.rowCount();
      }
    }
    assertEquals(COLD_ROWS, cold);
    assertEquals(WARM_ROWS, inMemory);
    session = new PlannerSession(database);
  }

  @AfterEach
  void close() throws Exception {
    session.close();
    database.close();
  }

  /** The key of row {@code i} as the result prints it, or null when the WHERE drops it. */
  private interface KeyOf {
    String key(int i);
  }

  /**
   * Asserts that {@code SELECT <keys>, <ALL> FROM t <rest>} is aggregated in the scan and answers,
   * group by group in the order groups first appear, what a plain computation over the inserted
   * rows gives: doubles summed in row order, ordered by {@link Double#compare} (NaN above
   * everything, -0.0 below 0.0), integer averages truncated.
   */
  private void assertAggregates(String keys, String rest, KeyOf keyOf) throws Exception {
    String sql = "SELECT " + (keys.isEmpty() ? "" : keys + ", ") + ALL + " FROM t " + rest;
    String plan = session.explain(sql);
    assertTrue(plan.contains("aggregate=["), plan);
    Map<String, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < COLD_ROWS + WARM_ROWS; i++) {
      String key = keyOf.key(i);
      if (key != null) {
        groups.computeIfAbsent(key, k -> new Group()).add(i);
      }
    }
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, Group> group : groups.entrySet()) {
      String row = group.getValue().toString();
      expected.add(keys.isEmpty() ? row : group.getKey() + "," + row);
    }
    assertEquals(expected, session.query(sql), sql);
  }

  /** The expected aggregates of one group. */
  private static final class Group {
    private long rows;
    private long dCount;
    private double dSum;
    private double dMin;
    private double dMax;
    private long kCount;
    private long kSum;
    private long kMin;
    private long kMax;
    private long nCount;
    private long nSum;
    private long nMin;
    private long nMax;
    private long symCount;
    private long tsMin;
    private long tsMax;

    void add(int i) {
      tsMin = rows == 0 ? ts(i) : Math.min(tsMin, ts(i));
      tsMax = rows == 0 ? ts(i) : Math.max(tsMax, ts(i));
      rows++;
      if (sym(i) != null) {
        symCount++;
      }
      Double d = d(i);
      if (d != null) {
        dMin = dCount == 0 || Double.compare(d, dMin) < 0 ? d : dMin;
        dMax = dCount == 0 || Double.compare(d, dMax) > 0 ? d : dMax;
        dSum += d;
        dCount++;
      }
      Long k = k(i);
      if (k != null) {
        kMin = kCount == 0 ? k : Math.min(kMin, k);
        kMax = kCount == 0 ? k : Math.max(kMax, k);
        kSum += k;
        kCount++;
      }
      Integer n = n(i);
      if (n != null) {
        nMin = nCount == 0 ? n : Math.min(nMin, n);
        nMax = nCount == 0 ? n : Math.max(nMax, n);
        nSum += n;
        nCount++;
      }
    }

    @Override
    public String toString() {
      boolean ds = dCount > 0;
      boolean ks = kCount > 0;
      boolean ns = nCount > 0;
      return String.join(
          ",",
          Long.toString(rows),
          Long.toString(dCount),
          ds ? Double.toString(dSum) : "null",
          ds ? Double.toString(dMin) : "null",
          ds ? Double.toString(dMax) : "null",
          ds ? Double.toString(dSum / dCount) : "null",
          Long.toString(kCount),
          ks ? Long.toString(kSum) : "null",
          ks ? Long.toString(kMin) : "null",
          ks ? Long.toString(kMax) : "null",
          ks ? Long.toString(kSum / kCount) : "null",
          Long.toString(nCount),
          ns ? Integer.toString((int) nSum) : "null",
          ns ? Long.toString(nMin) : "null",
          ns ? Long.toString(nMax) : "null",
          ns ? Integer.toString((int) (nSum / nCount)) : "null",
          Long.toString(symCount),
          timestamp(tsMin),
          timestamp(tsMax));
    }
  }

  private static long ts(int i) {
    return START + i * 250L;
  }

  private static String timestamp(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT));
  }

  private static String text(Object value) {
    return String.valueOf(value);
  }

  @Test
  void groupsByAStringWithNullsAndDictionariesPerBatch() throws Exception {
    assertAggregates("sym", "GROUP BY sym", i -> text(sym(i)));
    assertAggregates(
        "sym", "WHERE n > 0 GROUP BY sym", i -> n(i) != null && n(i) > 0 ? text(sym(i)) : null);
  }

  @Test
  void groupsByLongsWithNullsNegativesAndCollisions() throws Exception {
    assertAggregates("key", "GROUP BY key", i -> text(key(i)));
    assertAggregates("k", "GROUP BY k", i -> text(k(i)));
    assertAggregates(
        "key", "WHERE k > 900 GROUP BY key", i -> k(i) != null && k(i) > 900 ? text(key(i)) : null);
  }

  @Test
  void groupsByIntegers() throws Exception {
    assertAggregates("n", "GROUP BY n", i -> text(n(i)));
  }

  @Test
  void groupsByTimeBucketsAndDivisions() throws Exception {
    String minute = "time_bucket(INTERVAL '1' MINUTE, ts)";
    assertAggregates(
        minute + " AS m",
        "GROUP BY " + minute,
        i -> timestamp(Math.floorDiv(ts(i), 60_000L) * 60_000L));
    long from = START + 3_600_000L;
    long to = START + 12_600_000L;
    assertAggregates(
        minute + " AS m",
        "WHERE ts >= TIMESTAMP '2024-01-01 01:00:00' AND ts < TIMESTAMP '2024-01-01 03:30:00'"
            + " GROUP BY "
            + minute,
        i ->
            ts(i) >= from && ts(i) < to
                ? timestamp(Math.floorDiv(ts(i), 60_000L) * 60_000L)
                : null);
    assertAggregates("k / 64 AS b", "GROUP BY k / 64", i -> text(k(i) == null ? null : k(i) / 64));
    assertAggregates(
        "key / 4096 AS b",
        "WHERE n < 10 GROUP BY key / 4096",
        i -> n(i) != null && n(i) < 10 ? text(key(i) == null ? null : key(i) / 4096) : null);
  }

  @Test
  void aggregatesWithoutGroups() throws Exception {
    assertAggregates("", "", i -> "");
    assertAggregates("", "WHERE n > 500", i -> n(i) != null && n(i) > 500 ? "" : null);
  }

  @Test
  void groupsBySeveralColumns() throws Exception {
    assertAggregates(
        "sym, n",
        "WHERE k > 900 GROUP BY sym, n",
        i -> k(i) != null && k(i) > 900 ? sym(i) + "," + n(i) : null);
  }
}
