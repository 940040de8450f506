package io.backtracedb.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.style.Styler;

/**
 * The charts of a metrics run as SVG files (XChart with its VectorGraphics2D back end): bytes per
 * sample per metric kind and engine, ingest samples per second per configuration, and the {@code
 * rate()} queries' latencies per engine.
 */
final class MetricsCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private MetricsCharts() {}

  /** Writes {@code <base>-bytes.svg}, {@code -ingest.svg} and {@code -rate.svg}; returns them. */
  static List<Path> write(
      Path dir, String base, MetricsBench.Config config, List<MetricsBench.Figure> all)
      throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(save(dir.resolve(base + "-bytes.svg"), bytes(config, all)));
    files.add(save(dir.resolve(base + "-ingest.svg"), ingest(config, all)));
    files.add(save(dir.resolve(base + "-rate.svg"), rate(config, all)));
    return files;
  }

  private static Path save(Path file, CategoryChart chart) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartEncoder.saveChart(chart, out, "svg");
    }
    return file;
  }

  private static CategoryChart bytes(MetricsBench.Config config, List<MetricsBench.Figure> all) {
    CategoryChart chart =
        chart(
            String.format(
                Locale.ROOT,
                "Bytes per sample, %,d hosts x %,d scrapes (target: 1.4 on the mix)",
                config.hosts(),
                config.scrapes()),
            "metric",
            "bytes per sample");
    List<String> names = new ArrayList<>();
    List<String> scenarios = new ArrayList<>();
    for (int m = 0; m < MetricsData.METRICS; m++) {
      names.add(MetricsData.metricName(m));
      scenarios.add("bytes_" + MetricsEngine.metricTable(m));
    }
    names.add("mix");
    scenarios.add("bytes_" + MetricsEngine.MIX_TABLE);
    for (MetricsEngine engine : config.engines()) {
      List<Double> values = new ArrayList<>();
      for (String scenario : scenarios) {
        values.add(
            value(all, MetricsBench.storeConfig(engine), scenario, "bytes_per_sample").orElse(0));
      }
      chart.addSeries(engine.displayName(), names, values);
    }
    return chart;
  }

  private static CategoryChart ingest(MetricsBench.Config config, List<MetricsBench.Figure> all) {
    CategoryChart chart =
        chart(
            String.format(
                Locale.ROOT,
                "Ingest, %,d samples, a commit per %,d rows (target: 2 M samples/s embedded)",
                config.samples(),
                config.batchRows()),
            "configuration",
            "million samples/s");
    chart.getStyler().setLegendVisible(false);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (MetricsBench.Ingest ingest : config.ingests()) {
      names.add(ingest.label());
      values.add(
          value(all, MetricsBench.ingestConfig(ingest), "ingest", "samples_per_s").orElse(0) / 1e6);
    }
    if (config.engines().contains(MetricsEngine.DUCKDB)) {
      names.add("duckdb-appender");
      values.add(
          value(all, MetricsBench.storeConfig(MetricsEngine.DUCKDB), "load", "samples_per_s")
                  .orElse(0)
              / 1e6);
    }
    if (names.isEmpty()) {
      names.add("none");
      values.add(0.0);
    }
    chart.addSeries("samples/s", names, values);
    return chart;
  }

  private static CategoryChart rate(MetricsBench.Config config, List<MetricsBench.Figure> all) {
    CategoryChart chart =
        chart(
            String.format(
                Locale.ROOT,
                "rate() per 5-minute bucket, literal SQL, median of %d",
                config.runs()),
            "query",
            "ms");
    List<String> names = List.of("one host, whole period", "all hosts, one hour");
    for (MetricsEngine engine : config.engines()) {
      String store = MetricsBench.storeConfig(engine);
      chart.addSeries(
          engine.displayName(),
          names,
          List.of(
              value(all, store, "rate_host", "median_ms").orElse(0),
              value(all, store, "rate_hour", "median_ms").orElse(0)));
    }
    return chart;
  }

  private static OptionalDouble value(
      List<MetricsBench.Figure> all, String config, String scenario, String metric) {
    return MetricsBench.find(all, config, scenario, metric);
  }

  private static CategoryChart chart(String title, String xTitle, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    return chart;
  }
}
