package io.backtracedb.console;

import static io.backtracedb.console.BacktraceConsoleTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleDemoTest {
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @Test
  void withoutATerminalTheDemoRunsTheExampleQueriesAndExitsZero() throws Exception {
    Path db = dir.resolve("demo");
    Files.createDirectories(db.resolve("leftover")); // the demo recreates the database
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = new ConsoleDemo(out, out, ROWS).run(db, false);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertFalse(Files.exists(db.resolve("leftover")), text);
    assertTrue(text.contains("trades: 20,000 rows"), text);
    assertTrue(text.contains("5 Parquet blocks of up to 4,000 rows"), text);
    assertTrue(text.contains("symbols: 1,000 rows"), text);
    assertTrue(text.contains("cpu: 7,200 rows, a series table of 20 hosts"), text);
    assertTrue(row(text, "web00", "2024-01-01 00:00:00.0"), "rate per bucket: " + text);
    assertTrue(row(text, "{host=\"web00\", region=\"eu\"}", "360", "3"), "sys.series: " + text);
    assertTrue(text.contains("No terminal: running the example queries"), text);
    assertFalse(text.contains("Error"), text);

    assertTrue(row(text, "trade_count") && row(text, String.valueOf(ROWS)), text);
    Matcher plan =
        Pattern.compile("filter=\\[\\(ts >= \\d+ AND ts < \\d+\\)\\].*blocks=\\[(\\d)/6\\]")
            .matcher(text);
    assertTrue(plan.find(), text);
    assertTrue(
        Integer.parseInt(plan.group(1)) <= 2, "the window reads at most two blocks: " + text);
    assertTrue(window().matcher(text).find(), "the window's count and average: " + text);
    // SYM000 is the most traded symbol (Zipf rank 1); the join names its company.
    assertTrue(row(text, "SYM000", "Northern River Industries", "Industrials"), text);
    assertTrue(row(text, "2024-01-01 00:00:00.0"), text);
    assertTrue(row(text, "2024-01-01 00:01:00.0"), text);
    assertEquals(5, count(text, "(?m)^\\| trades +\\| \\d +\\| cold +\\| 4000 +\\|"), text);
  }

  /** The example's time window row: its count and rounded average, from the workload itself. */
  private static Pattern window() {
    TradesWorkload trades = TradesWorkload.generate(ROWS, ConsoleDemo.SEED);
    long from = trades.tsMicros[ROWS / 2] / 1_000_000 * 1_000_000;
    long to = (trades.tsMicros[ROWS / 2 + ROWS / 100] / 1_000_000 + 1) * 1_000_000;
    long n = 0;
    double sum = 0;
    for (int i = 0; i < ROWS; i++) {
      long stored = trades.tsMicros[i] / 1000 * 1000; // the table keeps milliseconds
      if (stored >= from && stored < to) {
        n++;
        sum += trades.price[i];
      }
    }
    double average = BigDecimal.valueOf(sum / n).setScale(4, RoundingMode.HALF_UP).doubleValue();
    return Pattern.compile(
        "(?m)^\\| " + n + " +\\| " + Pattern.quote(Double.toString(average)) + " +\\|");
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
