package io.backtracedb.engine;

import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.StringVector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a range numbered by their combination of tag values, so that a series is looked up
 * once per distinct combination instead of once per row: rows with equal tag values get equal keys,
 * keys are dense ({@code 0 .. count - 1}) and numbered in order of first appearance.
 *
 * <p>Tag columns are dictionary-encoded, so a combination is normally told by its dictionary ids
 * alone, through a table indexed by the ids; only when the dictionaries are too large for such a
 * table (many more distinct values than rows) are the strings hashed per row.
 */
final class SeriesRowKeys {
  /**
   * The largest direct table, in entries, relative to the rows: beyond it hashing the strings is
   * cheaper than filling the table.
   */
  private static final int TABLE_ENTRIES_PER_ROW = 4;

  /** Direct tables this small are always fine, whatever the row count (256 KiB of ints). */
  private static final int SMALL_TABLE_ENTRIES = 1 << 16;

  private final int from;
  private final int[] keys;
  private final int[] firstRows;
  private final int count;

  private SeriesRowKeys(int from, int[] keys, int[] firstRows, int count) {
    this.from = from;
    this.keys = keys;
    this.firstRows = firstRows;
    this.count = count;
  }

  /** The keys of rows {@code [from, to)} by the values of the {@code tags} columns (VARCHAR). */
  static SeriesRowKeys of(ColumnVector[] columns, int[] tags, int from, int to) {
    StringVector[] vectors = new StringVector[tags.length];
    for (int t = 0; t < tags.length; t++) {
      vectors[t] = (StringVector) columns[tags[t]];
    }
    SeriesRowKeys direct = byDictionaryIds(vectors, from, to);
    return direct != null ? direct : byValues(vectors, from, to);
  }

  /** The number of distinct combinations of tag values. */
  int count() {
    return count;
  }

  /** The key of row {@code row}. */
  int key(int row) {
    return keys[row - from];
  }

  /** The first row holding key {@code key}. */
  int firstRow(int key) {
    return firstRows[key];
  }

  /**
   * Keys from the dictionary ids: a NULL tag counts as one more id, each row's ids combine into one
   * table index, and the table maps indexes to keys. Null when the table would be too large.
   */
  private static SeriesRowKeys byDictionaryIds(StringVector[] vectors, int from, int to) {
    int rows = to - from;
    int[][] ids = new int[vectors.length][];
    int[] radix = new int[vectors.length];
    boolean[] nullable = new boolean[vectors.length];
    long entries = 1;
    long limit =
        Math.min(
            Integer.MAX_VALUE / 2,
            Math.max((long) TABLE_ENTRIES_PER_ROW * rows, SMALL_TABLE_ENTRIES));
    for (int t = 0; t < vectors.length; t++) {
      // The largest id in the range, rather than the dictionary's size, which only the writer
      // may read; the ids of published rows are stable.
      ids[t] = vectors[t].ids();
      nullable[t] = vectors[t].mayHaveNulls();
      int max = -1;
      for (int row = from; row < to; row++) {
        if (!nullable[t] || !vectors[t].isNull(row)) {
          max = Math.max(max, ids[t][row]);
        }
      }
      radix[t] = max + 2;
      entries *= radix[t];
      if (entries > limit) {
        return null;
      }
    }
    int[] table = new int[(int) entries];
    Arrays.fill(table, -1);
    int[] keys = new int[rows];
    int[] firstRows = new int[Math.min(rows, (int) entries)];
    int count = 0;
    for (int row = from; row < to; row++) {
      int index = 0;
      for (int t = 0; t < vectors.length; t++) {
        int id = nullable[t] && vectors[t].isNull(row) ? radix[t] - 1 : ids[t][row];
        index = index * radix[t] + id;
      }
      int key = table[index];
      if (key < 0) {
        key = count++;
        table[index] = key;
        firstRows[key] = row;
      }
      keys[row - from] = key;
    }
    return new SeriesRowKeys(from, keys, firstRows, count);
  }

  /** Keys from the tag strings, hashed per row. */
  private static SeriesRowKeys byValues(StringVector[] vectors, int from, int to) {
    int rows = to - from;
    Map<List<String>, Integer> keyOf = new HashMap<>();
    int[] keys = new int[rows];
    int[] firstRows = new int[rows];
    for (int row = from; row < to; row++) {
      String[] values = new String[vectors.length];
      for (int t = 0; t < vectors.length; t++) {
        values[t] = vectors[t].get(row);
      }
      Integer key = keyOf.get(Arrays.asList(values));
      if (key == null) {
        key = keyOf.size();
        keyOf.put(Arrays.asList(values), key);
        firstRows[key] = row;
      }
      keys[row - from] = key;
    }
    return new SeriesRowKeys(from, keys, firstRows, keyOf.size());
  }
}
