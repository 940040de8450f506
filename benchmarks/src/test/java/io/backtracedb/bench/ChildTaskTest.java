package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child tasks, run in this JVM: right answers pass, a wrong one fails the child. */
class ChildTaskTest {
  @TempDir Path dir;

  @Test
  void queryOnTheIngestedRowsPassesAndOnTooFewRowsFails() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      String db = dir.resolve("db").toString();
      String[] common = {
        "--dir", db, "--durability", "none", "--warmup", "0", "--warmup-ms", "0", "--runs", "1"
      };
      assertEquals(0, Main.child(concat(new String[] {"ingest", "--rows", "3000"}, common), out));
      assertEquals(0, Main.child(concat(new String[] {"query", "--rows", "3000"}, common), out));
      String text = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("result,q1,rows_matched,30,rows"), text);

      // The generator's first 3,000 of 6,000 rows are the table's rows: every answer differs.
      assertEquals(1, Main.child(concat(new String[] {"query", "--rows", "6000"}, common), out));
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
