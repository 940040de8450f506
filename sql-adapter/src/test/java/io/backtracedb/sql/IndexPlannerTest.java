package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.IndexInfo;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner's use of secondary indexes: EXPLAIN names the index, its keys and the blocks, only
 * when the index is selective; ORDER BY an indexed column with LIMIT walks the index; and every
 * query answers as it does on an identical table without indexes.
 */
class IndexPlannerTest {
  private static final int BLOCK_ROWS = 30_000;
  private static final int COLD_ROWS = 4 * BLOCK_ROWS;
  private static final int MEMORY_ROWS = 2000;

  @TempDir static Path dir;
  private static final List<Long> ids = new ArrayList<>();
  private static Database database;
  private static PlannerSession session;

  /**
   * Tables {@code orders} (indexed on id, customer and amount) and {@code plain} (no index) with
   * the same rows: four cold blocks and some rows in memory. Half the rows have customer 'big'.
   */
  @BeforeAll
  static void fill() throws Exception {
    database = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false));
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.BIGINT)
            .notNull("id", ColumnType.BIGINT)
            .column("customer", ColumnType.VARCHAR)
            .column("amount", ColumnType.DOUBLE)
            .build();
    TableOptions options = TableOptions.defaults().withTimeColumn("ts").withBlockRows(BLOCK_ROWS);
    Table orders = database.createTable("orders", schema, options);
    Table plain = database.createTable("plain", schema, options);
    for (long i = 0; i < COLD_ROWS + MEMORY_ROWS; i++) {
      ids.add(i);
    }
    Collections.shuffle(ids, new Random(3));
    for (int from = 0; from < ids.size(); from += 5000) {
      if (from == COLD_ROWS) {
        database.flush();
      }
      RowBatch a = orders.newBatch();
      RowBatch b = plain.newBatch();
      for (int i = from; i < Math.min(ids.size(), from + 5000); i++) {
        long id = ids.get(i);
        Object[] row = {
          10L * i,
          id,
          id % 2 == 0 ? "big" : "c" + (id % 1000),
          id % 17 == 0 ? null : (id % 5000) / 4.0
        };
        a.addRow(row);
        b.addRow(row);
      }
      orders.append(a);
      plain.append(b);
    }
    orders.createIndex("orders_id", "id", true);
    orders.createIndex("orders_customer", "customer", false);
    orders.createIndex("orders_amount", "amount", false);
    session = new PlannerSession(database);
  }

  @AfterAll
  static void close() throws Exception {
    session.close();
    database.close();
  }

  private static List<String> both(String select, String rest) throws SQLException {
    List<String> indexed = session.query(select + " FROM orders " + rest);
    assertEquals(session.query(select + " FROM plain " + rest), indexed, rest);
    return indexed;
  }

  @Test
  void aPointLookupNamesTheIndexItsKeyAndTheBlocks() throws Exception {
    long id = ids.get(100); // in the first cold block
    int blocks = database.table("orders").blocks().size();
    String plan = session.explain("SELECT * FROM orders WHERE id = " + id);
    // The cold block holding the row, and the active block: the index covers cold blocks only.
    assertTrue(
        plan.contains("index=[orders_id: [" + id + ".." + id + "]], blocks=[2/" + blocks + "]"),
        plan);
    assertEquals(1, both("SELECT *", "WHERE id = " + id).size());
  }

  @Test
  void betweenAndInListsAreLookedUpAsRangesAndKeys() throws Exception {
    String between = session.explain("SELECT * FROM orders WHERE id BETWEEN 100 AND 102");
    assertTrue(between.contains("index=[orders_id: [100..102]]"), between);
    String in = session.explain("SELECT * FROM orders WHERE id IN (7, 8, 9)");
    assertTrue(in.contains("index=[orders_id: [7..7], [8..8], [9..9]]"), in);
    String open = session.explain("SELECT * FROM orders WHERE id > 121990");
    assertTrue(open.contains("index=[orders_id: (121990..+inf)]"), open);
    assertEquals(3, both("SELECT id", "WHERE id BETWEEN 100 AND 102 ORDER BY id").size());
    assertEquals(List.of("7", "8", "9"), both("SELECT id", "WHERE id IN (7, 8, 9) ORDER BY id"));
    assertEquals(9, both("SELECT id", "WHERE id > 121990").size());
  }

  @Test
  void aPredicateMatchingHalfTheRowsScansWithoutTheIndex() throws Exception {
    String plan = session.explain("SELECT count(*) FROM orders WHERE customer = 'big'");
    assertFalse(plan.contains("index="), plan);
    assertEquals(List.of("61000"), both("SELECT count(*)", "WHERE customer = 'big'"));
    String wide = session.explain("SELECT * FROM orders WHERE id > 10");
    assertFalse(wide.contains("index="), wide);
  }

  @Test
  void orderByAnIndexedColumnWithALimitWalksTheIndex() throws Exception {
    String sql = "SELECT id, amount FROM orders ORDER BY amount DESC LIMIT 5";
    String plan = session.explain(sql);
    assertTrue(plan.contains("order=[amount DESC NULLS FIRST 5]"), plan);
    assertTrue(plan.contains("index=[orders_amount: DESC NULLS FIRST]"), plan);
    assertTrue(plan.contains("EnumerableLimitSort") || plan.contains("EnumerableSort"), plan);
    both("SELECT id, amount", "ORDER BY amount DESC, id LIMIT 5");
    both("SELECT id, amount", "ORDER BY amount DESC NULLS LAST, id LIMIT 5");
    both("SELECT id", "WHERE customer <> 'big' ORDER BY amount, id LIMIT 7 OFFSET 3");
    String ascending = session.explain("SELECT * FROM orders ORDER BY id LIMIT 3");
    assertTrue(ascending.contains("index=[orders_id: ASC NULLS LAST]"), ascending);
    assertEquals(List.of("0", "1", "2"), both("SELECT id", "ORDER BY id LIMIT 3"));
  }

  @Test
  void aLimitTooLargeForAnIndexWalkIsSortedAsBefore() throws Exception {
    String plan = session.explain("SELECT id FROM orders ORDER BY id LIMIT 100000");
    assertFalse(plan.contains("index="), plan);
    assertFalse(plan.contains("order=["), plan);
  }

  @Test
  void parametersDecideAtRunTimeWithOnePlan() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    try (Connection connection = DriverManager.getConnection("jdbc:calcite:", properties)) {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      calcite.getRootSchema().add("db", new BacktraceSchema(database)).setCacheEnabled(false);
      calcite.setSchema("db");
      try (PreparedStatement explain =
          connection.prepareStatement(
              "EXPLAIN PLAN FOR SELECT id FROM orders WHERE id BETWEEN ? AND ?")) {
        explain.setLong(1, 1);
        explain.setLong(2, 2);
        try (ResultSet rs = explain.executeQuery()) {
          assertTrue(rs.next());
          String plan = rs.getString(1);
          assertTrue(plan.contains("index=[orders_id: [?0..?1] if selective]"), plan);
        }
      }
      try (PreparedStatement range =
          connection.prepareStatement("SELECT count(*) FROM orders WHERE id BETWEEN ? AND ?")) {
        long before = scans("orders_id");
        assertEquals(3, count(range, 10, 12));
        assertEquals(before + 1, scans("orders_id"), "three keys: the index served");
        assertEquals(100_001, count(range, 5, 100_005));
        assertEquals(before + 1, scans("orders_id"), "most of the table: scanned");
        assertEquals(1, count(range, 121_999, 121_999));
        assertEquals(before + 2, scans("orders_id"));
      }
    }
  }

  private static long count(PreparedStatement statement, long low, long high) throws SQLException {
    statement.setLong(1, low);
    statement.setLong(2, high);
    try (ResultSet rs = statement.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static long scans(String index) {
    for (IndexInfo info : database.table("orders").indexes()) {
      if (info.name().equals(index)) {
        return info.scans();
      }
    }
    throw new AssertionError("no index " + index);
  }

  @Test
  void randomQueriesAnswerAsOnTheTableWithoutIndexes() throws Exception {
    long seed = Long.getLong("backtrace.seed", new Random().nextLong());
    Random random = new Random(seed);
    try {
      for (int round = 0; round < 25; round++) {
        String where = randomWhere(random);
        String order =
            switch (random.nextInt(4)) {
              case 0 -> "ORDER BY id LIMIT " + (1 + random.nextInt(50));
              case 1 -> "ORDER BY amount DESC, id LIMIT " + (1 + random.nextInt(50));
              case 2 -> "ORDER BY customer, ts LIMIT " + (1 + random.nextInt(50));
              default -> "ORDER BY ts, id";
            };
        both("SELECT ts, id, customer, amount", "WHERE " + where + " " + order);
      }
    } catch (AssertionError | SQLException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  private static String randomWhere(Random random) {
    long id = random.nextInt(COLD_ROWS + MEMORY_ROWS);
    String one =
        switch (random.nextInt(8)) {
          case 0 -> "id = " + id;
          case 1 -> "id IN (" + id + ", " + (id + 3) + ", " + random.nextInt(1000) + ")";
          case 2 -> "id BETWEEN " + id + " AND " + (id + random.nextInt(2000));
          case 3 -> "customer = 'c" + random.nextInt(1000) + "'";
          case 4 -> "amount >= " + random.nextInt(1250) + " AND amount < " + random.nextInt(1250);
          case 5 -> "amount IS NULL AND id < " + id;
          case 6 -> "ts BETWEEN " + 10L * id + " AND " + 10L * (id + random.nextInt(500));
          default -> "customer = 'big' AND id < " + id;
        };
    return random.nextBoolean()
        ? one
        : "("
            + one
            + ") AND amount <> "
            + String.format(Locale.ROOT, "%.2f", random.nextInt(100) / 4.0);
  }
}
