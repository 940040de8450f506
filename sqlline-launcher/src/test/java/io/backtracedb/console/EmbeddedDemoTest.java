package io.backtracedb.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDemoTest {
  @TempDir Path dir;

  @Test
  void demoIngestsReopensAndSkipsBlocksOnATimeWindow() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new EmbeddedDemo(out, 50_000).run(dir.resolve("demo"));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("ingested 50,000 rows"), text);
    assertTrue(text.contains("flushed: 50,000 rows in 5 Parquet blocks"), text);
    assertTrue(text.contains("reopened in"), text);
    assertTrue(text.contains("SELECT count(*): 50,000"), text);
    Matcher window = Pattern.compile("1% time window: 501 rows.*\\[blocks=(\\d+)/6").matcher(text);
    assertTrue(window.find(), text);
    assertTrue(
        Integer.parseInt(window.group(1)) <= 2, "the window reads at most two blocks: " + text);
  }
}
