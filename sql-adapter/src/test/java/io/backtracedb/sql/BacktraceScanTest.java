package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktraceScanTest {
  /** 2024-01-01T00:00:00Z. */
  private static final long START = 1_704_067_200_000L;

  @TempDir Path dir;
  private Database database;
  private Connection connection;

  @BeforeEach
  void open() throws Exception {
    database = Database.open(dir);
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .notNull("symbol", ColumnType.VARCHAR)
            .column("price", ColumnType.DOUBLE)
            .column("qty", ColumnType.BIGINT)
            .build();
    Table trades =
        database.createTable(
            "trades", schema, TableOptions.defaults().withTimeColumn("ts").withBlockRows(10_000));
    RowBatch batch = trades.newBatch();
    for (int i = 0; i < 50_000; i++) {
      batch.addRow(
          START + i * 1000L, "S" + (i % 7), 100.0 + (i % 100), i % 13 == 0 ? null : (long) i);
      if (batch.rowCount() == 5000) {
        trades.append(batch);
        batch.clear();
      }
    }
    trades.flush();
    Table symbols =
        database.createTable(
            "symbols",
            Schema.builder()
                .notNull("symbol", ColumnType.VARCHAR)
                .column("name", ColumnType.VARCHAR)
                .build());
    for (int s = 0; s < 7; s++) {
      symbols.append("S" + s, "Symbol " + s);
    }
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    connection = DriverManager.getConnection("jdbc:calcite:", properties);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    SchemaPlus schemaPlus = calcite.getRootSchema().add("db", new BacktraceSchema(database));
    schemaPlus.setCacheEnabled(false);
    calcite.setSchema("db");
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
    database.close();
  }

  private String explain(String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  private List<String> rows(ResultSet rs) throws Exception {
    List<String> rows = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int c = 1; c <= columns; c++) {
        row.append(c == 1 ? "" : ",").append(rs.getString(c));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  private List<String> query(String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rows(rs);
    }
  }

  @Test
  void timeRangeAndSymbolArePushedIntoTheScanAndPruneBlocks() throws Exception {
    String sql =
        "SELECT price FROM trades WHERE ts >= TIMESTAMP '2024-01-01 05:00:00'"
            + " AND ts < TIMESTAMP '2024-01-01 05:00:10' AND symbol = 'S3'";
    String plan = explain(sql);
    assertTrue(
        plan.contains(
            "BacktraceTableScan(table=[[db, trades]], filter=[(ts >= 1704085200000 AND ts < 1704085210000 AND symbol = 'S3')], project=[[price]], blocks=[1/6])"),
        plan);
    assertFalse(
        plan.contains("EnumerableFilter"), "nothing is left to filter above the scan: " + plan);
    // Rows 18000..18009 are in the window; 18000 % 7 = 3 and 18007 % 7 = 3.
    assertEquals(List.of("100.0", "107.0"), query(sql));
  }

  @Test
  void whatCannotBePushedStaysAboveTheScan() throws Exception {
    String sql =
        "SELECT qty FROM trades WHERE qty BETWEEN 10 AND 40 AND CHAR_LENGTH(symbol) + qty = 12";
    String plan = explain(sql);
    assertTrue(plan.contains("filter=[(qty >= 10 AND qty <= 40)]"), plan);
    assertTrue(plan.contains("EnumerableCalc"), plan);
    assertEquals(List.of("10"), query(sql));
  }

  @Test
  void preparedParametersAreResolvedWhenTheScanRuns() throws Exception {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT count(*) FROM trades WHERE symbol = ? AND qty > ?")) {
      statement.setString(1, "S1");
      statement.setLong(2, 49_000);
      assertEquals(
          List.of("132"), rows(statement.executeQuery()), "rows with i % 13 == 0 have a NULL qty");
      statement.setString(1, "S2");
      statement.setLong(2, 0);
      assertEquals(List.of("6594"), rows(statement.executeQuery()));
      statement.setString(1, "S2");
      statement.setNull(2, java.sql.Types.BIGINT);
      assertEquals(List.of("0"), rows(statement.executeQuery()), "qty > NULL is never true");
    }
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT count(*) FROM trades WHERE ts < ?")) {
      statement.setTimestamp(2 - 1, new Timestamp(START + 10_000));
      assertEquals(List.of("10"), rows(statement.executeQuery()));
    }
  }

  @Test
  void aggregatesJoinsAndCountStarAreAnswered() throws Exception {
    assertEquals(List.of("50000"), query("SELECT count(*) FROM trades"));
    assertEquals(
        List.of("S0,7143,149.49"),
        query(
            "SELECT symbol, count(*), CAST(avg(price) AS DECIMAL(10, 2)) FROM trades"
                + " WHERE symbol = 'S0' GROUP BY symbol"));
    assertEquals(
        List.of("Symbol 4,7143"),
        query(
            "SELECT s.name, count(*) FROM trades t JOIN symbols s ON t.symbol = s.symbol"
                + " WHERE s.symbol = 'S4' GROUP BY s.name"));
    assertEquals(List.of("3847"), query("SELECT count(*) FROM trades WHERE qty IS NULL"));
  }

  @Test
  void notAndOrKeepSqlNullSemantics() throws Exception {
    long total = 50_000;
    long nulls = Long.parseLong(query("SELECT count(*) FROM trades WHERE qty IS NULL").get(0));
    long matching = Long.parseLong(query("SELECT count(*) FROM trades WHERE qty < 1000").get(0));
    long negated =
        Long.parseLong(query("SELECT count(*) FROM trades WHERE NOT (qty < 1000)").get(0));
    assertEquals(total, nulls + matching + negated, "p, NOT p and p IS NULL partition the rows");
    assertEquals(
        List.of("2"),
        query(
            "SELECT count(*) FROM trades WHERE qty IN (1, 2, 13) OR (symbol = 'S9' AND qty > 0)"));
  }

  @Test
  void selectStarWithoutAFilterReadsEveryColumn() throws Exception {
    assertEquals(5, query("SELECT * FROM trades LIMIT 5").size());
    assertEquals(
        List.of("2024-01-01 00:00:00.000,S0,100.0,null"),
        query("SELECT ts, symbol, price, qty FROM trades ORDER BY ts LIMIT 1"));
    assertEquals(7, query("SELECT * FROM symbols").size());
  }

  @Test
  void aggregatesReadOnlyTheColumnsTheyUse() throws Exception {
    String count = explain("SELECT count(*) FROM trades");
    assertTrue(count.contains("project=[[]]"), "count(*) decodes no column: " + count);
    String grouped = explain("SELECT symbol, max(qty) FROM trades GROUP BY symbol");
    assertTrue(grouped.contains("project=[[symbol, qty]]"), grouped);
    assertEquals(
        List.of("S6,49993"),
        query("SELECT symbol, max(qty) FROM trades WHERE symbol = 'S6' GROUP BY symbol"));
  }
}
