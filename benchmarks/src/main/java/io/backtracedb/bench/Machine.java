package io.backtracedb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured: processor, cores, memory, JDK, operating system and the file system
 * holding the databases.
 */
record Machine(String cpu, int cores, String memory, String jdk, String os, String fileSystem) {
  /** Describes this machine; parts that cannot be read say {@code unknown}. */
  static Machine describe(Path dataDir) {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String memory = "unknown";
    String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    if (!total.equals("unknown")) {
      long kib = Long.parseLong(total.replaceAll("[^0-9]", ""));
      memory = String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
    }
    String jdk =
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")";
    String os = uname();
    String fileSystem = "unknown";
    try {
      Files.createDirectories(dataDir);
      fileSystem = Files.getFileStore(dataDir).type();
    } catch (IOException | RuntimeException e) {
      // Keep "unknown": the description is informative only.
    }
    return new Machine(
        cpu, Runtime.getRuntime().availableProcessors(), memory, jdk, os, fileSystem);
  }

  /**
   * The 1-minute load average from {@code /proc/loadavg}, or NaN: the machine is shared, and a load
   * above the core count means the figures were measured under contention.
   */
  static double loadAverage() {
    try {
      String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim();
      return Double.parseDouble(text.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: fall through.
    }
    return "unknown";
  }

  private static String uname() {
    String fallback =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    try {
      Process process = new ProcessBuilder("uname", "-srvmo").redirectErrorStream(true).start();
      try (InputStream in = process.getInputStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return text;
        }
      }
    } catch (IOException e) {
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fallback;
  }

  /** A Markdown bullet line with the load averages at a run's start and end. */
  static String loadMarkdown(double start, double end) {
    return String.format(
        Locale.ROOT,
        "- 1-minute load average at the start and end of the run: %.2f and %.2f (the machine is"
            + " shared with other work)%n",
        start,
        end);
  }

  /** Markdown bullet lines. */
  String toMarkdown() {
    return "- CPU: "
        + cpu
        + ", "
        + cores
        + " cores available to the JVM\n"
        + "- memory: "
        + memory
        + "\n- JDK: "
        + jdk
        + "\n- OS (`uname -srvmo`): "
        + os
        + "\n- file system of the database directories: "
        + fileSystem
        + "\n";
  }
}
