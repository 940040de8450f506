package io.backtracedb.bench;

import io.backtracedb.Durability;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Draws a run's charts as PNG files with XChart, without a display (the harness sets {@code
 * java.awt.headless}).
 */
final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private Charts() {}

  /** W1 ingest, million rows per second per durability mode, one bar series per time variant. */
  static void ingest(Path file, EmbeddedBench.Config config, List<Measurement> all)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                String.format(
                    Locale.ROOT,
                    "W1 embedded ingest, %,d rows, a commit per 10,000 rows (target: 1.5 M/s in"
                        + " sync)",
                    config.rows()))
            .xAxisTitle("durability")
            .yAxisTitle("million rows/s")
            .build();
    style(chart);
    List<String> modes = new ArrayList<>();
    for (Durability d : config.durabilities()) {
      modes.add(d.name().toLowerCase(Locale.ROOT));
    }
    for (TimeVariant v : config.variants()) {
      List<Double> values = new ArrayList<>();
      for (String mode : modes) {
        values.add(Measurement.find(all, v, "w1_" + mode, "rows_per_s").orElse(0) / 1e6);
      }
      chart.addSeries(v.label(), modes, values);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Q1, Q3 and Q4 latencies (log scale): the median wall time per time variant, the scanning
   * thread's CPU time for the first variant, and the peers' baseline figures where PERFORMANCE.md
   * has them for this size (not measured in the run).
   */
  static void queries(Path file, EmbeddedBench.Config config, List<Measurement> all)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                String.format(
                    Locale.ROOT,
                    "Embedded queries, %,d rows: median of %d runs (log scale)",
                    config.rows(),
                    config.runs()))
            .xAxisTitle("query")
            .yAxisTitle("ms")
            .build();
    style(chart);
    // Latencies span decades: markers on a log axis (XChart's bars cannot start above zero).
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    chart.getStyler().setLabelsVisible(false);
    List<String> names = List.of("Q1 1% window", "Q3 group by symbol", "Q4 filtered sum");
    List<String> scenarios = List.of("q1", "q3", "q4");
    for (TimeVariant v : config.variants()) {
      addSeries(chart, "wall, " + v.label(), names, values(all, v, scenarios, "median_ms"));
    }
    TimeVariant first = config.variants().get(0);
    addSeries(
        chart, "CPU, " + first.label(), names, values(all, first, scenarios, "median_cpu_ms"));
    PeerBaseline peers = PeerBaseline.forRows(config.rows());
    if (peers != null) {
      chart.addSeries(
          "peers' baseline (not this run): " + peers.bestQ1Peer() + " Q1, DuckDB Q3/Q4",
          names,
          List.of(peers.bestQ1Ms(), peers.duckDbQ3Ms(), peers.duckDbQ4Ms()));
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static List<Double> values(
      List<Measurement> all, TimeVariant v, List<String> scenarios, String metric) {
    List<Double> values = new ArrayList<>();
    for (String scenario : scenarios) {
      OptionalDouble value = Measurement.find(all, v, scenario, metric);
      if (value.isEmpty() || value.getAsDouble() <= 0) {
        return null;
      }
      values.add(value.getAsDouble());
    }
    return values;
  }

  /** Adds a series when every figure of it was measured (a log axis cannot show a gap or 0). */
  private static void addSeries(
      CategoryChart chart, String name, List<String> names, List<Double> values) {
    if (values != null) {
      chart.addSeries(name, names, values);
    }
  }

  private static void style(CategoryChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
  }
}
