package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The series aggregates through {@code jdbc:backtrace:} connections, on tables made with DDL. */
class SeriesFunctionsTest {
  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir.resolve("db"));
  }

  @Test
  void counterRatesOverABigintMicrosecondTimeColumn() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE requests (us BIGINT NOT NULL, host VARCHAR NOT NULL, total BIGINT)"
              + " WITH (time_column = 'us', time_unit = 'micros')");
      // Out of time order. web1 in time order: 100, 160, 40 (restart), 100 at 0, 10, 20, 30 s.
      long[][] web1 = {{20, 40}, {0, 100}, {30, 100}, {10, 160}};
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO requests VALUES (?, ?, ?)")) {
        for (long[] sample : web1) {
          insert.setLong(1, sample[0] * 1_000_000);
          insert.setString(2, "web1");
          insert.setLong(3, sample[1]);
          insert.addBatch();
        }
        insert.setLong(1, 5_000_000);
        insert.setString(2, "web2");
        insert.setNull(3, Types.BIGINT);
        insert.addBatch();
        insert.executeBatch();
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT host, increase(total, us), rate(total, us), first_sample(total, us),"
                  + " last_sample(total, us) FROM requests GROUP BY host ORDER BY host")) {
        assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(4));
        assertTrue(rs.next());
        assertEquals("web1", rs.getString(1));
        // (160 - 100) + 40 (the restart counts its new value) + (100 - 40) = 160.
        assertEquals(160.0, rs.getDouble(2));
        // 160 over 30 s.
        assertEquals(160.0 / 30, rs.getDouble(3), 1e-12);
        assertEquals(100L, rs.getLong(4));
        assertEquals(100L, rs.getObject(5));
        assertTrue(rs.next());
        assertEquals("web2", rs.getString(1));
        // Only a NULL sample: every aggregate is NULL.
        for (int column = 2; column <= 5; column++) {
          assertNull(rs.getObject(column), "column " + column);
        }
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void minuteBucketsOfATimestampTableWithAPreparedFilter() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE cpu (ts TIMESTAMP NOT NULL, host VARCHAR NOT NULL, busy DOUBLE)"
              + " WITH (time_column = 'ts')");
      statement.execute(
          "INSERT INTO cpu VALUES"
              + " (TIMESTAMP '2024-03-10 10:00:30', 'a', 4.0),"
              + " (TIMESTAMP '2024-03-10 10:00:00', 'a', 1.0),"
              + " (TIMESTAMP '2024-03-10 10:01:00', 'a', 2.0),"
              + " (TIMESTAMP '2024-03-10 10:01:40', 'a', 6.0),"
              + " (TIMESTAMP '2024-03-10 10:00:10', 'b', 9.0)");
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT time_bucket(INTERVAL '1' MINUTE, ts) AS b, delta(busy, ts),"
                  + " deriv(busy, ts), rate(busy, ts), last_sample(busy, ts), first_sample(ts, ts),"
                  + " last_sample(host, ts) FROM cpu"
                  + " WHERE host = ? GROUP BY time_bucket(INTERVAL '1' MINUTE, ts) ORDER BY b")) {
        query.setString(1, "a");
        try (ResultSet rs = query.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(LocalDateTime.of(2024, 3, 10, 10, 0), rs.getObject(1, LocalDateTime.class));
          // 10:00:00 -> 1, 10:00:30 -> 4: delta 3, slope 3 / 30 s, rate 3 / 30 s.
          assertEquals(3.0, rs.getDouble(2));
          assertEquals(0.1, rs.getDouble(3), 1e-12);
          assertEquals(0.1, rs.getDouble(4), 1e-12);
          assertEquals(4.0, rs.getDouble(5));
          assertEquals(
              LocalDateTime.of(2024, 3, 10, 10, 0, 0), rs.getObject(6, LocalDateTime.class));
          assertEquals("a", rs.getString(7));
          assertTrue(rs.next());
          assertEquals(LocalDateTime.of(2024, 3, 10, 10, 1), rs.getObject(1, LocalDateTime.class));
          // 10:01:00 -> 2, 10:01:40 -> 6: delta 4, slope and rate 4 / 40 s.
          assertEquals(4.0, rs.getDouble(2));
          assertEquals(0.1, rs.getDouble(3), 1e-12);
          assertEquals(0.1, rs.getDouble(4), 1e-12);
          assertEquals(6.0, rs.getDouble(5));
          assertEquals(
              LocalDateTime.of(2024, 3, 10, 10, 1, 0), rs.getObject(6, LocalDateTime.class));
          assertFalse(rs.next());
        }
        query.setString(1, "b");
        try (ResultSet rs = query.executeQuery()) {
          assertTrue(rs.next());
          // One sample: no change, no slope, no rate.
          assertEquals(0.0, rs.getDouble(2));
          assertNull(rs.getObject(3));
          assertNull(rs.getObject(4));
          assertEquals(9.0, rs.getDouble(5));
          assertFalse(rs.next());
        }
      }
    }
  }
}
