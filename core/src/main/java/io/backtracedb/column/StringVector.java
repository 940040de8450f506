package io.backtracedb.column;

import io.backtracedb.ColumnType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A growable, dictionary-encoded column of strings: each row holds an {@code int} id into a
 * dictionary of distinct values, in order of first appearance.
 *
 * <p>Equality predicates and grouping work on ids; the dictionary is shared by all rows of the
 * vector.
 */
public final class StringVector extends ColumnVector {
  /** Entries of a dictionary searched one by one rather than through {@link #idsByValue}. */
  private static final int LINEAR_ENTRIES = 8;

  private volatile int[] ids;
  private volatile String[] dictionary;
  private int dictionarySize;
  private final Map<String, Integer> idsByValue = new HashMap<>();
  private long dictionaryChars;
  private int generation;

  /**
   * The dictionary entries below this index are not yet in {@link #idsByValue}: a vector made
   * {@linkplain #withDictionary with a dictionary} indexes it on the first append of a value, and a
   * small dictionary is searched one entry at a time instead.
   */
  private int unindexed;

  /** Whether the dictionary array is another owner's, not counted in {@link #heapBytes()}. */
  private boolean sharedDictionary;

  /**
   * For {@link #appendFrom}: the source dictionary array rows were last copied from, this vector's
   * generation then, the rows copied from it in a row, and once the run is long enough, our id of
   * each of its ids (-1: not yet copied). An array's entries never change once set (a dictionary
   * grows into a new array), so the mapping holds while both arrays and our generation do.
   */
  private String[] fromDictionary;

  private int fromGeneration;
  private int fromRun;
  private int[] fromIds;

  StringVector(ColumnType type, int capacity) {
    super(type);
    this.ids = new int[Math.max(capacity, 1)];
    this.dictionary = new String[16];
  }

  /**
   * An empty vector whose dictionary is {@code dictionary} (distinct values, which the caller no
   * longer modifies), for rows appended by id with {@link #appendId}: a page of dictionary-encoded
   * values becomes a vector without hashing a value. The array is shared, not copied, and its
   * entries are not counted in {@link #heapBytes()}.
   */
  public static StringVector withDictionary(ColumnType type, String[] dictionary, int capacity) {
    StringVector vector = new StringVector(type, capacity);
    vector.shareDictionary(dictionary);
    return vector;
  }

  /**
   * Makes {@code dictionary} (distinct values, which the caller no longer modifies) this vector's
   * dictionary, shared as {@link #withDictionary} shares it, when the vector is empty; true when
   * the vector now uses exactly that dictionary (it was empty, or already shares it and added
   * nothing), so that rows can be appended by its ids with {@link #appendId}. Writer thread only.
   */
  public boolean shareDictionary(String[] dictionary) {
    if (sharedDictionary && this.dictionary == dictionary && dictionarySize == dictionary.length) {
      return true;
    }
    if (size != 0 || dictionarySize != 0) {
      return false;
    }
    this.dictionary = dictionary;
    dictionarySize = dictionary.length;
    unindexed = dictionary.length;
    sharedDictionary = true;
    generation++;
    return true;
  }

  /** Appends a value (not null). */
  public void append(String value) {
    appendReturningId(value);
  }

  /** Appends a value (not null) and returns its dictionary id, for {@link #appendId}. */
  public int appendReturningId(String value) {
    ensureCapacity(size + 1);
    int id = idOf(value);
    ids[size++] = id;
    return id;
  }

  /**
   * Appends the value whose dictionary id {@link #appendReturningId} returned, without looking it
   * up again: valid while {@link #generation()} is unchanged.
   */
  public void appendId(int id) {
    ensureCapacity(size + 1);
    ids[size++] = id;
  }

  /** Changes whenever the dictionary is emptied, so that cached ids can tell they expired. */
  public int generation() {
    return generation;
  }

  /**
   * The id of {@code value}, adding it to the dictionary when new. A dictionary of at most {@link
   * #LINEAR_ENTRIES} entries none of which is indexed yet is searched entry by entry, and stays
   * unindexed while it is that small: a vector of a few rows (a point lookup's) never builds a map.
   */
  private int idOf(String value) {
    String[] dict = dictionary;
    int size = dictionarySize;
    boolean linear = unindexed == size && size <= LINEAR_ENTRIES;
    if (linear) {
      for (int i = 0; i < size; i++) {
        if (dict[i].equals(value)) {
          return i;
        }
      }
    } else {
      indexEntries();
      Integer id = idsByValue.get(value);
      if (id != null) {
        return id;
      }
    }
    if (size == dict.length) {
      if (sharedDictionary) {
        // The entries become this vector's own, and count towards its heap bytes.
        for (int i = 0; i < size; i++) {
          dictionaryChars += dict[i].length();
        }
        sharedDictionary = false;
      }
      dict = Arrays.copyOf(dict, Math.max(16, size * 2));
      dictionary = dict;
    }
    dict[size] = value;
    dictionarySize = size + 1;
    dictionaryChars += value.length();
    if (linear && size + 1 <= LINEAR_ENTRIES) {
      unindexed = size + 1;
    } else {
      indexEntries();
      idsByValue.put(value, size);
    }
    return size;
  }

