package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each execution's variables read as Calcite defines them, though they are made only on demand: the
 * clock in the session's zone and in UTC, the user, parameters bound to NULL.
 */
class ExecutionContextTest {
  @TempDir Path dir;

  @Test
  void clocksUsersAndNullParametersReadAsCalciteDefinesThem() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (ts TIMESTAMP NOT NULL, v BIGINT) WITH (time_column = 'ts')");
      statement.execute("INSERT INTO t VALUES (TIMESTAMP '2024-01-01 00:00:00', 1)");
      // The session's zone: the JVM's default zone when the driver first read its properties.
      ZoneId session =
          connection
              .unwrap(org.apache.calcite.jdbc.BacktraceConnection.class)
              .getTimeZone()
              .toZoneId();
      LocalDateTime before = LocalDateTime.now(session).minusSeconds(1);
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_USER, CURRENT_DATE FROM t")) {
        assertTrue(rs.next());
        LocalDateTime current = rs.getObject(1, LocalDateTime.class);
        LocalDateTime local = rs.getObject(2, LocalDateTime.class);
        LocalDateTime after = LocalDateTime.now(session).plusSeconds(1);
        assertTrue(
            !current.isBefore(before) && !current.isAfter(after),
            current + " within [" + before + ", " + after + "]");
        assertEquals(current, local, "one clock per execution, in the session zone");
        assertEquals("sa", rs.getString(3));
        assertEquals(current.toLocalDate().toString(), rs.getString(4));
      }
      try (PreparedStatement prepared =
          connection.prepareStatement("SELECT count(*) FROM t WHERE v = ? OR ? IS NULL")) {
        prepared.setLong(1, 2);
        prepared.setNull(2, Types.BIGINT);
        try (ResultSet rs = prepared.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(1, rs.getLong(1), "a NULL parameter reads as NULL");
          assertFalse(rs.next());
        }
        prepared.setLong(2, 5);
        try (ResultSet rs = prepared.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(0, rs.getLong(1));
        }
      }
    }
  }
}
