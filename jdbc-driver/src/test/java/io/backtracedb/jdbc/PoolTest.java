package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HikariCP pools hand out working connections in either autocommit mode and reset them on return.
 */
class PoolTest {
  @TempDir Path dir;

  private HikariDataSource pool(boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:backtrace:" + dir);
    config.setAutoCommit(autoCommit);
    config.setMaximumPoolSize(3);
    config.setPoolName("backtrace-test");
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS orders (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL)"
              + " WITH (time_column = 'ts')");
      if (!autoCommit) {
        connection.commit();
      }
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException(e);
    }
    return pool;
  }

  private static void insert(Connection connection, long id) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
      insert.setObject(1, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id));
      insert.setLong(2, id);
      assertEquals(1, insert.executeUpdate());
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM orders")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void autocommitPoolWritesAtOnceAndReusesConnections() throws Exception {
    try (HikariDataSource pool = pool(true)) {
      try (Connection connection = pool.getConnection()) {
        assertTrue(connection.getAutoCommit());
        insert(connection, 1);
      }
      try (Connection connection = pool.getConnection()) {
        assertTrue(connection.getAutoCommit());
        assertEquals(1, count(connection));
        connection.setAutoCommit(false); // the pool must undo this on return
        insert(connection, 2);
        connection.commit();
      }
      try (Connection connection = pool.getConnection()) {
        assertTrue(connection.getAutoCommit(), "the pool restored autocommit");
        assertEquals(2, count(connection));
      }
    }
  }

  @Test
  void manualCommitPoolCommitsOrRollsBackAndReturnsCleanConnections() throws Exception {
    try (HikariDataSource pool = pool(false)) {
      try (Connection connection = pool.getConnection()) {
        assertFalse(connection.getAutoCommit());
        insert(connection, 1);
        connection.commit();
      }
      try (Connection connection = pool.getConnection()) {
        insert(connection, 2);
        connection.rollback();
        insert(connection, 3);
        // returned with pending rows: the pool rolls them back
      }
      try (Connection connection = pool.getConnection()) {
        assertEquals(1, count(connection), "only the committed row exists");
        insert(connection, 4);
        connection.commit();
        assertEquals(2, count(connection));
      }
    }
  }

  @Test
  void concurrentBorrowersShareOneDatabase() throws Exception {
    try (HikariDataSource pool = pool(false)) {
      ExecutorService workers = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int worker = 0; worker < 3; worker++) {
          long base = worker * 1000L;
          done.add(
              workers.submit(
                  () -> {
                    for (int i = 0; i < 20; i++) {
                      try (Connection connection = pool.getConnection()) {
                        insert(connection, base + i);
                        connection.commit();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        workers.shutdown();
      }
      try (Connection connection = pool.getConnection()) {
        assertEquals(60, count(connection));
      }
    }
  }
}
