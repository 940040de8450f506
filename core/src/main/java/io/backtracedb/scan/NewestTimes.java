package io.backtracedb.scan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The newest time seen so far for each key (a column value, or a list of them), while a scan looks
 * for the newest rows per key. Times only grow.
 *
 * <p>Each key's time lives in a one-element array, its slot. A reader of dictionary-encoded keys
 * asks for the slots of a whole dictionary at once ({@link #slots}) and then reads and raises times
 * by dictionary id, without hashing a key per row.
 */
public final class NewestTimes {
  /** Stands for the NULL key, which a map cannot hold as itself next to absent keys. */
  private static final Object NULL_KEY = new Object();

  private final Map<Object, long[]> times = new HashMap<>();

  /** The slots of each dictionary asked for, by the dictionary array's identity. */
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
   * The slots of the first {@code size} entries of {@code dictionary} (distinct non-null keys whose
   * entries below {@code size} never change), indexed by dictionary id, each null until {@link
   * #slot} resolves it: element 0 of a slot is the newest time of that key ({@link Long#MIN_VALUE}
   * until one is seen), which the caller raises as {@link #offer} would. One array per dictionary.
   */
  public long[][] slots(String[] dictionary, int size) {
    long[][] slots = dictionaries.get(dictionary);
    if (slots == null || slots.length < size) {
      slots = slots == null ? new long[size][] : Arrays.copyOf(slots, size);
      dictionaries.put(dictionary, slots);
    }
    return slots;
  }

  /** The slot of entry {@code id} of {@code dictionary}, whose {@link #slots} are {@code slots}. */
  public long[] slot(long[][] slots, String[] dictionary, int id) {
    long[] slot = slots[id];
    if (slot == null) {
      slot = times.computeIfAbsent(dictionary[id], key -> new long[] {Long.MIN_VALUE});
      slots[id] = slot;
    }
    return slot;
  }

  /** Keys seen or given a slot. */
  public int size() {
    return times.size();
  }
}
