package io.backtracedb.engine;

import io.backtracedb.ConstraintViolationException;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.io.FileIO;
import io.backtracedb.series.LabelIndex;
import io.backtracedb.series.LabelIndexFile;
import io.backtracedb.series.LabelMatcher;
import io.backtracedb.series.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The series of one series table: the id of each combination of tag values (kept in a {@link
 * LabelIndex}, persisted as {@code labels.idx} before any chunk file names the id), and the newest
 * timestamp of each series, which the out-of-order window is measured from.
 *
 * <p>Ids are assigned in commit order under the engine's commit lock, so replaying the WAL after a
 * crash assigns the ids it assigned before. Lookups by tag values are lock-free.
 */
final class SeriesRegistry {
  /** The label index file in the table's directory. */
  static final String FILE_NAME = "labels.idx";

  private final SeriesLayout layout;
  private final String[] tagNames;
  private final LabelIndex index;
  private final Map<TagKey, Integer> ids = new ConcurrentHashMap<>();
  // Guarded by the commit lock for writes.
  private volatile long[] newest = new long[16];
  private int persisted;

  private SeriesRegistry(SeriesLayout layout, Schema schema, LabelIndex index) {
    this.layout = layout;
    this.tagNames = new String[layout.tags().length];
    for (int i = 0; i < tagNames.length; i++) {
      tagNames[i] = schema.column(layout.tags()[i]).name();
    }
    this.index = index;
    Arrays.fill(newest, Long.MIN_VALUE);
    for (int id = 0; id < index.seriesCount(); id++) {
      ids.put(keyOf(index.labels(id)), id);
    }
    persisted = index.seriesCount();
    grow(persisted);
  }

  /** A registry without series. */
  static SeriesRegistry empty(SeriesLayout layout, Schema schema) {
    return new SeriesRegistry(layout, schema, new LabelIndex());
  }

  /** The registry persisted at {@code path}, or an empty one when there is no file yet. */
  static SeriesRegistry load(FileIO io, Path path, SeriesLayout layout, Schema schema)
      throws IOException {
    if (!io.exists(path)) {
      return empty(layout, schema);
    }
    return new SeriesRegistry(layout, schema, LabelIndexFile.read(io, path));
  }

  /** The layout of the table's columns. */
  SeriesLayout layout() {
    return layout;
  }

  /** The number of series. */
  int seriesCount() {
    return index.seriesCount();
  }

  /** The tag values of series {@code id}. */
  Labels labels(int id) {
    return index.labels(id);
  }

  /** The series whose tags satisfy {@code matcher}. */
  RoaringBitmap select(LabelMatcher matcher) {
    return index.select(matcher);
  }

  /** The newest timestamp of series {@code id}, or {@code Long.MIN_VALUE}. */
  long newest(int id) {
    long[] times = newest;
    return id < times.length ? times[id] : Long.MIN_VALUE;
  }

  /**
   * Rejects the batch when a sample is older than its series' newest sample (in the table or
   * earlier in the batch) minus the out-of-order window. Changes nothing. Under the commit lock.
   */
  void check(String table, ColumnVector[] columns, int rows) {
    LongVector times = (LongVector) columns[layout.time()];
    SeriesRowKeys keys = SeriesRowKeys.of(columns, layout.tags(), 0, rows);
    TagKey probe = new TagKey(tagNames.length);
    // Per distinct tag values: the series' newest time in the table, then in the batch so far.
    long[] latest = new long[keys.count()];
    for (int key = 0; key < latest.length; key++) {
      probe.fill(columns, layout.tags(), keys.firstRow(key));
      Integer id = ids.get(probe);
      latest[key] = id == null ? Long.MIN_VALUE : newest(id);
    }
    for (int row = 0; row < rows; row++) {
      long time = times.get(row);
      int key = keys.key(row);
      if (latest[key] != Long.MIN_VALUE && time < latest[key] - layout.window()) {
        probe.fill(columns, layout.tags(), row);
        throw new ConstraintViolationException(
            ConstraintViolationException.Kind.OUT_OF_ORDER,
            "cannot append to series table '"
                + table
                + "': the sample at "
                + layout.timeText(time)
                + " of series "
                + probe.labels(tagNames)
                + " is older than its newest sample "
                + layout.timeText(latest[key])
                + " minus the out-of-order window ("
                + layout.windowDuration()
                + "); nothing of the batch was applied");
      }
      if (time > latest[key]) {
        latest[key] = time;
      }
    }
  }

