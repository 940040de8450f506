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
 * The chart of a JDBC run, one PNG: W1 ingest rates on the left, query latencies (log scale) on the
 * right, a series per engine.
 */
final class JdbcCharts {
  private static final int WIDTH = 700;
  private static final int HEIGHT = 520;

  private JdbcCharts() {}

  /** Draws both charts side by side into {@code file}. */
  static void write(Path file, JdbcBench.Config config, List<JdbcBench.Figure> all)
      throws IOException {
    BufferedImage left = BitmapEncoder.getBufferedImage(ingest(config, all));
    BufferedImage right = BitmapEncoder.getBufferedImage(queries(config, all));
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
                    "W1 executeBatch, %,d rows, commit per %,d",
                    config.rows(),
                    config.batchRows()))
            .xAxisTitle("engine")
            .yAxisTitle("thousand rows/s")
            .build();
    style(chart);
    chart.getStyler().setLegendVisible(false);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (JdbcEngine engine : config.engines()) {
      names.add(engine.displayName());
      values.add(JdbcBench.find(all, engine, "w1", "rows_per_s").orElse(0) / 1e3);
    }
    chart.addSeries("W1", names, values);
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
    for (JdbcEngine engine : config.engines()) {
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

  private static void style(CategoryChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
  }
}
