package io.backtracedb.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * The chart of an index workload run, one PNG: point lookup latencies with and without an index
 * (log scale) on the left, index build times on the right, a series per engine; a figure an engine
 * does not have is left out.
 */
final class IndexCharts {
  private IndexCharts() {}

  /** Draws both charts side by side into {@code file}. */
  static void write(Path file, JdbcBench.Config config, List<JdbcBench.Figure> all)
      throws IOException {
    JdbcCharts.writeSideBySide(file, lookups(config, all), builds(config, all));
  }

  private static CategoryChart lookups(JdbcBench.Config config, List<JdbcBench.Figure> all) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(JdbcCharts.WIDTH)
            .height(JdbcCharts.HEIGHT)
            .title(
                String.format(
                    Locale.ROOT, "Prepared point lookups, %,d rows; log scale", config.rows()))
            .xAxisTitle("lookup")
            .yAxisTitle("us per lookup")
            .build();
    JdbcCharts.style(chart);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(11);
    chart.getStyler().setLabelsVisible(false);
    List<String> names =
        List.of("order_id, scan", "order_id, index", "Q7, no index", "Q7, index", "Q7, covering");
    List<String> scenarios =
        List.of("order_id_scan", "order_id_indexed", "q7", "q7_indexed", "q7_covering");
    for (BenchEngine engine : config.engines()) {
      List<Double> values = new ArrayList<>();
      for (String scenario : scenarios) {
        values.add(orNull(JdbcBench.find(all, engine, scenario, "us_per_lookup")));
      }
      addUnlessEmpty(chart, engine.displayName(), names, values);
    }
    return chart;
  }

  private static CategoryChart builds(JdbcBench.Config config, List<JdbcBench.Figure> all) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(JdbcCharts.WIDTH)
            .height(JdbcCharts.HEIGHT)
            .title("CREATE INDEX on the populated table")
            .xAxisTitle("engine")
            .yAxisTitle("seconds")
            .build();
    JdbcCharts.style(chart);
    List<String> names = new ArrayList<>();
    List<Double> orderId = new ArrayList<>();
    List<Double> ts = new ArrayList<>();
    List<Double> covering = new ArrayList<>();
    for (BenchEngine engine : config.engines()) {
      names.add(engine.displayName());
      orderId.add(orNull(JdbcBench.find(all, engine, "order_id_index", "build_s")));
      ts.add(orNull(JdbcBench.find(all, engine, "ts_index", "build_s")));
      covering.add(orNull(JdbcBench.find(all, engine, "ts_covering", "build_s")));
    }
    addUnlessEmpty(chart, "UNIQUE on order_id", names, orderId);
    addUnlessEmpty(chart, "on ts", names, ts);
    addUnlessEmpty(chart, "on ts, covering", names, covering);
    return chart;
  }

  /** Adds a series that has at least one value (an engine without the figure is a gap). */
  private static void addUnlessEmpty(
      CategoryChart chart, String name, List<String> names, List<Double> values) {
    if (values.stream().anyMatch(v -> v != null)) {
      chart.addSeries(name, names, values);
    }
  }

  /** A log axis cannot show 0: an unmeasured figure is a gap. */
  private static Double orNull(OptionalDouble value) {
    return value.isPresent() && value.getAsDouble() > 0 ? value.getAsDouble() : null;
  }
}
