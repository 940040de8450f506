package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series tables ({@code kind = 'series'}) through JDBC: the same statements and answers as an
 * ordinary table holding the same rows.
 */
class SeriesTablesTest {
  private static final String COLUMNS =
      "(ts TIMESTAMP NOT NULL, host VARCHAR NOT NULL, region VARCHAR, usage_user DOUBLE,"
          + " usage_system DOUBLE, requests BIGINT)";
  private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir.resolve("db"));
  }

  private static void createBoth(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE cpu "
            + COLUMNS
            + " WITH (kind = 'series', time_column = 'ts', tags = 'host,region')");
    statement.execute("CREATE TABLE cpu_plain " + COLUMNS + " WITH (time_column = 'ts')");
  }

  /** 12 hosts scraped every 10 s for an hour, a counter that resets now and then. */
  private static void load(Connection connection, String table, long seed) throws SQLException {
    Random random = new Random(seed);
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?)")) {
      long[] counters = new long[12];
      for (int scrape = 0; scrape < 360; scrape++) {
        for (int host = 0; host < 12; host++) {
          insert.setTimestamp(1, new Timestamp(START + scrape * 10_000L + random.nextInt(3)));
          insert.setString(2, "web" + host);
          if (host % 5 == 0) {
            insert.setNull(3, Types.VARCHAR);
          } else {
            insert.setString(3, host % 2 == 0 ? "eu" : "us");
          }
          insert.setDouble(4, Math.round(random.nextDouble() * 10_000) / 100.0);
          if (random.nextInt(10) == 0) {
            insert.setNull(5, Types.DOUBLE);
          } else {
            insert.setDouble(5, random.nextInt(100) / 4.0);
          }
          counters[host] = random.nextInt(500) == 0 ? 0 : counters[host] + random.nextInt(50);
          insert.setLong(6, counters[host]);
          insert.addBatch();
        }
        if (scrape % 60 == 59) {
          insert.executeBatch();
          connection.commit();
        }
      }
    }
    connection.setAutoCommit(true);
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(i == 1 ? "" : " | ").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static final List<String> QUERIES =
      List.of(
          "SELECT * FROM %s ORDER BY ts, host",
          "SELECT host, count(*), avg(usage_user), max(requests) FROM %s GROUP BY host ORDER BY host",
          "SELECT host, region, increase(requests, ts), rate(requests, ts), delta(usage_user, ts),"
              + " deriv(usage_user, ts), first_sample(usage_user, ts), last_sample(requests, ts)"
              + " FROM %s GROUP BY host, region ORDER BY host",
          "SELECT time_bucket(INTERVAL '5' MINUTE, ts) AS b, rate(requests, ts) FROM %s"
              + " WHERE host = 'web3' GROUP BY time_bucket(INTERVAL '5' MINUTE, ts) ORDER BY b",
          "SELECT host, count(*) FROM %s WHERE host IN ('web1', 'web4', 'none') GROUP BY host"
              + " ORDER BY host",
          "SELECT host, count(*) FROM %s WHERE host LIKE 'web1%%' GROUP BY host ORDER BY host",
          "SELECT host, count(*) FROM %s WHERE region <> 'eu' GROUP BY host ORDER BY host",
          "SELECT count(*) FROM %s WHERE region IS NULL",
          "SELECT ts, usage_system FROM %s WHERE host = 'web2'"
              + " AND ts BETWEEN TIMESTAMP '2024-01-01 00:10:00' AND TIMESTAMP '2024-01-01 00:12:00'"
              + " ORDER BY ts",
          "SELECT h.owner, count(*) FROM %s c JOIN owners h ON c.host = h.host"
              + " GROUP BY h.owner ORDER BY h.owner",
          "SELECT host, region, last_sample(usage_user, ts), last_sample(requests, ts), max(ts)"
              + " FROM %s GROUP BY host, region ORDER BY host",
          "SELECT region, last_sample(usage_system, ts) FROM %s WHERE host LIKE 'web1%%'"
              + " GROUP BY region ORDER BY region",
          "SELECT max(ts), last_sample(requests, ts) FROM %s WHERE host = 'web7'",
          "SELECT host, first(usage_user, ts), last(requests, ts) FROM %s GROUP BY host"
              + " ORDER BY host");

  @Test
  void seriesTablesAnswerLikeOrdinaryTablesBeforeAndAfterFlush() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      createBoth(statement);
      statement.execute("CREATE TABLE owners (host VARCHAR NOT NULL, owner VARCHAR)");
      statement.execute(
          "INSERT INTO owners VALUES ('web1', 'ann'), ('web2', 'bob'), ('web3', 'ann')");
      load(connection, "cpu", 7);
      load(connection, "cpu_plain", 7);
      for (String query : QUERIES) {
        assertEquals(
            rows(statement, String.format(java.util.Locale.ROOT, query, "cpu_plain")),
            rows(statement, String.format(java.util.Locale.ROOT, query, "cpu")),
            query);
      }
    }
    // Closing flushed the rows to chunk files; the answers stay the same.
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertEquals(
          List.of(
              "cpu | series | host,region", "cpu_plain | table | null", "owners | table | null"),
          rows(statement, "SELECT table_name, kind, tags FROM sys.tables ORDER BY table_name"));
      for (String query : QUERIES) {
        List<String> expected =
            rows(statement, String.format(java.util.Locale.ROOT, query, "cpu_plain"));
        assertFalse(expected.isEmpty(), query);
        assertEquals(
            expected, rows(statement, String.format(java.util.Locale.ROOT, query, "cpu")), query);
      }
      String plan =
          String.join(
              "\n",
              rows(statement, "EXPLAIN PLAN FOR SELECT count(*) FROM cpu WHERE host LIKE 'web1%'"));
      assertTrue(plan.contains("host LIKE 'web1%'"), plan);
      String latest =
          String.join(
              "\n",
              rows(
                  statement,
                  "EXPLAIN PLAN FOR SELECT host, last_sample(usage_user, ts) FROM cpu"
                      + " GROUP BY host"));
      assertTrue(latest.contains("latest=[per series]"), latest);
      assertEquals(
          rows(
              statement,
              "SELECT host, first_sample(usage_user, ts), last_sample(requests, ts) FROM cpu"
                  + " GROUP BY host ORDER BY host"),
          rows(
              statement,
              "SELECT host, first(usage_user, ts), last(requests, ts) FROM cpu GROUP BY host"
                  + " ORDER BY host"));
      List<String> series =
          rows(
              statement,
              "SELECT labels, samples, chunks, bytes > 0, min_time, max_time FROM sys.series"
                  + " WHERE table_name = 'cpu' ORDER BY series_id");
      assertEquals(12, series.size());
      assertTrue(
          series.get(0).startsWith("{host=\"web0\"} | 360 | 3 | true | 2024-01-01 00:00:00"),
          series.get(0));
      assertTrue(series.get(1).startsWith("{host=\"web1\", region=\"us\"} | 360 |"), series.get(1));
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT sum(samples), sum(bytes) FROM sys.series WHERE table_name = 'cpu'")) {
        assertTrue(rs.next());
        assertEquals(12 * 360, rs.getLong(1));
        double bytesPerSample = rs.getDouble(2) / (12 * 360 * 3.0);
        assertTrue(bytesPerSample < 4, "bytes per field sample " + bytesPerSample);
      }
    }
  }

  @Test
  void aSampleBeyondTheOutOfOrderWindowFailsWith23514AndLeavesTheBatchOut() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE m (ts TIMESTAMP NOT NULL, host VARCHAR NOT NULL, v DOUBLE)"
              + " WITH (kind = 'series', time_column = 'ts', tags = 'host',"
              + " out_of_order_window = '1 minute')");
      statement.execute("INSERT INTO m VALUES (TIMESTAMP '2024-01-01 01:00:00', 'a', 1.0)");
      statement.execute("INSERT INTO m VALUES (TIMESTAMP '2024-01-01 00:59:30', 'a', 2.0)");
      SQLException late =
          assertThrows(
              SQLException.class,
              () ->
                  statement.execute(
                      "INSERT INTO m VALUES (TIMESTAMP '2024-01-01 01:05:00', 'a', 3.0),"
                          + " (TIMESTAMP '2024-01-01 00:58:00', 'a', 4.0)"));
      assertEquals("23514", late.getSQLState(), late.getMessage());
      assertTrue(late.getMessage().contains("out-of-order window"), late.getMessage());
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO m VALUES (?, ?, ?)")) {
        insert.setTimestamp(1, Timestamp.valueOf("2024-01-01 00:50:00"));
        insert.setString(2, "a");
        insert.setDouble(3, 5.0);
        insert.addBatch();
        BatchUpdateException batch = assertThrows(BatchUpdateException.class, insert::executeBatch);
        assertEquals("23514", batch.getSQLState());
      }
      assertEquals(List.of("2"), rows(statement, "SELECT count(*) FROM m"));
      SQLException index =
          assertThrows(SQLException.class, () -> statement.execute("CREATE INDEX m_v ON m (v)"));
      assertTrue(index.getMessage().contains("series table 'm'"), index.getMessage());
      SQLException text =
          assertThrows(
              SQLException.class,
              () ->
                  statement.execute(
                      "CREATE TABLE bad (ts TIMESTAMP NOT NULL, host VARCHAR, note VARCHAR)"
                          + " WITH (kind = 'series', time_column = 'ts', tags = 'host')"));
      assertTrue(text.getMessage().contains("'note'"), text.getMessage());
    }
  }
}
