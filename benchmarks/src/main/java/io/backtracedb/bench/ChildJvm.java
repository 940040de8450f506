package io.backtracedb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one child task in its own JVM (same heap and flags for every child, so that JIT and GC state
 * do not leak between configurations) and collects the result lines it prints.
 */
final class ChildJvm {
  private final String heap;
  private final List<String> jvmArgs;
  private final Path jfrDir;
  private final PrintStream log;

  /**
   * @param heap the -Xms and -Xmx value, such as {@code 4g}
   * @param jvmArgs further JVM options for every child
   * @param jfrDir where each child writes a flight recording, or null for none
   * @param log where progress and the children's notes go
   */
  ChildJvm(String heap, List<String> jvmArgs, Path jfrDir, PrintStream log) {
    this.heap = heap;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.jfrDir = jfrDir;
    this.log = log;
  }

  /** Runs {@code task} to its end; a non-zero exit fails the run. */
  List<Result> run(String name, List<String> task) throws IOException, InterruptedException {
    return execute(name, task, false);
  }

  /**
   * Runs {@code task} until it prints {@link CrashTask#READY}, then kills it with SIGKILL (on Linux
   * {@link Process#destroyForcibly()} sends SIGKILL); a child that ends by itself fails the run.
   */
  List<Result> runUntilReadyThenKill(String name, List<String> task)
      throws IOException, InterruptedException {
    return execute(name, task, true);
  }

  private List<Result> execute(String name, List<String> task, boolean kill)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.addAll(jvmArgs);
    if (jfrDir != null) {
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + jfrDir.resolve(name + ".jfr").toAbsolutePath());
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("child");
    command.addAll(task);
    log.println("[" + name + "] " + String.join(" ", task));
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    List<Result> results = new ArrayList<>();
    boolean killed = false;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Result result = Result.parseLine(line);
        if (result != null) {
          results.add(result);
          log.println("[" + name + "]   " + result.toLine().substring(Result.PREFIX.length()));
        } else if (kill && line.equals(CrashTask.READY)) {
          process.destroyForcibly();
          killed = true;
          log.println("[" + name + "]   ready: killed with SIGKILL");
          // Killing closes the child's streams: nothing more can be read.
          break;
        } else {
          log.println("[" + name + "]   " + (line.startsWith("# ") ? line.substring(2) : line));
        }
      }
    } finally {
      if (process.isAlive() && !killed) {
        process.destroyForcibly();
      }
    }
    int exit = process.waitFor();
    log.printf(
        Locale.ROOT,
        "[%s] exit %d after %.1f s%n",
        name,
        exit,
        (System.nanoTime() - started) / 1e9);
    if (kill && !killed) {
      throw new BenchmarkFailure(
          "child '" + name + "' ended (exit " + exit + ") before it was ready to be killed");
    }
    if (!kill && exit != 0) {
      throw new BenchmarkFailure("child '" + name + "' failed with exit " + exit);
    }
    return results;
  }

  /** The run cannot go on: a child failed or answered wrongly. */
  static final class BenchmarkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkFailure(String message) {
      super(message);
    }
  }
}