  /**
   * Assigns ids to new series in the rows and raises each series' newest timestamp; returns the
   * rows' series ids. Under the commit lock (commits and replay).
   */
  int[] observe(ColumnVector[] columns, int rows) {
    LongVector times = (LongVector) columns[layout.time()];
    int[] result = seriesOf(columns, 0, rows, true);
    long[] latest = newest;
    for (int row = 0; row < rows; row++) {
      int id = result[row];
      long time = times.get(row);
      if (time > latest[id]) {
        latest[id] = time;
      }
    }
    return result;
  }

  /**
   * The series ids of rows {@code [from, to)}, whose series are all registered (committed rows);
   * element {@code i} is row {@code from + i}'s.
   */
  int[] idsOf(ColumnVector[] columns, int from, int to) {
    return seriesOf(columns, from, to, false);
  }

  /**
   * The series id of each row of {@code [from, to)}, looked up once per distinct combination of tag
   * values; with {@code register}, series not seen before get the next ids in order of first
   * appearance (writer, under the commit lock), else they are an error.
   */
  private int[] seriesOf(ColumnVector[] columns, int from, int to, boolean register) {
    SeriesRowKeys keys = SeriesRowKeys.of(columns, layout.tags(), from, to);
    int[] idOfKey = new int[keys.count()];
    Arrays.fill(idOfKey, -1);
    int[] result = new int[to - from];
    TagKey probe = new TagKey(tagNames.length);
    for (int row = from; row < to; row++) {
      int key = keys.key(row);
      int id = idOfKey[key];
      if (id < 0) {
        // The first row of these tag values: rows are visited in order, so new series get their
        // ids in order of first appearance, as replay assigns them again.
        probe.fill(columns, layout.tags(), row);
        Integer known = ids.get(probe);
        if (known != null) {
          id = known;
        } else if (register) {
          TagKey copy = probe.copy();
          id = index.seriesId(copy.labels(tagNames));
          grow(id + 1);
          ids.put(copy, id);
        } else {
          throw new IllegalStateException(
              "series " + probe.labels(tagNames) + " of a committed row has no id");
        }
        idOfKey[key] = id;
      }
      result[row - from] = id;
    }
    return result;
  }

  /** Raises the newest timestamp of series {@code id} to {@code time} (at open, from chunks). */
  void noteNewest(int id, long time) {
    grow(id + 1);
    if (time > newest[id]) {
      newest[id] = time;
    }
  }

  /**
   * Writes the label index when series were added since the last write, so that every id a chunk
   * file names is in the file before the manifest names the chunk file.
   */
  synchronized void persist(FileIO io, Path path) throws IOException {
    int count = index.seriesCount();
    if (count != persisted || !io.exists(path)) {
      LabelIndexFile.write(io, path, index);
      persisted = count;
    }
  }

  private void grow(int size) {
    long[] times = newest;
    if (size > times.length) {
      long[] bigger = Arrays.copyOf(times, Math.max(size, times.length * 2));
      Arrays.fill(bigger, times.length, bigger.length, Long.MIN_VALUE);
      newest = bigger;
    }
  }

  private TagKey keyOf(Labels labels) {
    TagKey key = new TagKey(tagNames.length);
    for (int i = 0; i < tagNames.length; i++) {
      key.values[i] = labels.get(tagNames[i]);
    }
    key.rehash();
    return key;
  }

  /** Tag values in tag order (null for a NULL tag), as a hash key. Reused as a lookup probe. */
  private static final class TagKey {
    private final String[] values;
    private int hash;

    TagKey(int tags) {
      values = new String[tags];
    }

    void fill(ColumnVector[] columns, int[] tags, int row) {
      for (int i = 0; i < tags.length; i++) {
        values[i] = ((StringVector) columns[tags[i]]).get(row);
      }
      rehash();
    }

    void rehash() {
      hash = Arrays.hashCode(values);
    }

    TagKey copy() {
      TagKey key = new TagKey(values.length);
      System.arraycopy(values, 0, key.values, 0, values.length);
      key.hash = hash;
      return key;
    }

    /** The labels: every tag with a value, NULL tags left out. */
    Labels labels(String[] names) {
      List<String> pairs = new ArrayList<>(values.length * 2);
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          pairs.add(names[i]);
          pairs.add(values[i]);
        }
      }
      return Labels.of(pairs.toArray(new String[0]));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TagKey that
          && hash == that.hash
          && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
