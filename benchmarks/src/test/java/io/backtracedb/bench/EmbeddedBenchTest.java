package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole harness, child JVMs included, on a small table so that it keeps working. */
class EmbeddedBenchTest {
  private static final int ROWS = 20_000;

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void smallRunChecksEveryAnswerAndWritesCsvReportAndCharts() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EmbeddedBench.Config config =
        EmbeddedBench.Config.parse(
            new String[] {
              "--rows", "20k",
              "--crash-rows", "20k",
              "--ingest-runs", "1",
              "--heap", "256m",
              "--warmup", "1",
              "--warmup-ms", "0",
              "--runs", "1",
              "--data", data.toString(),
              "--out", out.toString()
            });
    EmbeddedBench.Outcome outcome;
    try (PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      outcome = new EmbeddedBench(config, stream).run();
    } catch (RuntimeException e) {
      throw new AssertionError("harness failed:\n" + log.toString(StandardCharsets.UTF_8), e);
    }
    List<Measurement> all = outcome.measurements();
    for (TimeVariant variant : TimeVariant.values()) {
      for (String mode : List.of("w1_sync", "w1_async", "w1_none")) {
        assertTrue(value(all, variant, mode, "rows_per_s") > 0, variant + " " + mode);
      }
      assertEquals(ROWS, value(all, variant, "count", "rows_matched"));
      assertEquals(ROWS / 100, value(all, variant, "q1", "rows_matched"));
      assertEquals(ROWS, value(all, variant, "q3", "rows_matched"));
      assertTrue(value(all, variant, "q4", "rows_matched") > 0);
      assertTrue(value(all, variant, "disk_sync", "bytes") > 0);
    }
    assertEquals(ROWS, value(all, TimeVariant.TIMESTAMP_MS, "crash_reopen", "rows"));

    List<String> csv = Files.readAllLines(outcome.csv(), StandardCharsets.UTF_8);
    assertEquals(Measurement.CSV_HEADER, csv.get(0));
    assertEquals(all.size() + 1, csv.size());
    assertTrue(outcome.csv().getFileName().toString().equals("embedded-20k.csv"));
    String report = Files.readString(outcome.report(), StandardCharsets.UTF_8);
    assertTrue(report.contains("| W1 embedded ingest, `sync`"), report);
    assertTrue(report.contains("![W1 ingest](embedded-20k-ingest.png)"), report);
    for (Path chart : outcome.charts()) {
      assertTrue(isPng(chart), chart + " is not a PNG file");
    }
  }

  private static double value(
      List<Measurement> all, TimeVariant variant, String scenario, String metric) {
    return Measurement.find(all, variant, scenario, metric)
        .orElseThrow(() -> new AssertionError("no " + scenario + "." + metric + " for " + variant));
  }

  private static boolean isPng(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
  }
}
