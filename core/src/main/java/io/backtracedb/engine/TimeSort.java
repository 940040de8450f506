package io.backtracedb.engine;

import io.backtracedb.column.ColumnVector;

/** A stable sort of row numbers by a long key, NULL keys first, without boxing. */
final class TimeSort {
  private TimeSort() {}

  /** The permutation that orders rows {@code [0, rows)} by {@code keys}, stable. */
  static int[] order(long[] keys, ColumnVector column, int rows) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    int[] scratch = new int[rows];
    boolean nullable = column.mayHaveNulls();
    // Bottom-up merge sort: stable, O(n log n), no recursion.
    int[] from = order;
    int[] to = scratch;
    for (int width = 1; width < rows; width <<= 1) {
      for (int low = 0; low < rows; low += width << 1) {
        int mid = Math.min(low + width, rows);
        int high = Math.min(low + (width << 1), rows);
        int i = low;
        int j = mid;
        int k = low;
        while (i < mid && j < high) {
          to[k++] = lessOrEqual(keys, column, nullable, from[i], from[j]) ? from[i++] : from[j++];
        }
        while (i < mid) {
          to[k++] = from[i++];
        }
        while (j < high) {
          to[k++] = from[j++];
        }
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    return from;
  }

  /**
   * Sorts the row numbers {@code rows[from, to)} by {@code keys[row]} in place, stable; the keys
   * must not be NULL (a series table's time column is NOT NULL).
   */
  static void sortRange(int[] rows, int from, int to, long[] keys) {
    int length = to - from;
    int[] source = new int[length];
    System.arraycopy(rows, from, source, 0, length);
    int[] target = new int[length];
    for (int width = 1; width < length; width <<= 1) {
      for (int low = 0; low < length; low += width << 1) {
        int mid = Math.min(low + width, length);
        int high = Math.min(low + (width << 1), length);
        int i = low;
        int j = mid;
        int k = low;
        while (i < mid && j < high) {
          target[k++] = keys[source[i]] <= keys[source[j]] ? source[i++] : source[j++];
        }
        while (i < mid) {
          target[k++] = source[i++];
        }
        while (j < high) {
          target[k++] = source[j++];
        }
      }
      int[] swap = source;
      source = target;
      target = swap;
    }
    System.arraycopy(source, 0, rows, from, length);
  }

  private static boolean lessOrEqual(
      long[] keys, ColumnVector column, boolean nullable, int a, int b) {
    if (nullable) {
      boolean nullA = column.isNull(a);
      boolean nullB = column.isNull(b);
      if (nullA || nullB) {
        return nullA;
      }
    }
    return keys[a] <= keys[b];
  }
}
