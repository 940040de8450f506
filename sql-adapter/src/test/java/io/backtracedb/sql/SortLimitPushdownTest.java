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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ORDER BY <time> [DESC] LIMIT n} reads blocks in time order and stops early. */
class SortLimitPushdownTest {
  @TempDir Path dir;
  private Database database;
  private PlannerSession session;

  @BeforeEach
  void open() throws Exception {
    database = Database.open(dir);
    Table events =
        database.createTable(
            "events",
            Schema.builder()
                .notNull("ts", ColumnType.BIGINT)
                .column("kind", ColumnType.VARCHAR)
                .build(),
            TableOptions.defaults().withTimeColumn("ts").withBlockRows(1000));
    for (int block = 0; block < 8; block++) {
      RowBatch batch = events.newBatch();
      for (int i = 999; i >= 0; i--) {
        long ts = block * 1000L + i;
        batch.addRow(ts, ts % 3 == 0 ? "a" : "b");
      }
      events.append(batch);
    }
    events.flush();
    events.append(8_500L, "a"); // newest row, still in memory
    session = new PlannerSession(database);
  }

  @AfterEach
  void close() throws Exception {
    session.close();
    database.close();
  }

  private String explain(String sql) throws Exception {
    return session.explain(sql);
  }

  private List<String> query(String sql) throws Exception {
    return session.query(sql);
  }

  @Test
  void latestRowsReadTheNewestBlocks() throws Exception {
    String sql = "SELECT ts, kind FROM events ORDER BY ts DESC LIMIT 3";
    String plan = explain(sql);
    assertTrue(plan.contains("order=[DESC 3]"), plan);
    assertTrue(plan.contains("EnumerableLimitSort") || plan.contains("EnumerableSort"), plan);
    assertEquals(List.of("8500,a", "7999,b", "7998,a"), query(sql));
  }

  @Test
  void oldestRowsWithAFilterAndAnOffset() throws Exception {
    String sql = "SELECT ts, kind FROM events WHERE kind = 'a' ORDER BY ts LIMIT 2 OFFSET 1";
    String plan = explain(sql);
    assertTrue(plan.contains("filter=[kind = 'a']"), plan);
    assertTrue(plan.contains("order=[ASC 3]"), plan);
    assertEquals(List.of("3,a", "6,a"), query(sql));
  }

  @Test
  void otherOrdersAreLeftToCalcite() throws Exception {
    String plan = explain("SELECT ts, kind FROM events ORDER BY kind, ts LIMIT 3");
    assertFalse(plan.contains("order=["), plan);
    assertEquals(
        List.of("0,a", "3,a", "6,a"),
        query("SELECT ts, kind FROM events ORDER BY kind, ts LIMIT 3"));
  }

  @Test
  void anIndexIsNotUsedWhereMinMaxPruningLeavesOneBlockToRead() throws Exception {
    database.table("events").createIndex("events_ts", "ts", true);
    String sql = "SELECT ts, kind FROM events WHERE ts = 4321";
    String plan = explain(sql);
    assertTrue(plan.contains("blocks=[1/9]"), plan);
    assertFalse(plan.contains("index="), plan);
    assertEquals(List.of("4321,b"), query(sql));
  }
}
