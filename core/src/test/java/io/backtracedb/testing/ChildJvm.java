package io.backtracedb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath, for tests that kill a process or give it
 * a small heap. Its standard output arrives as complete lines (a line cut off by a kill, without
 * its newline, is dropped); its standard error goes to a file quoted in failure messages.
 */
public final class ChildJvm implements AutoCloseable {
  /** Exit status of a process ended by SIGKILL (128 + 9), or halted with that status. */
  public static final int KILLED = 137;

  private static final String END = "\u0000end";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private boolean ended;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "child-stdout " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with {@code jvmOptions} (heap, system properties) and {@code args};
   * standard error goes to {@code stderr}. Start-up options keep small children cheap.
   */
  public static ChildJvm start(
      Class<?> mainClass, List<String> jvmOptions, List<String> args, Path stderr)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(stderr.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    return new ChildJvm(builder.start(), stderr);
  }

  private void pump() {
    try (InputStream in = process.getInputStream()) {
      StringBuilder line = new StringBuilder();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines.add(line.toString());
            line.setLength(0);
          } else {
            line.append((char) buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      lines.add("stdout failed: " + e);
    } finally {
      lines.add(END);
    }
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * The next complete line of output, waiting until {@code deadlineNanos} ({@link System#nanoTime}
   * scale); null at the deadline or once the output has ended.
   */
  public String nextLine(long deadlineNanos) throws InterruptedException {
    if (ended) {
      return null;
    }
    long wait = deadlineNanos - System.nanoTime();
    String line = wait <= 0 ? lines.poll() : lines.poll(wait, TimeUnit.NANOSECONDS);
    if (END.equals(line)) {
      ended = true;
      return null;
    }
    return line;
  }

  /** Every remaining line, after the process has ended (waits for the output to close). */
  public List<String> remainingLines() throws InterruptedException {
    List<String> rest = new ArrayList<>();
    while (!ended) {
      String line = lines.poll(30, TimeUnit.SECONDS);
      if (line == null) {
        throw new IllegalStateException("the output of child " + pid() + " did not end");
      }
      if (END.equals(line)) {
        ended = true;
      } else {
        rest.add(line);
      }
    }
    return rest;
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and returns the exit status. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(60);
  }

  /** Waits up to {@code seconds} for the process to end; its exit status, or -1 if it did not. */
  public int awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** The last lines of the child's standard error, for failure messages. */
  public String stderrTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
