package io.backtracedb.sql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeBucketTest {
  /** 2024-01-01T00:00:00Z. */
  private static final long START = 1_704_067_200_000L;

  private static final int ROWS = 5000;

  @TempDir Path dir;
  private Database database;
  private Connection connection;

  /** Row i is at START + i * 7,001 ms (about 35 rows a minute); {@code us} holds it in micros. */
  private static long millisOf(int row) {
    return START + row * 7_001L;
  }

  @BeforeEach
  void open() throws SQLException {
    database = Database.open(dir);
    Table ticks =
        database.createTable(
            "ticks",
            Schema.builder()
                .notNull("ts", ColumnType.TIMESTAMP)
                .notNull("us", ColumnType.BIGINT)
                .build(),
            TableOptions.defaults().withTimeColumn("ts"));
    RowBatch batch = ticks.newBatch();
    for (int i = 0; i < ROWS; i++) {
      batch.addRow(millisOf(i), millisOf(i) * 1000);
    }
    ticks.append(batch);
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    connection = DriverManager.getConnection("jdbc:calcite:", properties);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("db", new BacktraceSchema(database)).setCacheEnabled(false);
    calcite.setSchema("db");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
    database.close();
  }

  private Map<Long, Long> expected(long width, long origin) {
    Map<Long, Long> counts = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      long time = millisOf(i);
      counts.merge(origin + Math.floorDiv(time - origin, width) * width, 1L, Long::sum);
    }
    return counts;
  }

  private Map<Long, Long> query(String sql, boolean timestamp) throws SQLException {
    Map<Long, Long> counts = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        // A TIMESTAMP's raw value is its wall clock in milliseconds.
        long bucket = timestamp ? rs.getLong(1) : rs.getLong(1) / 1000;
        counts.put(bucket, rs.getLong(2));
      }
    }
    return counts;
  }

  @Test
  void minuteBucketsOfATimestampColumnCountEveryRow() throws SQLException {
    Map<Long, Long> actual =
        query(
            "SELECT time_bucket(INTERVAL '1' MINUTE, ts) AS b, count(*) FROM ticks"
                + " GROUP BY time_bucket(INTERVAL '1' MINUTE, ts) ORDER BY b",
            true);
    assertEquals(expected(60_000, 0), actual);
    assertEquals(ROWS, actual.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void bucketsStartAtAnOriginWhenOneIsGiven() throws SQLException {
    long origin = START + 5 * 60_000; // 00:05
    Map<Long, Long> actual =
        query(
            "SELECT time_bucket(INTERVAL '15' MINUTE, ts, TIMESTAMP '2024-01-01 00:05:00') AS b,"
                + " count(*) FROM ticks GROUP BY time_bucket(INTERVAL '15' MINUTE, ts,"
                + " TIMESTAMP '2024-01-01 00:05:00') ORDER BY b",
            true);
    assertEquals(expected(15 * 60_000, origin), actual);
    assertTrue(actual.containsKey(START - 10 * 60_000), "rows before the origin round down");
  }

  @Test
  void bigintTimeColumnsBucketInTheirOwnUnit() throws SQLException {
    Map<Long, Long> actual =
        query(
            "SELECT time_bucket(60000000, us) AS b, count(*) FROM ticks"
                + " GROUP BY time_bucket(60000000, us) ORDER BY b",
            false);
    assertEquals(expected(60_000, 0), actual);
  }

  @Test
  void weekBucketsStartOnMonday() throws SQLException {
    List<LocalDateTime> starts = new ArrayList<>();
    // The raw value of a TIMESTAMP is its wall clock in milliseconds.
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT DISTINCT time_bucket(INTERVAL '7' DAY, ts) FROM ticks")) {
      while (rs.next()) {
        starts.add(LocalDateTime.ofEpochSecond(rs.getLong(1) / 1000, 0, ZoneOffset.UTC));
      }
    }
    assertEquals(List.of(LocalDateTime.of(2024, 1, 1, 0, 0)), starts);
    assertEquals(DayOfWeek.MONDAY, starts.get(0).getDayOfWeek());
  }

  @Test
  void bucketArithmeticRoundsDownAndRefusesAnEmptyWidth() {
    assertEquals(-10, TimeBucket.bucket(10, -1, 0));
    assertEquals(0, TimeBucket.bucket(10, 9, 0));
    assertEquals(5, TimeBucket.bucket(10, 14, 5));
    assertEquals(-5, TimeBucket.bucket(10, 4, 5));
    assertThrows(IllegalArgumentException.class, () -> TimeBucket.bucket(0, 1, 0));
  }
}
