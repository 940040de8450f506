package io.backtracedb.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The chart of a JDBC workload run, one PNG: W1 ingest rates (the SQL insert path and the native
 * bulk path) on the left, query latencies (log scale) on the right, a series per engine.
 */
final class JdbcCharts {
  /** The width of each of the two charts, in pixels. */
  static final int WIDTH = 700;

  /** The height of each chart, in pixels. */
  static final int HEIGHT = 520;

  private JdbcCharts() {}

  /** Draws both charts side by side into {@code file}. */
  static void write(Path file, JdbcBench.Config config, List<JdbcBench.Figure> all)
      throws IOException {
    writeSideBySide(file, ingest(config, all), queries(config, all));
  }

  /** Writes two charts side by side as one PNG. */
  static void writeSideBySide(Path file, CategoryChart leftChart, CategoryChart rightChart)
      throws IOException {
    BufferedImage left = BitmapEncoder.getBufferedImage(leftChart);
    BufferedImage right = BitmapEncoder.getBufferedImage(rightChart);
    BufferedImage both =
        new BufferedImage(
            left.getWidth() + right.getWidth(),
            Math.max(left.getHeight(), right.getHeight()),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, both.getWidth(), both.getHeight());
      g.drawImage(left, 0, 0, null);
      g.drawImage(right, left.getWidth(), 0, null);
    } finally {
      g.dispose();
    }
    ImageIO.write(both, "png", file.toFile());
  }

  private static CategoryChart ingest(JdbcBench.Config config, List<JdbcBench.Figure> all) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                String.format(
                    Locale.ROOT,
                    "W1 SQL insert and native bulk path, %,d rows, commit per %,d",
                    config.rows(),
                    config.batchRows()))
            .xAxisTitle("engine")
            .yAxisTitle("thousand rows/s")
            .build();
    style(chart);
    List<String> names = new ArrayList<>();
    List<Double> sql = new ArrayList<>();
    List<Double> bulk = new ArrayList<>();
    for (BenchEngine engine : config.engines()) {
      names.add(engine.displayName());
      sql.add(JdbcBench.find(all, engine, "w1", "rows_per_s").orElse(0) / 1e3);
      OptionalDouble bulkRate = JdbcBench.find(all, engine, "w1_native", "rows_per_s");
      // An engine without a native path gets a gap, not a bar labelled 0.
      bulk.add(bulkRate.isPresent() ? bulkRate.getAsDouble() / 1e3 : null);
    }
    chart.addSeries("executeBatch (QuestDB: compiled INSERT)", names, sql);
    if (bulk.stream().anyMatch(v -> v != null)) {
      chart.addSeries("native bulk path", names, bulk);
    }
    return chart;
  }

  private static CategoryChart queries(JdbcBench.Config config, List<JdbcBench.Figure> all) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                String.format(
                    Locale.ROOT,
                    "Q1-Q6 literal SQL (median of %d), Q7 per lookup; log scale",
                    config.runs()))
            .xAxisTitle("query")
            .yAxisTitle("ms")
            .build();
    style(chart);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(11);
    chart.getStyler().setLabelsVisible(false);
    List<String> names = List.of("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7");
    for (BenchEngine engine : config.engines()) {
      List<Double> values = new ArrayList<>();
      for (int q = 1; q <= 6; q++) {
        values.add(positive(JdbcBench.find(all, engine, "q" + q, "median_ms")));
      }
      values.add(positive(JdbcBench.find(all, engine, "q7", "us_per_lookup")) / 1e3);
      if (values.stream().allMatch(v -> v > 0)) {
        chart.addSeries(engine.displayName(), names, values);
      }
    }
    return chart;
  }

  /** A log axis cannot show 0: an unmeasured figure drops the engine's series. */
  private static double positive(OptionalDouble value) {
    return value.isPresent() && value.getAsDouble() > 0 ? value.getAsDouble() : -1;
  }

  /** The look every harness chart shares: legend below, white background, plain numbers. */
  static void style(CategoryChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
  }
}
