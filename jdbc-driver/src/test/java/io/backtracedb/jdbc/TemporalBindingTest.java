package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Date-time values bind and read back exactly, with no time-zone shift, in JVMs whose default zone
 * has daylight-saving transitions. The wall clocks chosen fall on or next to those transitions.
 */
class TemporalBindingTest {
  @TempDir Path dir;
  private TimeZone original;

  @BeforeEach
  void rememberZone() {
    original = TimeZone.getDefault();
  }

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(original);
  }

  private Connection open(String zone) throws SQLException {
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    Connection connection = DriverManager.getConnection("jdbc:backtrace:" + dir);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS events (ts TIMESTAMP NOT NULL, d DATE, label VARCHAR)"
              + " WITH (time_column = 'ts')");
    }
    return connection;
  }

  private static final LocalDateTime[] WALL_CLOCKS = {
    LocalDateTime.of(
        2024, 3, 10, 5, 30, 0, 123_000_000), // New York: after spring-forward, same UTC day
    LocalDateTime.of(2024, 3, 31, 2, 30, 0, 456_000_000), // Berlin: inside the spring-forward gap
    LocalDateTime.of(2024, 11, 3, 1, 30, 0, 789_000_000), // New York: the repeated fall-back hour
    LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000), // before the epoch
    LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_000_000), // far future
  };

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"})
  void localDateTimeRoundTripsExactly(String zone) throws SQLException {
    try (Connection connection = open(zone)) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO events (ts, d, label) VALUES (?, ?, ?)")) {
        for (int i = 0; i < WALL_CLOCKS.length; i++) {
          insert.setObject(1, WALL_CLOCKS[i]);
          insert.setObject(2, WALL_CLOCKS[i].toLocalDate());
          insert.setString(3, "w" + i);
          insert.executeUpdate();
        }
      }
      try (PreparedStatement select =
          connection.prepareStatement("SELECT ts, d, label FROM events WHERE ts = ?")) {
        for (int i = 0; i < WALL_CLOCKS.length; i++) {
          select.setObject(1, WALL_CLOCKS[i]);
          try (ResultSet rs = select.executeQuery()) {
            assertTrue(rs.next(), "a parameter finds the row it wrote: " + WALL_CLOCKS[i]);
            assertEquals(WALL_CLOCKS[i], rs.getObject(1, LocalDateTime.class));
            assertEquals(WALL_CLOCKS[i].toLocalDate(), rs.getObject(2, LocalDate.class));
            assertEquals(WALL_CLOCKS[i].toString().replace('T', ' '), rs.getString(1));
            assertEquals(WALL_CLOCKS[i].toInstant(ZoneOffset.UTC), rs.getObject(1, Instant.class));
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"America/New_York", "Europe/Berlin"})
  void instantsAndOffsetsReadBackAsTheSameInstant(String zone) throws SQLException {
    Instant instant = Instant.parse("2024-03-10T07:30:00.250Z");
    OffsetDateTime offset = OffsetDateTime.parse("2024-11-03T01:30:00.500-04:00");
    try (Connection connection = open(zone)) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO events (ts, label) VALUES (?, ?)")) {
        insert.setObject(1, instant);
        insert.setString(2, "instant");
        insert.executeUpdate();
        insert.setObject(1, offset);
        insert.setString(2, "offset");
        insert.executeUpdate();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT ts FROM events ORDER BY label")) {
        assertTrue(rs.next());
        assertEquals(instant, rs.getObject(1, Instant.class));
        assertEquals(instant, rs.getTimestamp(1, utc()).toInstant());
        assertTrue(rs.next());
        assertTrue(offset.isEqual(rs.getObject(1, OffsetDateTime.class)));
        assertEquals(ZoneOffset.UTC, rs.getObject(1, OffsetDateTime.class).getOffset());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"America/New_York", "Europe/Berlin"})
  void sqlTimestampKeepsItsWallClock(String zone) throws SQLException {
    // 05:30 on the day New York springs forward: Avatica's default conversion shifts it an hour.
    try (Connection connection = open(zone)) {
      Timestamp written = Timestamp.valueOf("2024-03-10 05:30:00.125"); // in the JVM's zone
      java.sql.Date day = java.sql.Date.valueOf("2024-03-10");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO events (ts, d, label) VALUES (?, ?, ?)")) {
        insert.setTimestamp(1, written);
        insert.setDate(2, day);
        insert.setString(3, "timestamp");
        insert.executeUpdate();
        insert.setTimestamp(1, Timestamp.valueOf("2024-03-10 05:30:00.125"), utc());
        insert.setNull(2, java.sql.Types.DATE);
        insert.setString(3, "utc-calendar");
        insert.executeUpdate();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT ts, d FROM events ORDER BY label")) {
        assertTrue(rs.next());
        assertEquals(written, rs.getTimestamp(1));
        assertEquals(written, rs.getObject(1));
        assertEquals(day, rs.getDate(2));
        assertEquals(day, rs.getObject(2));
        assertEquals("2024-03-10 05:30:00.125", rs.getString(1));
        assertTrue(rs.next());
        LocalDateTime utcWallClock = written.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime();
        assertEquals(utcWallClock, rs.getObject(1, LocalDateTime.class));
        assertEquals(
            written, rs.getTimestamp(1, utc()), "read with the calendar it was written with");
        assertNull(rs.getDate(2));
        assertNull(rs.getObject(2, LocalDate.class));
      }
    }
  }

  private static Calendar utc() {
    return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
  }
}
