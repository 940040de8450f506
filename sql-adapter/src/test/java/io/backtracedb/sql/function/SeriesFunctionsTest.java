package io.backtracedb.sql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.sql.BacktraceSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesFunctionsTest {
  /** 2024-01-01T00:00:00Z in milliseconds. */
  private static final long START = 1_704_067_200_000L;

  private static final double EPSILON = 1e-12;

  @TempDir Path dir;
  private Database database;
  private Connection connection;

  /**
   * Host {@code a} is a counter that resets between 20 s and 30 s, with a NULL sample in between;
   * {@code b} has one sample; {@code c} only NULLs; {@code d} two samples at the same time. Rows
   * are appended out of time order. {@code us} is the time in microseconds, {@code n} and {@code i}
   * the value as BIGINT and INTEGER.
   */
  @BeforeEach
  void open() throws SQLException {
    database = Database.open(dir);
    Table counters =
        database.createTable(
            "counters",
            Schema.builder()
                .notNull("ts", ColumnType.TIMESTAMP)
                .notNull("us", ColumnType.BIGINT)
                .column("host", ColumnType.VARCHAR)
                .column("v", ColumnType.DOUBLE)
                .column("n", ColumnType.BIGINT)
                .column("i", ColumnType.INTEGER)
                .build(),
            TableOptions.defaults().withTimeColumn("ts"));
    RowBatch batch = counters.newBatch();
    add(batch, 30, "a", 5.0);
    add(batch, 10, "a", 15.0);
    add(batch, 50, "a", 12.0);
    add(batch, 0, "a", 10.0);
    add(batch, 25, "a", null);
    add(batch, 40, "a", 12.0);
    add(batch, 20, "a", 25.0);
    add(batch, 7, "b", 42.0);
    add(batch, 3, "c", null);
    add(batch, 9, "c", null);
    add(batch, 5, "d", 7.0);
    add(batch, 5, "d", 3.0);
    counters.append(batch);
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    connection = DriverManager.getConnection("jdbc:calcite:", properties);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("db", new BacktraceSchema(database)).setCacheEnabled(false);
    calcite.setSchema("db");
  }

  private static void add(RowBatch batch, int seconds, String host, Double value) {
    long millis = START + seconds * 1000L;
    Long asLong = value == null ? null : value.longValue();
    Integer asInt = value == null ? null : value.intValue();
    batch.addRow(millis, millis * 1000, host, value, asLong, asInt);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
    database.close();
  }

  /** The rows of {@code sql}, each as its column values. */
  private List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** One value per host a, b, c, d of the aggregate {@code call}. */
  private List<Object> perHost(String call) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (List<Object> row :
        rows("SELECT host, " + call + " FROM counters GROUP BY host ORDER BY host")) {
      values.add(row.get(1));
    }
    return values;
  }

  @Test
  void increaseCountsTheValueAfterACounterResetAsTheIncrease() throws SQLException {
    // a in time order: 10, 15, 25, 5 (reset), 12, 12; the NULL at 25 s is skipped.
    // (15 - 10) + (25 - 15) + 5 + (12 - 5) + (12 - 12) = 5 + 10 + 5 + 7 + 0 = 27.
    // b: one sample, nothing to add: 0. c: no non-null sample: NULL.
    // d: 3 and 7 at the same time, ordered by value: 7 - 3 = 4.
    assertEquals(Arrays.asList(27.0, 0.0, null, 4.0), perHost("increase(v, ts)"));
  }

  @Test
  void rateDividesTheIncreaseByTheSecondsBetweenFirstAndLastSample() throws SQLException {
    // a: 27 over 0 s .. 50 s = 0.54 per second. b: one sample, c: none, d: no time span: NULL.
    assertEquals(Arrays.asList(0.54, null, null, null), perHost("rate(v, ts)"));
  }

  @Test
  void bigintMicrosecondTimesGiveTheSameAnswers() throws SQLException {
    assertEquals(Arrays.asList(27.0, 0.0, null, 4.0), perHost("increase(v, us)"));
    assertEquals(Arrays.asList(0.54, null, null, null), perHost("rate(v, us)"));
    // The third argument says how many time units make a second.
    assertEquals(Arrays.asList(0.54, null, null, null), perHost("rate(v, us, 1000000)"));
    assertEquals(Arrays.asList(0.54, null, null, null), perHost("rate(v, us / 1000, 1000)"));
    // Read as seconds, the 50 s of a become 50,000,000 s.
    assertEquals(Arrays.asList(27.0 / 50_000_000, null, null, null), perHost("rate(v, us, 1)"));
  }

  @Test
  void deltaIsTheLastValueMinusTheFirst() throws SQLException {
    // a: 12 (50 s) - 10 (0 s) = 2; b: 0; c: NULL; d: 7 - 3 (ties in time order by value) = 4.
    assertEquals(Arrays.asList(2.0, 0.0, null, 4.0), perHost("delta(v, ts)"));
    assertEquals(Arrays.asList(2.0, 0.0, null, 4.0), perHost("delta(n, us)"));
  }

  @Test
  void derivIsTheLeastSquaresSlopePerSecond() throws SQLException {
    // a: times 0, 10, 20, 30, 40, 50 s (mean 25), values 10, 15, 25, 5, 12, 12.
    // Sum of (t - 25) * v = -250 - 225 - 125 + 25 + 180 + 300 = -95.
    // Sum of (t - 25)^2 = 625 + 225 + 25 + 25 + 225 + 625 = 1750. Slope = -95 / 1750.
    // b has one time, d two samples at one time, c none: NULL.
    for (String call : List.of("deriv(v, ts)", "deriv(v, us)", "deriv(i, us / 1000000, 1)")) {
      List<Object> slopes = perHost(call);
      assertEquals(-95.0 / 1750, (Double) slopes.get(0), EPSILON, call);
      assertEquals(Arrays.asList(null, null, null), slopes.subList(1, 4), call);
    }
  }

  @Test
  void firstAndLastSampleTakeTheValuesAtTheEarliestAndLatestTime() throws SQLException {
    // a: 10 at 0 s and 12 at 50 s. d: at the one time, first takes the smallest value, last the
    // largest.
    assertEquals(Arrays.asList(10.0, 42.0, null, 3.0), perHost("first_sample(v, ts)"));
    assertEquals(Arrays.asList(12.0, 42.0, null, 7.0), perHost("last_sample(v, ts)"));
    assertEquals(Arrays.asList(10L, 42L, null, 3L), perHost("first_sample(n, us)"));
    assertEquals(Arrays.asList(12, 42, null, 7), perHost("last_sample(i, ts)"));
  }

  @Test
  void resultsHaveDoubleTypeExceptFirstAndLastWhichKeepTheValueType() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT increase(n, ts), rate(i, us), delta(v, ts), deriv(n, us),"
                    + " first_sample(v, ts), last_sample(n, ts), first_sample(i, us)"
                    + " FROM counters")) {
      ResultSetMetaData meta = rs.getMetaData();
      int[] expected = {
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.BIGINT,
        Types.INTEGER
      };
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], meta.getColumnType(i + 1), meta.getColumnLabel(i + 1));
        assertEquals(ResultSetMetaData.columnNullable, meta.isNullable(i + 1));
      }
      assertTrue(rs.next());
      // Over the whole table: the first sample is a's 10 at 0 s, the last a's 12 at 50 s.
      assertEquals(10.0, rs.getDouble(5));
      assertEquals(12L, rs.getLong(6));
      assertEquals(10, rs.getInt(7));
      assertFalse(rs.next());
    }
  }

  @Test
  void timeBucketsEachGetTheirOwnIncreaseWithoutExtrapolation() throws SQLException {
    List<List<Object>> rows =
        rows(
            "SELECT time_bucket(INTERVAL '30' SECOND, ts) AS b, increase(v, ts), rate(v, ts)"
                + " FROM counters WHERE host = 'a'"
                + " GROUP BY time_bucket(INTERVAL '30' SECOND, ts) ORDER BY b");
    assertEquals(2, rows.size());
    // 0 s .. 20 s: 10, 15, 25: increase 15 over 20 s = 0.75 per second.
    assertEquals(List.of(15.0, 0.75), rows.get(0).subList(1, 3));
    // 30 s .. 50 s: 5, 12, 12: increase 7 over 20 s = 0.35 per second; the reset from 25 to 5
    // falls between the buckets and counts in neither.
    assertEquals(List.of(7.0, 0.35), rows.get(1).subList(1, 3));
  }

  @Test
  void bigintTimeBucketsGroupLikeTimestampBuckets() throws SQLException {
    List<List<Object>> rows =
        rows(
            "SELECT time_bucket(30000000, us) AS b, increase(n, us), rate(n, us),"
                + " last_sample(n, us) FROM counters WHERE host = 'a'"
                + " GROUP BY time_bucket(30000000, us) ORDER BY b");
    assertEquals(2, rows.size());
    assertEquals(List.of(15.0, 0.75, 25L), rows.get(0).subList(1, 4));
    assertEquals(List.of(7.0, 0.35, 12L), rows.get(1).subList(1, 4));
  }

  @Test
  void rateRunsAsAWindowFunctionOverTheRowsSoFar() throws SQLException {
    List<List<Object>> rows =
        rows(
            "SELECT ts, rate(v, ts) OVER (ORDER BY ts) FROM counters"
                + " WHERE host = 'a' AND v IS NOT NULL ORDER BY ts");
    List<Object> rates = new ArrayList<>();
    for (List<Object> row : rows) {
      rates.add(row.get(1));
    }
    // 10 | 15: 5/10 | 25: 15/20 | 5 (reset): 20/30 | 12: 27/40 | 12: 27/50.
    assertEquals(Arrays.asList(null, 0.5, 0.75, 20.0 / 30, 27.0 / 40, 27.0 / 50), rates);
  }

  @Test
  void aNonPositiveUnitPerSecondIsRefusedWithItsValue() {
    SQLException error = assertThrows(SQLException.class, () -> perHost("rate(v, us, 0)"));
    assertTrue(
        String.valueOf(error.getMessage())
            .contains("cannot compute rate: units_per_second must be positive, got 0"),
        error.getMessage());
  }

  @Test
  void firstAndLastSampleKeepStringsBooleansTimestampsAndDates() throws SQLException {
    Table states =
        database.createTable(
            "states",
            Schema.builder()
                .notNull("ts", ColumnType.TIMESTAMP)
                .column("host", ColumnType.VARCHAR)
                .column("state", ColumnType.VARCHAR)
                .notNull("up", ColumnType.BOOLEAN)
                .column("seen", ColumnType.TIMESTAMP)
                .column("born", ColumnType.DATE)
                .build(),
            TableOptions.defaults().withTimeColumn("ts"));
    RowBatch batch = states.newBatch();
    batch.addRow(START + 2000, "a", "degraded", false, START + 1999, 19_723);
    batch.addRow(START + 1000, "a", "starting", true, START + 999, 19_722);
    batch.addRow(START + 3000, "a", null, true, null, null);
    batch.addRow(START, "b", "zeta", true, START - 1, 100);
    batch.addRow(START, "b", "alpha", false, START - 2, 101);
    states.append(batch);
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT host, first_sample(state, ts), last_sample(state, ts),"
                    + " first_sample(up, ts), last_sample(up, ts), last_sample(seen, ts),"
                    + " last_sample(born, ts) FROM states GROUP BY host ORDER BY host")) {
      ResultSetMetaData meta = rs.getMetaData();
      assertEquals(Types.VARCHAR, meta.getColumnType(2));
      assertEquals(Types.BOOLEAN, meta.getColumnType(4));
      assertEquals(Types.TIMESTAMP, meta.getColumnType(6));
      assertEquals(Types.DATE, meta.getColumnType(7));
      assertTrue(rs.next());
      // a: the NULL state at 3 s is skipped; up is NOT NULL, so its last sample is at 3 s.
      assertEquals("starting", rs.getString(2));
      assertEquals("degraded", rs.getString(3));
      assertEquals(true, rs.getObject(4));
      assertEquals(true, rs.getObject(5));
      // The raw value of a TIMESTAMP is its wall clock in milliseconds, of a DATE its day.
      assertEquals(START + 1999, rs.getLong(6));
      assertEquals(19_723, rs.getInt(7));
      assertTrue(rs.next());
      // b: two samples at one time: first takes the smallest value, last the largest.
      assertEquals("alpha", rs.getString(2));
      assertEquals("zeta", rs.getString(3));
      assertEquals(false, rs.getObject(4));
      assertEquals(true, rs.getObject(5));
      assertEquals(START - 1, rs.getLong(6));
      assertEquals(101, rs.getInt(7));
      assertFalse(rs.next());
    }
  }

  @Test
  void plainFirstAndLastDoNotParseAsAggregates() {
    // FIRST(x, n) and LAST(x, n) are MATCH_RECOGNIZE navigation in Calcite's grammar, whose
    // second argument must be a number: hence first_sample and last_sample.
    for (String call : List.of("first(v, ts)", "last(v, ts)")) {
      SQLException error = assertThrows(SQLException.class, () -> perHost(call));
      assertTrue(String.valueOf(error.getMessage()).contains("parse failed"), error.getMessage());
    }
  }
}
