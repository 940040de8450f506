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
  private volatile int[] ids;
  private volatile String[] dictionary;
  private int dictionarySize;
  private final Map<String, Integer> idsByValue = new HashMap<>();
  private long dictionaryChars;
  private int generation;

  /**
   * The dictionary entries below this index are not yet in {@link #idsByValue}: a vector made
   * {@linkplain #withDictionary with a dictionary} indexes it on the first append of a value.
   */
  private int unindexed;

  /** Whether the dictionary array is another owner's, not counted in {@link #heapBytes()}. */
  private boolean sharedDictionary;

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

  /** The id of {@code value}, adding it to the dictionary when new. */
  private int idOf(String value) {
    if (unindexed > 0) {
      String[] dict = dictionary;
      for (int i = 0; i < unindexed; i++) {
        idsByValue.putIfAbsent(dict[i], i);
        dictionaryChars += dict[i].length();
      }
      unindexed = 0;
    }
    Integer id = idsByValue.get(value);
    if (id != null) {
      return id;
    }
    int next = dictionarySize;
    String[] dict = dictionary;
    if (next == dict.length) {
      dict = Arrays.copyOf(dict, Math.max(16, next * 2));
      dictionary = dict;
      sharedDictionary = false;
    }
    dict[next] = value;
    dictionarySize = next + 1;
    dictionaryChars += value.length();
    idsByValue.put(value, next);
    return next;
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
    } else {
      append(((StringVector) source).get(row));
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
