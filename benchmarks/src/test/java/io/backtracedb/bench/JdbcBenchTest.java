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
 * Runs the JDBC harness, child JVMs included, for BacktraceDB, SQLite and QuestDB (through its
 * embedded API) on a small table so that it keeps working; every answer is checked by the harness
 * itself.
 */
class JdbcBenchTest {
  private static final int ROWS = 5_000;

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void smallRunOfBacktraceSqliteAndQuestDbChecksEveryAnswerAndWritesCsvReportAndChart()
      throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JdbcBench.Config config =
        JdbcBench.Config.parse(
            new String[] {
              "--rows", "5k",
              "--engines", "backtrace,sqlite,questdb",
              "--batch", "1000",
              "--lookups", "50",
              "--heap", "256m",
              "--warmup", "1",
              "--warmup-ms", "0",
              "--runs", "1",
              "--data", data.toString(),
              "--out", out.toString()
            });
    JdbcBench.Outcome outcome;
    try (PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      outcome = new JdbcBench(config, stream).run();
    } catch (RuntimeException e) {
      throw new AssertionError("harness failed:\n" + log.toString(StandardCharsets.UTF_8), e);
    }
    List<JdbcBench.Figure> all = outcome.figures();
    List<BenchEngine> engines =
        List.of(JdbcEngine.BACKTRACE, JdbcEngine.SQLITE, QuestDbEngine.QUESTDB);
    for (BenchEngine engine : engines) {
      assertTrue(value(all, engine, "w1", "rows_per_s") > 0, engine.label());
      assertEquals(ROWS / 1000, value(all, engine, "w1", "commits"), engine.label());
      assertTrue(value(all, engine, "disk", "bytes") > 0, engine.label());
      for (int q = 1; q <= 6; q++) {
        assertTrue(value(all, engine, "q" + q, "median_ms") > 0, engine.label() + " q" + q);
      }
      assertEquals(50, value(all, engine, "q7", "lookups"), engine.label());
    }
    // The native bulk paths: the embedded API and QuestDB's TableWriter; SQLite has none.
    for (BenchEngine engine : List.of(JdbcEngine.BACKTRACE, QuestDbEngine.QUESTDB)) {
      assertTrue(value(all, engine, "w1_native", "rows_per_s") > 0, engine.label());
      assertEquals(ROWS / 1000, value(all, engine, "w1_native", "commits"), engine.label());
    }
    assertTrue(JdbcBench.find(all, JdbcEngine.SQLITE, "w1_native", "rows_per_s").isEmpty());
    List<String> csv = Files.readAllLines(outcome.csv(), StandardCharsets.UTF_8);
    assertEquals(JdbcBench.CSV_HEADER, csv.get(0));
    assertEquals(all.size() + 1, csv.size());
    assertEquals("jdbc-5k.csv", outcome.csv().getFileName().toString());
    String report = Files.readString(outcome.report(), StandardCharsets.UTF_8);
    assertTrue(report.contains("| W1 `executeBatch` (QuestDB: compiled INSERT), rows/s |"), report);
    assertTrue(report.contains("synchronous=FULL"), report);
    assertTrue(report.contains("| QuestDB | QuestDB 9."), report);
    assertTrue(report.contains("commit mode `nosync`"), report);
    assertTrue(
        report.contains("| Q5 latest per key within 2x of QuestDB's `LATEST ON`, ms |"), report);
    assertTrue(report.contains("![JDBC workload](jdbc-5k.png)"), report);
    byte[] png = Files.readAllBytes(outcome.chart());
    assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
  }

  private static double value(
      List<JdbcBench.Figure> all, BenchEngine engine, String scenario, String metric) {
    return JdbcBench.find(all, engine, scenario, metric)
        .orElseThrow(() -> new AssertionError("no " + scenario + "." + metric + " for " + engine));
  }
}
