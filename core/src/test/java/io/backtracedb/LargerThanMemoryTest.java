package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM with a 96 MB heap ingests several times its heap in rows through the embedded API
 * ({@link LargeIngestChild}), reopens the database and queries it; its counts must be exact.
 */
class LargerThanMemoryTest {
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("symbol", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .column("venue", ColumnType.INTEGER)
          .build();

  static final TableOptions OPTIONS =
      TableOptions.defaults().withTimeColumn("ts").withBlockRows(100_000);

  /** Rows per commit. */
  static final int BATCH_ROWS = 20_000;

  /** 2024-01-01T00:00:00Z: one row per millisecond from there. */
  static final long START = 1_704_067_200_000L;

  static final long WINDOW_FROM = START + 2_500_000;
  static final long WINDOW_TO = START + 2_999_999;
  static final String SYMBOL = "S7";
  static final int SYMBOLS = 50;

  @TempDir Path dir;

  static long time(long i) {
    return START + i;
  }

  static String symbol(long i) {
    return "S" + i % SYMBOLS;
  }

  static double price(long i) {
    return i % 1000 * 0.25;
  }

  static long quantity(long i) {
    return i % 977;
  }

  static int venue(long i) {
    return (int) (i % 3);
  }

  @Test
  void ingestsAndQueriesSeveralTimesItsHeap() throws Exception {
    long rows = Long.getLong("backtrace.large.rows", 8_000_000L);
    // Raw column values alone: 8 + 4 (dictionary id) + 8 + 8 + 4 bytes a row.
    long rawBytes = rows * 32;
    List<String> output = new ArrayList<>();
    try (ChildJvm child =
        ChildJvm.start(
            LargeIngestChild.class,
            List.of("-Xmx96m", "-XX:TieredStopAtLevel=4"),
            List.of(dir.resolve("db").toString(), Long.toString(rows)),
            dir.resolve("child.err"))) {
      int status = child.awaitExit(180);
      if (status < 0) {
        fail("the child did not finish; its stderr:\n" + child.stderrTail());
      }
      output.addAll(child.remainingLines());
      assertEquals(0, status, "the child failed; its stderr:\n" + child.stderrTail());
    }
    Map<String, String> results = new HashMap<>();
    for (String line : output) {
      int space = line.indexOf(' ');
      results.put(line.substring(0, space), line.substring(space + 1));
    }
    long heap = Long.parseLong(results.get("HEAP"));
    assertTrue(heap <= 100L << 20 && rawBytes > 2 * heap, "heap " + heap + ", raw " + rawBytes);
    long symbolRows = 0;
    long symbolQuantities = 0;
    for (long i = 0; i < rows; i++) {
      if (symbol(i).equals(SYMBOL)) {
        symbolRows++;
        symbolQuantities += quantity(i);
      }
    }
    assertEquals(Long.toString(rows), results.get("INGESTED"), "" + output);
    long blocks = rows / OPTIONS.blockRows();
    assertEquals(
        blocks + " " + (rows - blocks * OPTIONS.blockRows()),
        results.get("BLOCKS"),
        "full blocks are flushed on close, the rest is replayed: " + output);
    assertEquals(Long.toString(rows), results.get("COUNT"), "" + output);
    long window = Math.max(0, Math.min(rows - 1, WINDOW_TO - START) - (WINDOW_FROM - START) + 1);
    assertEquals(Long.toString(window), results.get("WINDOW"), "" + output);
    assertEquals(symbolRows + " " + symbolQuantities, results.get("SYMBOL"), "" + output);
  }
}
