package io.backtracedb.sql;

import java.util.Arrays;

/**
 * A map from {@code long} keys to non-negative {@code int} values in two primitive arrays, by open
 * addressing with linear probing: looks keys up without boxing them. Every {@code long} is a valid
 * key; a negative value marks an empty slot. Not thread-safe.
 */
final class LongIntMap {
  private static final int EMPTY = -1;

  private long[] keys;
  private int[] values;
  private int size;

  /** {@code 64 - log2(capacity)}: how far {@link #slot} shifts the mixed key. */
  private int shift;

  /** An empty map. */
  LongIntMap() {
    allocate(16);
  }

  /** The number of keys mapped. */
  int size() {
    return size;
  }

  /** The value mapped to {@code key}, or -1 when there is none. */
  int get(long key) {
    int mask = values.length - 1;
    for (int slot = slot(key); ; slot = (slot + 1) & mask) {
      int value = values[slot];
      if (value == EMPTY || keys[slot] == key) {
        return value;
      }
    }
  }

  /** Maps {@code key} to {@code value}, which is not negative, replacing any previous value. */
  void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    int mask = values.length - 1;
    int slot = slot(key);
    while (values[slot] != EMPTY && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (values[slot] == EMPTY) {
      keys[slot] = key;
      size++;
    }
    values[slot] = value;
    if (size * 2 > values.length) {
      grow(); // at most half full, so that probe runs stay short
    }
  }

  /**
   * The home slot of {@code key}: Fibonacci hashing keeps the top bits of the key times 2^64 / phi,
   * which depend on all of its bits, so keys that differ only in high bits (multiples of a power of
   * two, time bucket starts) still spread over the table.
   */
  private int slot(long key) {
    return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> shift);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, EMPTY);
    shift = Long.numberOfLeadingZeros(capacity) + 1;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldValues.length * 2);
    int mask = values.length - 1;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != EMPTY) {
        int slot = slot(oldKeys[i]);
        while (values[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
