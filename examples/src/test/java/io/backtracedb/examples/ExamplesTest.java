package io.backtracedb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example runs against a fresh directory and produces what it promises. */
class ExamplesTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void embeddedExampleReadsTheFilteredRows() {
    // Sensor s1 is every third minute from minute 1; 28 or more degrees is minute % 10 >= 8.
    long expected = 0;
    for (int minute = 0; minute < 600; minute++) {
      if (minute % 3 == 1 && minute % 10 >= 8) {
        expected++;
      }
    }
    assertEquals(expected, EmbeddedExample.run(dir, out));
    assertTrue(output().contains(expected + " readings of s1"), output());
  }

  @Test
  void jdbcExampleComputesRatesPerQuarterHour() throws Exception {
    assertEquals(4, JdbcExample.run(dir, out));
    // 50 requests every 10 s is 5.0/s; the quarter with the reset still counts 5.0/s of increase.
    assertTrue(output().contains("2024-06-01T00:00  5.0/s"), output());
    assertTrue(output().contains("2024-06-01T00:30  5.0/s"), output());
  }

  @Test
  void poolExampleKeepsOnlyCommittedOrders() throws Exception {
    assertEquals(3, PoolExample.run(dir, out));
    assertTrue(output().contains("3 orders, 89.91 in total"), output());
  }

  @Test
  void duckDbReadsTheParquetBlocks() throws Exception {
    assertEquals(25_000, DuckDbReadsBlocksExample.run(dir, out));
    assertTrue(output().contains("AAA 12500"), output());
  }
}
