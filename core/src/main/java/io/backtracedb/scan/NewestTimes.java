package io.backtracedb.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * The newest time seen so far for each key (a column value, or a list of them), while a scan looks
 * for the newest rows per key. Times only grow.
 */
public final class NewestTimes {
  /** Stands for the NULL key, which a map cannot hold as itself next to absent keys. */
  private static final Object NULL_KEY = new Object();

  private final Map<Object, long[]> times = new HashMap<>();

  /** The newest time of {@code key}, or {@link Long#MIN_VALUE} when none was seen. */
  public long get(Object key) {
    long[] time = times.get(key == null ? NULL_KEY : key);
    return time == null ? Long.MIN_VALUE : time[0];
  }

  /**
   * Records a row of {@code key} at {@code time}; whether it may be the newest of its key (its time
   * is not below the newest seen, ties included).
   */
  public boolean offer(Object key, long time) {
    Object slot = key == null ? NULL_KEY : key;
    long[] newest = times.get(slot);
    if (newest == null) {
      times.put(slot, new long[] {time});
      return true;
    }
    if (time < newest[0]) {
      return false;
    }
    newest[0] = time;
    return true;
  }

  /** Keys seen. */
  public int size() {
    return times.size();
  }

  /** Whether a row of {@code key} at {@code time} or earlier can no longer be the newest. */
  public boolean settled(Object key, long time) {
    return get(key) > time;
  }
}
