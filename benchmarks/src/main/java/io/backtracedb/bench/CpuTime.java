package io.backtracedb.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of Java threads. On a shared machine, wall time grows with other work on the cores; CPU
 * time spent by the benchmark's own threads does much less, so reports show both.
 */
final class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTime() {}

  /** The current thread's CPU time in nanoseconds, or 0 when the JVM cannot measure it. */
  static long currentThread() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /** CPU nanoseconds of every live Java thread, by thread id. */
  static Map<Long, Long> allThreads() {
    Map<Long, Long> times = new HashMap<>();
    if (!THREADS.isThreadCpuTimeSupported()) {
      return times;
    }
    for (long id : THREADS.getAllThreadIds()) {
      long time = THREADS.getThreadCpuTime(id);
      if (time >= 0) {
        times.put(id, time);
      }
    }
    return times;
  }

  /**
   * CPU nanoseconds the live Java threads spent since {@code before} (threads started since count
   * from zero; threads that ended since are missed).
   */
  static long since(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> entry : allThreads().entrySet()) {
      total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
    }
    return total;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
