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
 * Runs the metrics harness, child JVMs included, on 20 hosts for 10 minutes so that it keeps
 * working: embedded ingest into an ordinary table, JDBC ingest into a series table, storage and
 * queries in a series table and DuckDB (every rate answer is checked by the harness itself).
 */
class MetricsBenchTest {
  private static final int HOSTS = 20;
  private static final int SCRAPES = 60;

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void smallRunIngestsStoresQueriesAndReports() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    MetricsBench.Config config =
        MetricsBench.Config.parse(
            new String[] {
              "--hosts", Integer.toString(HOSTS),
              "--scrapes", Integer.toString(SCRAPES),
              "--engines", "series,duckdb",
              "--ingest", "table-sync,series-jdbc",
              "--ingest-runs", "1",
              "--batch", "500",
              "--heap", "256m",
              "--warmup", "1",
              "--warmup-ms", "0",
              "--runs", "1",
              "--label", "smoke",
              "--data", data.toString(),
              "--out", out.toString()
            });
    MetricsBench.Outcome outcome;
    try (PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      outcome = new MetricsBench(config, stream).run();
    } catch (RuntimeException e) {
      throw new AssertionError("harness failed:\n" + log.toString(StandardCharsets.UTF_8), e);
    }
    List<MetricsBench.Figure> all = outcome.figures();
    long samples = (long) HOSTS * SCRAPES * 6;
    for (MetricsBench.Ingest ingest :
        List.of(MetricsBench.Ingest.TABLE_SYNC, MetricsBench.Ingest.SERIES_JDBC)) {
      String name = MetricsBench.ingestConfig(ingest);
      assertTrue(value(all, name, "ingest", "samples_per_s") > 0, name);
      // 1,200 rows in batches of 500.
      assertEquals(3, value(all, name, "ingest", "commits"), name);
    }
    for (MetricsEngine engine : List.of(MetricsEngine.SERIES, MetricsEngine.DUCKDB)) {
      String name = MetricsBench.storeConfig(engine);
      double mix = value(all, name, "bytes_metrics", "bytes");
      assertTrue(mix > 0, name);
      assertEquals(mix / samples, value(all, name, "bytes_metrics", "bytes_per_sample"), 1e-3);
      assertTrue(value(all, name, "bytes_per_metric_tables", "bytes") > 0, name);
      // The middle host's 10 minutes: two or three 5-minute buckets, by its scrape phase.
      double hostRows = value(all, name, "rate_host", "rows");
      assertTrue(hostRows >= 2 && hostRows <= 3, name + " " + hostRows);
      assertTrue(value(all, name, "rate_hour", "rows") >= 2 * HOSTS, name);
      assertTrue(value(all, name, "rate_hour", "median_ms") > 0, name);
    }
    String series = MetricsBench.storeConfig(MetricsEngine.SERIES);
    assertEquals(HOSTS, value(all, series, "sys_series", "series"));
    List<String> csv = Files.readAllLines(outcome.csv(), StandardCharsets.UTF_8);
    assertEquals(MetricsBench.CSV_HEADER, csv.get(0));
    assertEquals(all.size() + 1, csv.size());
    assertEquals("metrics-smoke.csv", outcome.csv().getFileName().toString());
    String report = Files.readString(outcome.report(), StandardCharsets.UTF_8);
    assertTrue(report.contains("| **mix**: one table, six metrics a row |"), report);
    assertTrue(report.contains("![Bytes per sample](metrics-smoke-bytes.svg)"), report);
    assertTrue(report.contains("series table bytes per sample on the mix <= 1.4"), report);
    assertEquals(3, outcome.charts().size());
    for (Path chart : outcome.charts()) {
      String svg = Files.readString(chart, StandardCharsets.UTF_8);
      assertTrue(svg.contains("<svg"), chart.toString());
    }
  }

  private static double value(
      List<MetricsBench.Figure> all, String config, String scenario, String metric) {
    return MetricsBench.find(all, config, scenario, metric)
        .orElseThrow(() -> new AssertionError("no " + config + " " + scenario + "." + metric));
  }
}
