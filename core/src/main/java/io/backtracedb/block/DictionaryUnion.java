package io.backtracedb.block;

import java.util.HashMap;
import java.util.Map;

/**
 * The distinct strings of a column's dictionaries across the row groups of one block, and for each
 * row group the union id of each of its dictionary ids: a search by key visits a block's keys once,
 * not once per row group. Immutable; cached per layout and column ({@link BlockLayout#union}).
 *
 * @param keys the distinct strings of every row group's dictionary
 * @param ids per row group, the index in {@code keys} of each dictionary id's string
 */
record DictionaryUnion(String[] keys, int[][] ids) {

  /** The union of {@code dictionaries}, one per row group (each of distinct strings). */
  static DictionaryUnion of(String[][] dictionaries) {
    Map<String, Integer> positions = new HashMap<>();
    int[][] ids = new int[dictionaries.length][];
    for (int g = 0; g < dictionaries.length; g++) {
      ids[g] = new int[dictionaries[g].length];
      for (int id = 0; id < dictionaries[g].length; id++) {
        Integer position = positions.putIfAbsent(dictionaries[g][id], positions.size());
        ids[g][id] = position == null ? positions.size() - 1 : position;
      }
    }
    String[] keys = new String[positions.size()];
    positions.forEach((key, position) -> keys[position] = key);
    return new DictionaryUnion(keys, ids);
  }
}
