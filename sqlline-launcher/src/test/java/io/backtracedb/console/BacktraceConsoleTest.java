package io.backtracedb.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktraceConsoleTest {
  @TempDir Path dir;

  /** What SQLLine printed (results and messages together) and its exit status. */
  private record Session(int status, String output) {}

  private String url() {
    return BacktraceConsole.url(dir.resolve("db").toString());
  }

  private Session runScript(String... lines) throws IOException {
    Path script = dir.resolve("script.sql");
    Files.writeString(script, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return run(InputStream.nullInputStream(), "-f", script.toString());
  }

  private Session run(InputStream in, String... extra) throws IOException {
    List<String> options = new ArrayList<>(List.of(extra));
    // Keep the user's SQLLine history out of tests.
    options.add("--historyFile=" + dir.resolve("history"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        BacktraceConsole.run(BacktraceConsole.sqlLineArgs(url(), false, options), in, bytes, bytes);
    return new Session(status, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aScriptCreatesATableInsertsAndQueriesIt() throws Exception {
    Session session =
        runScript(
            "CREATE TABLE ticks (ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE)"
                + " WITH (time_column = 'ts', block_rows = 1000);",
            "INSERT INTO ticks VALUES (TIMESTAMP '2024-01-01 00:00:00', 'AAPL', 150.5),",
            "  (TIMESTAMP '2024-01-01 00:00:01', 'MSFT', 410.25),",
            "  (TIMESTAMP '2024-01-01 00:00:02', 'AAPL', 151.0);",
            "SELECT symbol, count(*) AS n, max(price) AS high FROM ticks",
            "  WHERE symbol = 'AAPL' GROUP BY symbol;",
            "SELECT ts, price FROM ticks WHERE price > 400;");
    String out = session.output();
    assertEquals(0, session.status(), out);
    assertTrue(out.contains("3 rows affected"), out);
    assertTrue(row(out, "AAPL", "2", "151.0"), out);
    assertTrue(row(out, "2024-01-01 00:00:01.0", "410.25"), out);
    assertFalse(out.contains("Error"), out);
    assertTrue(out.contains("BacktraceDB console on sqlline version"), out);
  }

  @Test
  void metadataCommandsListTablesColumnsAndEmptyIndexesAndKeys() throws Exception {
    Session session =
        runScript(
            "CREATE TABLE ticks (ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE)"
                + " WITH (time_column = 'ts');",
            "!tables",
            "!columns ticks",
            "!indexes ticks",
            "!primarykeys ticks",
            "!indexes",
            "!primarykeys");
    String out = session.output();
    assertEquals(0, session.status(), out);
    assertTrue(row(out, "main", "ticks", "TABLE"), out);
    assertTrue(row(out, "sys", "blocks", "SYSTEM TABLE"), out);
    assertTrue(row(out, "sys", "settings", "SYSTEM TABLE"), out);
    assertTrue(row(out, "ticks", "ts", "93", "TIMESTAMP"), out);
    assertTrue(row(out, "ticks", "symbol", "12", "VARCHAR"), out);
    assertTrue(row(out, "ticks", "price", "8", "DOUBLE"), out);
    // getIndexInfo and getPrimaryKeys answer with their columns and no rows.
    assertEquals(2, count(out, "| INDEX_NAME |"), out);
    assertEquals(2, count(out, "| PK_NAME |"), out);
    assertFalse(out.contains("Error"), out);
    assertFalse(out.contains("not supported"), out);
  }

  @Test
  void withoutATerminalStandardInputRunsAsAScript() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InputStream stdin =
        new ByteArrayInputStream(
            "SELECT 1 + 1 AS two;\n-- a comment\nSELECT 'x' AS letter;\n"
                .getBytes(StandardCharsets.UTF_8));
    int status =
        BacktraceConsole.runWithoutTerminal(
            "jdbc:backtrace:mem:stdin",
            List.of("--historyFile=" + dir.resolve("history")),
            stdin,
            bytes,
            bytes);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, out);
    assertTrue(row(out, "two") && row(out, "2"), out);
    assertTrue(row(out, "letter") && row(out, "x"), out);
    // No line editor: no escape sequences and no echoed prompt.
    assertFalse(out.contains("\u001b"), out);
    assertFalse(out.contains(BacktraceApplication.PROMPT), out);
  }

  @Test
  void theFirstFailingStatementEndsAScriptWithStatusTwo() throws Exception {
    Session session = runScript("SELECT nope FROM missing;", "SELECT 42 AS answer;");
    String out = session.output();
    assertEquals(2, session.status(), out);
    assertTrue(out.contains("Object 'missing' not found"), out);
    assertFalse(row(out, "42"), out);
  }

  @Test
  void anInteractiveStyleSessionShowsTheBacktracePrompt() throws Exception {
    Session session =
        run(
            new ByteArrayInputStream(
                "SELECT 6 * 7 AS answer;\n!quit\n".getBytes(StandardCharsets.UTF_8)),
            "--color=false");
    String out = session.output();
    assertEquals(0, session.status(), out);
    assertTrue(out.contains(BacktraceApplication.PROMPT), out);
    assertTrue(row(out, "42"), out);
  }

  @Test
  void theConsoleArgumentNamesADirectoryAMemoryDatabaseOrAUrl() {
    assertEquals("jdbc:backtrace:backtrace-db", BacktraceConsole.url(null));
    assertEquals("jdbc:backtrace:data/metrics", BacktraceConsole.url("data/metrics"));
    assertEquals("jdbc:backtrace:mem:scratch", BacktraceConsole.url("mem:scratch"));
    assertEquals(
        "jdbc:backtrace:/srv/db;durability=async",
        BacktraceConsole.url("jdbc:backtrace:/srv/db;durability=async"));
  }

  /** Whether a line of a result table holds {@code cells} in this order, each a whole cell. */
  static boolean row(String text, String... cells) {
    StringBuilder regex = new StringBuilder("(?m)^");
    for (String cell : cells) {
      regex.append("[^\n]*?\\| +").append(Pattern.quote(cell)).append(" +(?=\\|)");
    }
    return Pattern.compile(regex.toString()).matcher(text).find();
  }

  static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