  /** Puts the entries below {@link #unindexed} in {@link #idsByValue}. */
  private void indexEntries() {
    String[] dict = dictionary;
    for (int i = 0; i < unindexed; i++) {
      idsByValue.putIfAbsent(dict[i], i);
    }
    unindexed = 0;
  }

  /** Empties the vector and its dictionary for reuse. */
  @Override
  public void reset() {
    super.reset();
    dictionary = new String[16];
    dictionarySize = 0;
    dictionaryChars = 0;
    unindexed = 0;
    sharedDictionary = false;
    idsByValue.clear();
    generation++;
  }

  /** The value at {@code row}; null when the row is NULL. */
  public String get(int row) {
    return isNull(row) ? null : dictionary[ids[row]];
  }

  /** The row ids array; capture once per batch after reading the published count. */
  public int[] ids() {
    return ids;
  }

  /** The dictionary array; ids index it. Capture after {@link #ids()}. */
  public String[] dictionary() {
    return dictionary;
  }

  /** The number of distinct values appended so far. Writer thread only. */
  public int dictionarySize() {
    return dictionarySize;
  }

  @Override
  public void appendObject(Object value) {
    if (value == null) {
      appendNull();
    } else {
      append((String) value);
    }
  }

  @Override
  public Object getObject(int row) {
    return get(row);
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
      return;
    }
    StringVector strings = (StringVector) source;
    String[] sourceDictionary = strings.dictionary;
    int sourceId = strings.ids[row];
    if (sourceDictionary != fromDictionary || fromGeneration != generation) {
      fromDictionary = sourceDictionary;
      fromGeneration = generation;
      fromRun = 0;
      fromIds = null;
    }
    // Rows copied one by one from the same source dictionary map its ids to ours once per value;
    // the mapping is made on the run's eighth row, so that alternating sources keep hashing.
    if (fromIds == null && ++fromRun >= 8) {
      fromIds = new int[Math.max(16, strings.dictionarySize)];
      Arrays.fill(fromIds, -1);
    }
    if (fromIds == null) {
      append(sourceDictionary[sourceId]);
      return;
    }
    if (sourceId >= fromIds.length) {
      int old = fromIds.length;
      fromIds = Arrays.copyOf(fromIds, Math.max(sourceId + 1, old * 2));
      Arrays.fill(fromIds, old, fromIds.length, -1);
    }
    int id = fromIds[sourceId];
    if (id < 0) {
      id = appendReturningId(sourceDictionary[sourceId]);
      fromIds[sourceId] = id;
    } else {
      appendId(id);
    }
  }

  @Override
  protected void copyValues(ColumnVector source, int from, int at, int count) {
    StringVector strings = (StringVector) source;
    int[] sourceIds = strings.ids;
    String[] sourceDictionary = strings.dictionary;
    int[] targetIds = ids;
    // Source ids map to target ids once per distinct value (-1: not mapped yet), unless the source
    // dictionary is much larger than the rows copied, where a lookup per row is cheaper.
    int sourceSize = strings.dictionarySize;
    int[] mapping = new int[sourceSize <= 4 * count + 1024 ? sourceSize : 0];
    Arrays.fill(mapping, -1);
    boolean nullable = strings.mayHaveNulls();
    for (int i = 0; i < count; i++) {
      int row = from + i;
      if (nullable && strings.isNull(row)) {
        continue;
      }
      int sourceId = sourceIds[row];
      int targetId;
      if (sourceId < mapping.length) {
        targetId = mapping[sourceId];
        if (targetId < 0) {
          targetId = idOf(sourceDictionary[sourceId]);
          mapping[sourceId] = targetId;
        }
      } else {
        targetId = idOf(sourceDictionary[sourceId]);
      }
      targetIds[at + i] = targetId;
    }
  }

  @Override
  protected int capacity() {
    return ids.length;
  }

  @Override
  protected void growTo(int capacity) {
    ids = Arrays.copyOf(ids, capacity);
  }

  @Override
  protected void appendDefault() {
    // A NULL row points at id 0; isNull() is checked before the dictionary is consulted.
    size++;
  }

  @Override
  public long heapBytes() {
    // Ids, dictionary references, and about 40 bytes of String overhead plus the characters each.
    if (sharedDictionary) {
      return ids.length * 4L + nullBytes();
    }
    return ids.length * 4L
        + dictionary.length * 8L
        + dictionarySize * 40L
        + dictionaryChars
        + nullBytes();
  }
}
