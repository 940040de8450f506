package io.backtracedb.block;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.IntVector;
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
 *
 * <p>Keys are compared by dictionary id: pages are decoded whole (the key column as ids over its
 * row group's dictionary, through the page cache) and each id maps to the key's newest time through
 * the block's union of dictionaries ({@link DictionaryUnion}), so a key is hashed once per block
 * and search, not once per row or row group.
 */
public final class NewestRows {
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
    // Slots of the block's keys (the union of its row groups' dictionaries), resolved on first use.
    DictionaryUnion union = layout.union(keyField, keys);
    long[][] slots = newest.slots(union.keys());
    // Per group, how many of its dictionary's keys are known to be settled (they stay settled).
    int[] settledKeys = new int[groups.length];
    boolean[] settled = new boolean[groups.length];
    long[] found = new long[64];
    int foundCount = 0;
    ColumnType keyType = reader.schema().column(key).type();
    ColumnType timeType = reader.schema().column(time).type();
    for (int i = 0; i < pageCount; i++) {
      int p = order[i];
      int g = pageGroup[p];
      if (maxs[p] == Long.MIN_VALUE
          || isSettled(g, union, slots, settledKeys, settled, newest, maxs[p])) {
        continue;
      }
      BlockLayout.RowGroup group = groups[g];
      BlockLayout.Chunk keyChunk = group.chunks()[keyField];
      long first = group.chunks()[timeField].offsets().getFirstRowIndex(pageIndex[p]);
      ColumnVector times = reader.page(g, timeField, pageIndex[p], timeType);
      long[] longs = times instanceof LongVector wide ? wide.values() : null;
      int[] ints = longs == null ? ((IntVector) times).values() : null;
      boolean nullable = times.mayHaveNulls();
      int[] unionIds = union.ids()[g];
      // The key page holding the current row (pages of the two columns need not line up): its
      // first row, end and dictionary ids, which are the row group dictionary's.
      long keyFirst = 0;
      long keyEnd = 0;
      int[] ids = null;
      for (int r = 0; r < times.size(); r++) {
        long row = first + r;
        if (row >= keyEnd) {
          int keyPage = keyChunk.pageOf(row);
          StringVector names = (StringVector) reader.page(g, keyField, keyPage, keyType);
          if (names.mayHaveNulls() || names.dictionary() != keys[g]) {
            throw new CorruptionException(
                layout.path(),
                keyChunk.offsets().getOffset(keyPage),
                "page "
                    + keyPage
                    + " of column '"
                    + keyChunk.descriptor().getPath()[0]
                    + "' is not dictionary-encoded without NULLs, as its chunk's metadata says");
          }
          keyFirst = keyChunk.offsets().getFirstRowIndex(keyPage);
          keyEnd = keyFirst + names.size();
          ids = names.ids();
        }
        if (nullable && times.isNull(r)) {
          continue;
        }
        long at = longs != null ? longs[r] : ints[r];
        int unionId = unionIds[ids[(int) (row - keyFirst)]];
        long[] slot = newest.slot(slots, union.keys(), unionId);
        if (at >= slot[0]) {
          slot[0] = at;
          if (foundCount == found.length) {
            found = Arrays.copyOf(found, foundCount * 2);
          }
          found[foundCount++] = group.firstRow() + row;
        }
      }
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
      int g,
      DictionaryUnion union,
      long[][] slots,
      int[] settledKeys,
      boolean[] settled,
      NewestTimes newest,
      long max) {
    if (settled[g]) {
      return true;
    }
    int[] ids = union.ids()[g];
    int k = settledKeys[g];
    while (k < ids.length && newest.slot(slots, union.keys(), ids[k])[0] > max) {
      k++;
    }
    settledKeys[g] = k;
    settled[g] = k == ids.length;
    return settled[g];
  }
}
