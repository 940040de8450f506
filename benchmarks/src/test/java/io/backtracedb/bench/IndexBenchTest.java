package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the index harness, child JVMs included, for BacktraceDB and QuestDB on a small table so that
 * it keeps working: lookups before and after CREATE INDEX, each looked-up row checked by the
 * harness itself.
 */
class IndexBenchTest {
  /**
   * Rows: enough that fetching one row's page through an index costs less than scanning the block,
   * so that the planner, which chooses by cost, names the index.
   */
  private static final int ROWS = 30_000;

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void smallRunLooksUpBeforeAndAfterTheIndexesAndWritesCsvReportAndChart() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JdbcBench.Config config =
        IndexBench.parse(
            new String[] {
              "--rows", Integer.toString(ROWS),
              "--engines", "backtrace,questdb",
              "--batch", "1000",
              "--lookups", "20",
              "--scan-lookups", "2",
              "--runs", "3",
              "--heap", "256m",
              "--data", data.toString(),
              "--out", out.toString()
            });
    JdbcBench.Outcome outcome;
    try (PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      outcome = new IndexBench(config, stream).run();
    } catch (RuntimeException e) {
      throw new AssertionError("harness failed:\n" + log.toString(StandardCharsets.UTF_8), e);
    }
    List<JdbcBench.Figure> all = outcome.figures();
    BenchEngine ours = JdbcEngine.BACKTRACE;
    // Three timed passes each (--runs 3), over other random keys: the median pass is the figure.
    assertEquals(3 * 2, value(all, ours, "order_id_scan", "lookups"));
    assertEquals(3, value(all, ours, "order_id_scan", "passes"));
    assertEquals(0, value(all, ours, "order_id_scan", "plan_names_index"));
    assertEquals(ROWS, value(all, ours, "order_id_index", "entries"));
    assertTrue(value(all, ours, "order_id_index", "bytes_per_entry") > 8);
    assertEquals(1, value(all, ours, "order_id_indexed", "plan_names_index"));
    assertEquals(3 * 20, value(all, ours, "order_id_indexed", "lookups"));
    assertEquals(ROWS, value(all, ours, "ts_index", "entries"));
    assertEquals(1, value(all, ours, "q7_indexed", "plan_names_index"));
    assertTrue(value(all, ours, "q7_indexed", "us_per_lookup") > 0);
    assertEquals(ROWS, value(all, ours, "ts_covering", "entries"));
    assertTrue(value(all, ours, "ts_covering", "bytes_per_entry") > 30);
    assertEquals(1, value(all, ours, "q7_covering", "plan_names_index"));
    assertEquals(3 * 20, value(all, ours, "q7_covering", "lookups"));
    double median = value(all, ours, "q7_covering", "us_per_lookup");
    assertTrue(value(all, ours, "q7_covering", "us_per_lookup_fastest") <= median);
    assertTrue(median <= value(all, ours, "q7_covering", "us_per_lookup_slowest"));
    // QuestDB cannot index order_id or ts: it scans and searches its designated timestamp.
    BenchEngine questDb = QuestDbEngine.QUESTDB;
    assertTrue(value(all, questDb, "order_id_scan", "us_per_lookup") > 0);
    assertTrue(value(all, questDb, "q7", "us_per_lookup") > 0);
    assertTrue(JdbcBench.find(all, questDb, "order_id_index", "build_s").isEmpty());

    assertEquals("index-30k.csv", outcome.csv().getFileName().toString());
    List<String> csv = Files.readAllLines(outcome.csv(), StandardCharsets.UTF_8);
    assertEquals(all.size() + 1, csv.size());
    String report = Files.readString(outcome.report(), StandardCharsets.UTF_8);
    assertTrue(report.contains("| `CREATE UNIQUE INDEX` on `order_id`, s |"), report);
    assertTrue(report.contains("| `order_id` lookup with the unique index >= 100x faster"), report);
    assertTrue(report.contains("![Index workload](index-30k.png)"), report);
    assertTrue(report.contains("| Q7 (covering index on `ts`) within 2x of QuestDB, us |"), report);
    byte[] png = Files.readAllBytes(outcome.chart());
    assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
  }

  private static double value(
      List<JdbcBench.Figure> all, BenchEngine engine, String scenario, String metric) {
    return JdbcBench.find(all, engine, scenario, metric)
        .orElseThrow(() -> new AssertionError("no " + scenario + "." + metric + " for " + engine));
  }
}
