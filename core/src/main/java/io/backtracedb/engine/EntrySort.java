package io.backtracedb.engine;

/**
 * Sorts index entries of numeric and boolean keys without comparators or boxing: each key becomes a
 * {@code long} whose signed order is the index's key order, and a stable merge sort moves those
 * longs with the entries' positions. A comparator sort over boxed keys chases a pointer per
 * comparison, which dominates a bulk build of millions of entries.
 */
final class EntrySort {
  private EntrySort() {}

  /** The signed-order long of a double in the engine's order: -0.0 as 0.0, every NaN largest. */
  static long sortableDouble(double value) {
    double folded = value == 0.0 ? 0.0 : value;
    long bits = Double.doubleToLongBits(folded);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /**
   * The positions of {@code keys[0, size)} in (key, position) order, NULL keys first; null when a
   * key is not a Long, Integer, Double or Boolean (the caller then sorts with a comparator).
   */
  static int[] order(Object[] keys, int size) {
    long[] sortKeys = new long[size];
    int[] positions = new int[size];
    int nulls = 0;
    for (int i = 0; i < size; i++) {
      if (keys[i] == null) {
        positions[nulls++] = i;
      }
    }
    int n = nulls;
    for (int i = 0; i < size; i++) {
      Object key = keys[i];
      if (key == null) {
        continue;
      }
      long sortKey;
      if (key instanceof Long l) {
        sortKey = l;
      } else if (key instanceof Integer v) {
        sortKey = v;
      } else if (key instanceof Double d) {
        sortKey = sortableDouble(d);
      } else if (key instanceof Boolean b) {
        sortKey = b ? 1 : 0;
      } else {
        return null;
      }
      sortKeys[n] = sortKey;
      positions[n++] = i;
    }
    mergeSort(sortKeys, positions, nulls, size, new long[size], new int[size]);
    return positions;
  }

  /** Stable merge sort of [from, to) by sort key, carrying positions along. */
  private static void mergeSort(
      long[] keys, int[] positions, int from, int to, long[] keyScratch, int[] positionScratch) {
    if (to - from < 2) {
      return;
    }
    for (int width = 1; width < to - from; width *= 2) {
      for (int low = from; low < to - width; low += 2 * width) {
        int middle = low + width;
        int high = Math.min(low + 2 * width, to);
        if (keys[middle - 1] <= keys[middle]) {
          continue;
        }
        int i = low;
        int j = middle;
        int k = low;
        while (i < middle && j < high) {
          // <= keeps equal keys in their input order, which is ascending address order.
          if (keys[i] <= keys[j]) {
            keyScratch[k] = keys[i];
            positionScratch[k++] = positions[i++];
          } else {
            keyScratch[k] = keys[j];
            positionScratch[k++] = positions[j++];
          }
        }
        while (i < middle) {
          keyScratch[k] = keys[i];
          positionScratch[k++] = positions[i++];
        }
        while (j < high) {
          keyScratch[k] = keys[j];
          positionScratch[k++] = positions[j++];
        }
        System.arraycopy(keyScratch, low, keys, low, high - low);
        System.arraycopy(positionScratch, low, positions, low, high - low);
      }
    }
  }
}
