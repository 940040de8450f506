package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.console.TradesWorkload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The expected answers the harness checks queries against. */
class TradesAnswersTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TimeVariant.class)
  void windowBoundsMatchExactlyOnePercentOfRowsEvenWithRepeatedMillis(TimeVariant variant) {
    TradesWorkload trades = TradesWorkload.generate(50_000, 42);
    long[] ts = variant.timeValues(trades.tsMicros);
    TradesAnswers.Window window = new TradesAnswers(trades, ts).window();
    int inside = 0;
    for (long t : ts) {
      if (t >= window.low() && t <= window.high()) {
        inside++;
      }
    }
    assertEquals(500, window.count());
    assertEquals(window.count(), inside);
    assertTrue(window.first() >= 25_000);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TimeVariant.class)
  void groupsCoverEveryRow(TimeVariant variant) {
    TradesWorkload trades = TradesWorkload.generate(10_000, 7);
    TradesAnswers.Groups groups =
        new TradesAnswers(trades, variant.timeValues(trades.tsMicros)).groups();
    long rows = 0;
    for (long count : groups.counts()) {
      rows += count;
    }
    assertEquals(10_000, rows);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TimeVariant.class)
  void resultLinesRoundTrip(TimeVariant variant) {
    Result result = new Result("q1", "median_ms", 1.23456, "ms");
    Result parsed = Result.parseLine(result.toLine());
    assertEquals("result,q1,median_ms,1.235,ms", result.toLine());
    assertEquals(new Result("q1", "median_ms", 1.235, "ms"), parsed);
    assertEquals(
        "1000000," + variant.label() + ",q1,median_ms,1.235,ms",
        new Measurement(1_000_000, variant, parsed).toCsv());
  }
}
