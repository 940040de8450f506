package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newest row per key of an ordinary table through SQL: {@code max(ts)} and {@code last(x, ts)}
 * grouped by columns read blocks newest first ({@code latest=[per ...]} in EXPLAIN) and answer as
 * the same question asked with a join, which reads every row.
 */
class NewestPerKeyTest {
  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:backtrace:" + dir.resolve("db"));
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
    rows.sort(null);
    return rows;
  }

  /** 30 symbols, a few only early, several blocks; ties broken by unique prices per time. */
  private static void load(Connection connection, int from, int count) throws SQLException {
    Random random = new Random(from);
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO trades VALUES (?, ?, ?, ?, ?)")) {
      for (int i = from; i < from + count; i++) {
        int symbol = i < 2_000 && i % 9 == 0 ? 25 + i % 5 : random.nextInt(25);
        insert.setLong(1, 1_000_000L + i * 10L);
        insert.setString(2, "S" + symbol);
        insert.setString(3, i % 3 == 0 ? null : i % 2 == 0 ? "buy" : "sell");
        insert.setDouble(4, i / 100.0);
        insert.setLong(5, i);
        insert.addBatch();
        if (i % 1_000 == 999) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
    }
    connection.setAutoCommit(true);
  }

  @Test
  void newestPerKeyAnswersAsAJoinDoes() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE trades (ts BIGINT NOT NULL, symbol VARCHAR NOT NULL, side VARCHAR,"
              + " price DOUBLE, qty BIGINT) WITH (time_column = 'ts', block_rows = 3000)");
      load(connection, 0, 10_000);
    }
    String latest =
        "SELECT symbol, max(ts), last(price, ts), last(qty, ts) FROM trades GROUP BY symbol";
    String join =
        "SELECT t.symbol, t.ts, t.price, t.qty FROM trades t JOIN (SELECT symbol, max(ts) AS m"
            + " FROM trades GROUP BY symbol) n ON t.symbol = n.symbol AND t.ts = n.m";
    String bySide = "SELECT symbol, side, max(ts), last(qty, ts) FROM trades GROUP BY symbol, side";
    String bySideJoin =
        "SELECT t.symbol, t.side, t.ts, t.qty FROM trades t JOIN (SELECT symbol, side, max(ts)"
            + " AS m FROM trades GROUP BY symbol, side) n ON t.symbol = n.symbol"
            + " AND t.side IS NOT DISTINCT FROM n.side AND t.ts = n.m";
    for (int round = 0; round < 2; round++) {
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        String plan = String.join("\n", rows(statement, "EXPLAIN PLAN FOR " + latest));
        assertTrue(plan.contains("latest=[per symbol]"), plan);
        List<String> expected = rows(statement, join);
        assertEquals(30, expected.size(), "one row per symbol");
        assertEquals(expected, rows(statement, latest));
        List<String> expectedBySide = rows(statement, bySideJoin);
        assertFalse(expectedBySide.isEmpty());
        assertEquals(expectedBySide, rows(statement, bySide));
        assertEquals(
            rows(statement, "SELECT symbol, max(ts + 0) FROM trades GROUP BY symbol"),
            rows(statement, "SELECT symbol, max(ts) FROM trades GROUP BY symbol"));
        if (round == 0) {
          load(connection, 10_000, 2_500); // more rows in memory beside the cold blocks
        }
      }
    }
  }
}
