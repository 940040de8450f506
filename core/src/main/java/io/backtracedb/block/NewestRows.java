package io.backtracedb.block;

import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.scan.NewestTimes;
import java.io.IOException;
import java.util.Arrays;

/**
 * Finds, in one block file, the rows that may be the newest of their key, reading as little of the
 * file as it can: the time column's pages are visited newest first (by their column index maximum),
 * only the key and time columns are decoded, and the search stops once every key the unvisited row
 * groups hold (their dictionaries) already has a newer row than any unvisited page can hold. A
 * table whose keys recur (the symbols of trades, the hosts of metrics) so reads its recent pages
 * only, and a block whose keys all have newer rows elsewhere reads no page at all.
 */
public final class NewestRows {
  /** Rows decoded per step; the stop condition is checked between steps. */
  private static final int STEP_ROWS = 4096;

  private NewestRows() {}

  /**
   * The file rows (ascending) whose time is at least the newest time of their key found so far,
   * {@code newest} updated with every row decoded; rows left out cannot be the newest of their key
   * (ties are kept). Null when the file cannot be searched this way: the key column is not entirely
   * dictionary-encoded or holds NULLs, or the time column has no page bounds; then nothing was read
   * and {@code newest} is unchanged.
   *
   * @param reader the block's reader
   * @param key the table ordinal of the VARCHAR key column
   * @param time the table ordinal of the integer time column (no NULLs)
   * @param newest the newest time per key (a {@code String}) seen so far, in this and other blocks
   * @throws IOException when the device fails or a page is damaged
   */
  public static long[] find(BlockRowReader reader, int key, int time, NewestTimes newest)
      throws IOException {
    BlockLayout layout = reader.layout();
    int keyField = layout.fieldOf(reader.schema().column(key).name());
    int timeField = layout.fieldOf(reader.schema().column(time).name());
    if (keyField < 0 || timeField < 0) {
      return null;
    }
    BlockLayout.RowGroup[] groups = layout.groups();
    String[][] keys = new String[groups.length][];
    int pageCount = 0;
    for (int g = 0; g < groups.length; g++) {
      keys[g] = reader.distinctStrings(g, keyField);
      PageBounds bounds = groups[g].chunks()[timeField].bounds();
      if (keys[g] == null || bounds == null) {
        return null;
      }
      pageCount += bounds.pageCount();
    }
    // Every page of the time column as (max, group, page), newest first.
    long[] maxs = new long[pageCount];
    int[] pageGroup = new int[pageCount];
    int[] pageIndex = new int[pageCount];
    for (int g = 0, p = 0; g < groups.length; g++) {
      PageBounds bounds = groups[g].chunks()[timeField].bounds();
      for (int page = 0; page < bounds.pageCount(); page++, p++) {
        maxs[p] = bounds.nullPage(page) ? Long.MIN_VALUE : bounds.max(page);
        pageGroup[p] = g;
        pageIndex[p] = page;
      }
    }
    Integer[] order = new Integer[pageCount];
    for (int p = 0; p < pageCount; p++) {
      order[p] = p;
    }
    Arrays.sort(order, (a, b) -> Long.compare(maxs[b], maxs[a]));
    // Per group, how many of its dictionary's keys are known to be settled (they stay settled).
    int[] settledKeys = new int[groups.length];
    boolean[] settled = new boolean[groups.length];
    long[] pending = new long[STEP_ROWS * 2];
    int pendingCount = 0;
    long[] found = new long[64];
    int foundCount = 0;
    int[] columns = {key, time};
    long[] best = new long[0];
    boolean[] present = new boolean[0];
    for (int i = 0; i <= pageCount; i++) {
      boolean last = i == pageCount;
      if (!last) {
        int p = order[i];
        int g = pageGroup[p];
        if (maxs[p] == Long.MIN_VALUE
            || isSettled(g, keys, settledKeys, settled, newest, maxs[p])) {
          continue;
        }
        BlockLayout.RowGroup group = groups[g];
        BlockLayout.Chunk chunk = group.chunks()[timeField];
        long first = group.firstRow() + chunk.offsets().getFirstRowIndex(pageIndex[p]);
        long end =
            group.firstRow() + chunk.offsets().getLastRowIndex(pageIndex[p], group.rowCount());
        int rows = (int) (end - first + 1);
        if (pendingCount + rows > pending.length) {
          pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingCount + rows));
        }
        for (int r = 0; r < rows; r++) {
          pending[pendingCount++] = first + r;
        }
        if (pendingCount < STEP_ROWS) {
          continue;
        }
      }
      if (pendingCount == 0) {
        continue;
      }
      Arrays.sort(pending, 0, pendingCount);
      ColumnBatch batch = reader.read(columns, pending, 0, pendingCount);
      StringVector names = (StringVector) batch.vector(key);
      LongVector times = (LongVector) batch.vector(time);
      // Compare by the vector's dictionary ids: one map lookup per distinct key, not per row.
      String[] dictionary = names.dictionary();
      int[] ids = names.ids();
      int distinct = names.dictionarySize();
      if (best.length < distinct) {
        best = new long[Math.max(distinct, best.length * 2)];
        present = new boolean[best.length];
      }
      // The dictionary may hold values no row here has (a page's own, shared): mark those that do.
      Arrays.fill(present, 0, distinct, false);
      for (int r = 0; r < pendingCount; r++) {
        present[ids[r]] = true;
      }
      for (int id = 0; id < distinct; id++) {
        if (present[id]) {
          best[id] = newest.get(dictionary[id]);
        }
      }
      for (int r = 0; r < pendingCount; r++) {
        int id = ids[r];
        long at = times.get(r);
        if (at >= best[id]) {
          best[id] = at;
          if (foundCount == found.length) {
            found = Arrays.copyOf(found, foundCount * 2);
          }
          found[foundCount++] = pending[r];
        }
      }
      for (int id = 0; id < distinct; id++) {
        if (present[id]) {
          newest.offer(dictionary[id], best[id]);
        }
      }
      pendingCount = 0;
    }
    long[] rows = Arrays.copyOf(found, foundCount);
    Arrays.sort(rows);
    return rows;
  }

  /**
   * Whether no row of group {@code g} at time {@code max} or earlier can be the newest of its key:
   * every key of its dictionary has a newer row. Keys found settled stay settled (newest times only
   * grow, and pages are visited in falling {@code max}), so each key is checked until it first is.
   */
  private static boolean isSettled(
      int g, String[][] keys, int[] settledKeys, boolean[] settled, NewestTimes newest, long max) {
    if (settled[g]) {
      return true;
    }
    String[] dictionary = keys[g];
    int k = settledKeys[g];
    while (k < dictionary.length && newest.settled(dictionary[k], max)) {
      k++;
    }
    settledKeys[g] = k;
    settled[g] = k == dictionary.length;
    return settled[g];
  }
}
