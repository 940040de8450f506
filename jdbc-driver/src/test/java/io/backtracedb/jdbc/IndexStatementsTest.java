package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE INDEX, DROP INDEX, REINDEX and the sys index tables through DriverManager. */
class IndexStatementsTest {
  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir);
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    return ResultRows.of(statement.executeQuery(sql));
  }

  private static String state(Statement statement, String sql) {
    return assertThrows(SQLException.class, () -> statement.execute(sql), sql).getSQLState();
  }

  @Test
  void indexStatementsRunAndAnswerWithTheirStates() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, n INTEGER)");
      statement.execute("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', NULL), (3, 'a', 30)");
      statement.execute("CREATE INDEX t_name ON t (name)");
      statement.execute("CREATE INDEX IF NOT EXISTS t_name ON t (n)");
      assertEquals("42P07", state(statement, "CREATE INDEX t_name ON t (n)"));
      assertEquals("23505", state(statement, "CREATE UNIQUE INDEX t_name_u ON t (name)"));
      statement.execute("CREATE UNIQUE INDEX t_id ON t (id)");
      assertEquals("23505", state(statement, "INSERT INTO t VALUES (2, 'c', 1)"));
      statement.execute("INSERT INTO t VALUES (4, 'c', NULL)");
      assertEquals(
          List.of("t|t_name|name|false|0|ready", "t|t_id|id|true|0|ready"),
          rows(
              statement,
              "SELECT table_name, index_name, column_name, is_unique, entries, state"
                  + " FROM sys.indexes"));
      statement.execute("REINDEX");
      statement.execute("REINDEX t_id");
      statement.execute("REINDEX t");
      assertEquals("42704", state(statement, "REINDEX nope"));
      assertEquals(
          List.of("t_id|leaf|0", "t_name|leaf|0"),
          rows(
              statement,
              "SELECT index_name, kind, key_count FROM sys.index_pages ORDER BY index_name"));
      assertEquals(
          List.of("1|a", "3|a"),
          rows(statement, "SELECT id, name FROM t WHERE name = 'a' ORDER BY id"));
      statement.execute("DROP INDEX t_name");
      statement.execute("DROP INDEX IF EXISTS t_name");
      assertEquals("42704", state(statement, "DROP INDEX t_name"));
      assertEquals(List.of("t_id"), rows(statement, "SELECT index_name FROM sys.indexes"));
    }
  }
}
