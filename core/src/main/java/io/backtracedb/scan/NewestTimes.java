package io.backtracedb.scan;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The newest time seen so far for each key (a column value, or a list of them), while a scan looks
 * for the newest rows per key. Times only grow.
 *
 * <p>Each key's time lives in a one-element array, its slot. A reader of dictionary-encoded keys
 * asks for the slots of a whole key array at once ({@link #slots}) and then reads and raises times
 * by position, without hashing a key per row.
 */
public final class NewestTimes {
  /** Stands for the NULL key, which a map cannot hold as itself next to absent keys. */
  private static final Object NULL_KEY = new Object();

  private final Map<Object, long[]> times = new HashMap<>();

  /** The slots of each key array asked for, by the array's identity. */
  private final Map<String[], long[][]> dictionaries = new IdentityHashMap<>();

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

  /**
   * The slots of the entries of {@code keys} (distinct non-null keys, an array never modified),
   * indexed by position, each null until {@link #slot} resolves it: element 0 of a slot is the
   * newest time of that key ({@link Long#MIN_VALUE} until one is seen), which the caller raises as
   * {@link #offer} would. One array per key array.
   */
  public long[][] slots(String[] keys) {
    return dictionaries.computeIfAbsent(keys, array -> new long[array.length][]);
  }

  /** The slot of entry {@code id} of {@code keys}, whose {@link #slots} are {@code slots}. */
  public long[] slot(long[][] slots, String[] keys, int id) {
    long[] slot = slots[id];
    if (slot == null) {
      slot = times.computeIfAbsent(keys[id], key -> new long[] {Long.MIN_VALUE});
      slots[id] = slot;
    }
    return slot;
  }

  /** Keys seen or given a slot. */
  public int size() {
    return times.size();
  }
}
