package io.backtracedb.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import sqlline.SqlLine;

/**
 * The {@code backtrace} console: SQLLine connected to a BacktraceDB database.
 *
 * <pre>
 * backtrace [directory | mem:name | jdbc:backtrace:...] [SQLLine options]
 * </pre>
 *
 * <p>The database defaults to {@value #DEFAULT_DIRECTORY} in the working directory (created if
 * missing). Everything after it goes to SQLLine: {@code -e "SELECT ..."} runs one command, {@code
 * -f script.sql} runs a script, {@code --outputformat=csv} changes the output. With a terminal the
 * console is interactive; without one (a pipe, CI) it runs standard input as a script, like {@code
 * -f}, unless the options name commands of their own.
 */
public final class BacktraceConsole {
  /** The database directory when none is named. */
  static final String DEFAULT_DIRECTORY = "backtrace-db";

  /** The JDBC URL prefix. */
  static final String URL_PREFIX = "jdbc:backtrace:";

  /** Output width without a terminal to measure (SQLLine cuts wider tables). */
  static final int PIPE_WIDTH = 200;

  /** SQLLine options that give it something to do other than reading standard input. */
  private static final Set<String> COMMAND_OPTIONS = Set.of("-e", "-f", "-h", "--help");

  private BacktraceConsole() {}

  /** Runs the console and exits with SQLLine's status: 0 success, 1 bad arguments, 2 failure. */
  public static void main(String[] args) throws IOException {
    List<String> rest = new ArrayList<>(List.of(args));
    String url = url(rest.isEmpty() || rest.get(0).startsWith("-") ? null : rest.remove(0));
    int status =
        System.console() != null
            ? run(sqlLineArgs(url, true, rest), null, System.out, System.err)
            : runWithoutTerminal(url, rest, System.in, System.out, System.err);
    // SQLLine closed the connections (and with them the database); the terminal's threads remain.
    System.exit(status);
  }

  /**
   * The URL for a console argument: a directory (relative to the working directory), {@code
   * mem:<name>}, a whole {@code jdbc:backtrace:} URL, or null for {@value #DEFAULT_DIRECTORY}.
   */
  static String url(String location) {
    if (location == null) {
      return URL_PREFIX + DEFAULT_DIRECTORY;
    }
    return location.startsWith("jdbc:") ? location : URL_PREFIX + location;
  }

  /**
   * SQLLine's arguments: connect to {@code url} through {@link BacktraceApplication}, then {@code
   * extra} (which may override any option). Without a terminal the output width is fixed.
   */
  static String[] sqlLineArgs(String url, boolean terminal, List<String> extra) {
    List<String> args = new ArrayList<>();
    args.add("-ac");
    args.add(BacktraceApplication.class.getName());
    args.add("-u");
    args.add(url);
    // No users: an empty name and password skip SQLLine's credential prompts.
    args.add("-n");
    args.add("");
    args.add("-p");
    args.add("");
    if (!terminal) {
      args.add("--maxWidth=" + PIPE_WIDTH);
    }
    args.addAll(extra);
    return args.toArray(new String[0]);
  }

  /**
   * Runs the console without a terminal: the commands on {@code in} as a script, stopping at the
   * first failure unless {@code --force=true} (a terminal's line editor would echo every line and
   * write escape sequences into a pipe). When {@code extra} names commands ({@code -e}, {@code -f},
   * {@code --run=}, {@code --help}), {@code in} is not read: it may be a pipe that never closes.
   */
  static int runWithoutTerminal(
      String url, List<String> extra, InputStream in, OutputStream out, OutputStream err)
      throws IOException {
    if (namesCommands(extra)) {
      return run(sqlLineArgs(url, false, extra), InputStream.nullInputStream(), out, err);
    }
    Path script = Files.createTempFile("backtrace-console", ".sql");
    try {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      List<String> withScript = new ArrayList<>(List.of("-f", script.toString()));
      withScript.addAll(extra);
      return run(sqlLineArgs(url, false, withScript), InputStream.nullInputStream(), out, err);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static boolean namesCommands(List<String> args) {
    for (String arg : args) {
      if (COMMAND_OPTIONS.contains(arg) || arg.startsWith("--run=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs SQLLine with {@code args} and returns its exit status (0 success, 1 bad arguments, 2
   * failure). It reads commands from {@code in}, or from the system terminal when {@code in} is
   * null (and then saves the command history); results go to {@code out}, errors to {@code err}.
   */
  static int run(String[] args, InputStream in, OutputStream out, OutputStream err)
      throws IOException {
    SqlLine sqlLine = new ConsoleSqlLine();
    sqlLine.setOutputStream(out);
    sqlLine.setErrorStream(err);
    return sqlLine.begin(args, in, in == null).ordinal();
  }

  /**
   * SQLLine reporting a failed statement in one line while it runs a {@code -f} script or connects,
   * as it does at its prompt; it would print the Java stack trace. {@code --verbose=true} shows it.
   */
  private static final class ConsoleSqlLine extends SqlLine {
    @Override
    public void handleException(Throwable e) {
      Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
      if (cause instanceof SQLException sql
          && !(sql instanceof SQLWarning)
          && !getOpts().getVerbose()) {
        error(
            String.format(
                Locale.ROOT,
                "Error: %s (state=%s,code=%d)",
                sql.getMessage() == null ? "" : sql.getMessage().trim(),
                sql.getSQLState() == null ? "" : sql.getSQLState().trim(),
                sql.getErrorCode()));
        return;
      }
      super.handleException(e);
    }
  }
}
