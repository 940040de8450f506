package io.backtracedb.sql;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Runs a {@link BacktraceAggregate} over a table's column batches: rows are grouped and accumulated
 * into primitive arrays, one slot per group, never becoming Calcite rows. A single string key is
 * looked up once per dictionary entry, a single long key (or bucket) in a primitive map, other keys
 * boxed in a hash map. Groups are numbered in order of first appearance. Produces the aggregate's
 * rows in Calcite's format (a scalar for one column).
 */
final class BacktraceAggregation {
  private final Table table;
  private final BacktraceAggregate aggregate;
  private final Predicate predicate;
  private final BacktraceCancellation cancellation;

  /** Each group's key, by group id: a value, null, or a list of values for several columns. */
  private final List<Object> keys = new ArrayList<>();

  /** Group ids by boxed key: strings (once per dictionary entry), NULL, and keys of other types. */
  private final Map<Object, Integer> groups = new HashMap<>();

  /** Group ids by long key, for a single BIGINT, TIMESTAMP, INTEGER or DATE key or a bucket. */
  private final LongIntMap longGroups = new LongIntMap();

  /** The last long key looked up and its group ({@code lastGroup} is -1 before the first). */
  private long lastKey;

  private int lastGroup = -1;

  /** The group of a NULL single key, or -1 before the first. */
  private int nullGroup = -1;

  /** The string vector whose dictionary ids {@link #groupsOfIds} maps, and its generation. */
  private StringVector idsVector;

  private int idsGeneration;

  /** Group ids by dictionary id of {@link #idsVector}; the first {@link #idsMapped} are valid. */
  private int[] groupsOfIds = new int[0];

  private int idsMapped;

  private final Accumulator[] accumulators;

  BacktraceAggregation(
      Table table,
      BacktraceAggregate aggregate,
      Predicate predicate,
      BacktraceCancellation cancellation) {
    this.table = table;
    this.aggregate = aggregate;
    this.predicate = predicate;
    this.cancellation = cancellation;
    this.accumulators = new Accumulator[aggregate.calls().size()];
    for (int i = 0; i < accumulators.length; i++) {
      BacktraceAggregate.Call call = aggregate.calls().get(i);
      boolean doubles =
          call.column() >= 0 && table.schema().column(call.column()).type() == ColumnType.DOUBLE;
      accumulators[i] = new Accumulator(call, doubles);
    }
  }

  /** Reads the table and returns the aggregate's rows. */
  List<Object> run() {
    int[] read = aggregate.columnsRead();
    String[] names = new String[read.length];
    for (int i = 0; i < read.length; i++) {
      names[i] = table.schema().column(read[i]).name();
    }
    try (TableReader reader = table.reader()) {
      reader.select(names);
      if (predicate != null) {
        reader.where(predicate);
      }
      int[] rowGroups = new int[0];
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        cancellation.check(table.name());
        int count = batch.selectedCount();
        if (rowGroups.length < count) {
          rowGroups = new int[Math.max(count, rowGroups.length * 2)];
        }
        assignGroups(batch, count, rowGroups);
        for (Accumulator accumulator : accumulators) {
          int column = accumulator.call.column();
          accumulator.add(
              column < 0 ? null : batch.vector(column), batch, rowGroups, count, keys.size());
        }
      }
    }
    if (keys.isEmpty() && aggregate.groupColumns().length == 0) {
      keys.add(List.of()); // an aggregate without GROUP BY answers one row, even over no rows
      for (Accumulator accumulator : accumulators) {
        accumulator.ensure(1);
      }
    }
    return rows();
  }

  /**
   * Sets {@code rowGroups[i]} to the group of the batch's {@code i}-th selected row, creating
   * groups as keys first appear. A single group column takes a fast path by its vector's class,
   * which is the same for every batch of a column, so a key never goes through two paths.
   */
  private void assignGroups(ColumnBatch batch, int count, int[] rowGroups) {
    int[] groupColumns = aggregate.groupColumns();
    if (groupColumns.length == 0) {
      if (count > 0 && keys.isEmpty()) {
        keys.add(List.of());
      }
      Arrays.fill(rowGroups, 0, count, 0);
      return;
    }
    if (groupColumns.length == 1) {
      ColumnVector vector = batch.vector(groupColumns[0]);
      BacktraceAggregate.Bucket bucket = aggregate.buckets()[0];
      if (vector instanceof StringVector strings) {
        groupStrings(strings, batch, count, rowGroups);
        return;
      }
      if (vector instanceof LongVector longs) {
        groupLongs(longs, bucket, batch, count, rowGroups);
        return;
      }
      if (vector instanceof IntVector ints && bucket == null) {
        groupInts(ints, batch, count, rowGroups);
        return;
      }
    }
    for (int i = 0; i < count; i++) {
      rowGroups[i] = groupOf(batch, batch.selectedRow(i), groupColumns);
    }
  }

  /** Groups by a string column: one map lookup per dictionary entry, not per row. */
  private void groupStrings(StringVector vector, ColumnBatch batch, int count, int[] rowGroups) {
    int[] ids = vector.ids();
    String[] dictionary = vector.dictionary(); // after ids(): it holds every id they hold
    int[] groupsOfIds = groupsOfIds(vector, dictionary.length);
    boolean nulls = vector.mayHaveNulls();
    int[] selection = batch.selection();
    int start = batch.start();
    for (int i = 0; i < count; i++) {
      int row = selection == null ? start + i : selection[i];
      if (nulls && vector.isNull(row)) {
        rowGroups[i] = nullGroup();
        continue;
      }
      int id = ids[row];
      int group = groupsOfIds[id];
      if (group < 0) {
        group = boxedGroup(dictionary[id]);
        groupsOfIds[id] = group;
      }
      rowGroups[i] = group;
    }
  }

  /**
   * The group of each dictionary id of {@code vector}, -1 where not looked up yet, for ids below
   * {@code dictionaryLength}. Kept while batches share the vector's dictionary: it only grows,
   * keeping its ids, until {@link StringVector#reset} changes its generation.
   */
  private int[] groupsOfIds(StringVector vector, int dictionaryLength) {
    if (vector != idsVector || vector.generation() != idsGeneration) {
      idsVector = vector;
      idsGeneration = vector.generation();
      idsMapped = 0;
    }
    if (idsMapped < dictionaryLength) {
      if (groupsOfIds.length < dictionaryLength) {
        groupsOfIds =
            Arrays.copyOf(groupsOfIds, Math.max(dictionaryLength, groupsOfIds.length * 2));
      }
      Arrays.fill(groupsOfIds, idsMapped, dictionaryLength, -1);
      idsMapped = dictionaryLength;
    }
    return groupsOfIds;
  }

  /** Groups by a BIGINT or TIMESTAMP column, or by buckets of one. */
  private void groupLongs(
      LongVector vector,
      BacktraceAggregate.Bucket bucket,
      ColumnBatch batch,
      int count,
      int[] rowGroups) {
    long[] values = vector.values();
    boolean nulls = vector.mayHaveNulls();
    int[] selection = batch.selection();
    int start = batch.start();
    for (int i = 0; i < count; i++) {
      int row = selection == null ? start + i : selection[i];
      if (nulls && vector.isNull(row)) {
        rowGroups[i] = nullGroup();
      } else {
        long value = values[row];
        rowGroups[i] = longGroup(bucket == null ? value : bucket.apply(value), false);
      }
    }
  }

  /** Groups by an INTEGER or DATE column. */
  private void groupInts(IntVector vector, ColumnBatch batch, int count, int[] rowGroups) {
    int[] values = vector.values();
    boolean nulls = vector.mayHaveNulls();
    int[] selection = batch.selection();
    int start = batch.start();
    for (int i = 0; i < count; i++) {
      int row = selection == null ? start + i : selection[i];
      rowGroups[i] = nulls && vector.isNull(row) ? nullGroup() : longGroup(values[row], true);
    }
  }

  /**
   * The group of a long key, created as an Integer key when {@code intKey}. Rows come in time
   * order, so consecutive rows often share a time bucket: the previous key's group is tried first.
   */
  private int longGroup(long key, boolean intKey) {
    if (key == lastKey && lastGroup >= 0) {
      return lastGroup;
    }
    int group = longGroups.get(key);
    if (group < 0) {
      group = newGroup(intKey ? Integer.valueOf((int) key) : Long.valueOf(key));
      longGroups.put(key, group);
    }
    lastKey = key;
    lastGroup = group;
    return group;
  }

  /** The group of rows whose single group column is NULL. */
  private int nullGroup() {
    if (nullGroup < 0) {
      nullGroup = boxedGroup(null);
    }
    return nullGroup;
  }

  /** The group of a boxed key: a value, null, or a list of values for several columns. */
  private int boxedGroup(Object key) {
    Integer group = groups.get(key);
    if (group == null) {
      group = newGroup(key);
      groups.put(key, group);
    }
    return group;
  }

  private int newGroup(Object key) {
    keys.add(key);
    return keys.size() - 1;
  }

  /** The group of a row by boxed keys; batches hold vectors at table column ordinals. */
  private int groupOf(ColumnBatch batch, int row, int[] groupColumns) {
    if (groupColumns.length == 1) {
      return boxedGroup(keyOf(batch, row, 0));
    }
    Object[] values = new Object[groupColumns.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = keyOf(batch, row, i);
    }
    return boxedGroup(Arrays.asList(values));
  }

  /** The value of group key {@code i} for {@code row}: a column value or its bucket. */
  private Object keyOf(ColumnBatch batch, int row, int i) {
    ColumnVector vector = batch.vector(aggregate.groupColumns()[i]);
    BacktraceAggregate.Bucket bucket = aggregate.buckets()[i];
    if (bucket == null) {
      return vector.getObject(row);
    }
    if (vector.isNull(row)) {
      return null;
    }
    return bucket.apply(((LongVector) vector).get(row));
  }

  private List<Object> rows() {
    int groupWidth = aggregate.groupColumns().length;
    int width = groupWidth + accumulators.length;
    List<Object> rows = new ArrayList<>(keys.size());
    for (int g = 0; g < keys.size(); g++) {
      Object[] row = new Object[width];
      Object key = keys.get(g);
      if (groupWidth == 1) {
        row[0] = key;
      } else if (groupWidth > 1) {
        List<?> values = (List<?>) key;
        for (int i = 0; i < groupWidth; i++) {
          row[i] = values.get(i);
        }
      }
      for (int i = 0; i < accumulators.length; i++) {
        row[groupWidth + i] = accumulators[i].result(g);
      }
      rows.add(width == 1 ? row[0] : row);
    }
    return rows;
  }

  /**
   * The running state of one aggregate call, one slot per group, in primitive arrays. Its loops
   * copy the arrays into locals: a NULL test reads a volatile field, after which fields are read
   * again.
   */
  private static final class Accumulator {
    final BacktraceAggregate.Call call;

    /** Whether the argument is DOUBLE (summed in {@code doubles}); others sum in {@code longs}. */
    final boolean sourceDouble;

    long[] counts = new long[16];
    long[] longs = new long[16];
    double[] doubles = new double[16];

    Accumulator(BacktraceAggregate.Call call, boolean sourceDouble) {
      this.call = call;
      this.sourceDouble = sourceDouble;
    }

    void ensure(int groups) {
      if (counts.length < groups) {
        int size = Math.max(groups, counts.length * 2);
        counts = Arrays.copyOf(counts, size);
        longs = Arrays.copyOf(longs, size);
        doubles = Arrays.copyOf(doubles, size);
      }
    }

    /**
     * Adds the batch's selected rows of {@code vector} (null for {@code count(*)}); selected row
     * {@code i} belongs to group {@code rowGroups[i]}, and there are {@code groups} groups. The
     * function and the vector's class are tested once per batch, then a loop made for the pair
     * reads the values array.
     */
    void add(ColumnVector vector, ColumnBatch batch, int[] rowGroups, int count, int groups) {
      ensure(groups);
      BacktraceAggregate.Function function = call.function();
      if (vector == null
          || (function == BacktraceAggregate.Function.COUNT && !vector.mayHaveNulls())) {
        countRows(rowGroups, count);
        return;
      }
      Rows rows = new Rows(batch.selection(), batch.start(), count, rowGroups, vector);
      if (function == BacktraceAggregate.Function.COUNT) {
        countValues(rows);
      } else if (vector instanceof DoubleVector doubleVector) {
        addDoubles(function, doubleVector.values(), rows);
      } else if (vector instanceof LongVector longVector) {
        addLongs(function, longVector.values(), rows);
      } else if (vector instanceof IntVector intVector) {
        addInts(function, intVector.values(), rows);
      } else {
        throw new IllegalStateException("cannot aggregate " + function + " of " + vector.type());
      }
    }

    private void countRows(int[] rowGroups, int count) {
      long[] counts = this.counts;
      for (int i = 0; i < count; i++) {
        counts[rowGroups[i]]++;
      }
    }

    private void countValues(Rows rows) {
      long[] counts = this.counts;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          counts[rows.groups[i]]++;
        }
      }
    }

    private void addDoubles(BacktraceAggregate.Function function, double[] values, Rows rows) {
      switch (function) {
        case SUM, SUM0, AVG -> sumDoubles(values, rows);
        case MIN -> minDoubles(values, rows);
        case MAX -> maxDoubles(values, rows);
        default -> throw new IllegalStateException("cannot aggregate " + function);
      }
    }

    private void sumDoubles(double[] values, Rows rows) {
      long[] counts = this.counts;
      double[] sums = this.doubles;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          counts[g]++;
          sums[g] += values[rows.row(i)];
        }
      }
    }

    /** The least value by {@link Double#compare}: -0.0 below 0.0, NaN above everything. */
    private void minDoubles(double[] values, Rows rows) {
      long[] counts = this.counts;
      double[] mins = this.doubles;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          double value = values[rows.row(i)];
          if (counts[g]++ == 0 || Double.compare(value, mins[g]) < 0) {
            mins[g] = value;
          }
        }
      }
    }

    /** The greatest value by {@link Double#compare}: 0.0 above -0.0, NaN above everything. */
    private void maxDoubles(double[] values, Rows rows) {
      long[] counts = this.counts;
      double[] maxes = this.doubles;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          double value = values[rows.row(i)];
          if (counts[g]++ == 0 || Double.compare(value, maxes[g]) > 0) {
            maxes[g] = value;
          }
        }
      }
    }

    private void addLongs(BacktraceAggregate.Function function, long[] values, Rows rows) {
      switch (function) {
        case SUM, SUM0, AVG -> sumLongs(values, rows);
        case MIN -> minLongs(values, rows);
        case MAX -> maxLongs(values, rows);
        default -> throw new IllegalStateException("cannot aggregate " + function);
      }
    }

    private void sumLongs(long[] values, Rows rows) {
      long[] counts = this.counts;
      long[] sums = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          counts[g]++;
          sums[g] += values[rows.row(i)];
        }
      }
    }

    private void minLongs(long[] values, Rows rows) {
      long[] counts = this.counts;
      long[] mins = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          long value = values[rows.row(i)];
          if (counts[g]++ == 0 || value < mins[g]) {
            mins[g] = value;
          }
        }
      }
    }

    private void maxLongs(long[] values, Rows rows) {
      long[] counts = this.counts;
      long[] maxes = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          long value = values[rows.row(i)];
          if (counts[g]++ == 0 || value > maxes[g]) {
            maxes[g] = value;
          }
        }
      }
    }

    private void addInts(BacktraceAggregate.Function function, int[] values, Rows rows) {
      switch (function) {
        case SUM, SUM0, AVG -> sumInts(values, rows);
        case MIN -> minInts(values, rows);
        case MAX -> maxInts(values, rows);
        default -> throw new IllegalStateException("cannot aggregate " + function);
      }
    }

    private void sumInts(int[] values, Rows rows) {
      long[] counts = this.counts;
      long[] sums = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          counts[g]++;
          sums[g] += values[rows.row(i)];
        }
      }
    }

    private void minInts(int[] values, Rows rows) {
      long[] counts = this.counts;
      long[] mins = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          int value = values[rows.row(i)];
          if (counts[g]++ == 0 || value < mins[g]) {
            mins[g] = value;
          }
        }
      }
    }

    private void maxInts(int[] values, Rows rows) {
      long[] counts = this.counts;
      long[] maxes = this.longs;
      for (int i = 0; i < rows.count; i++) {
        if (rows.isValue(i)) {
          int g = rows.groups[i];
          int value = values[rows.row(i)];
          if (counts[g]++ == 0 || value > maxes[g]) {
            maxes[g] = value;
          }
        }
      }
    }

    Object result(int g) {
      long n = counts[g];
      switch (call.function()) {
        case COUNT_ROWS, COUNT:
          return n;
        case SUM0:
          break;
        default:
          if (n == 0) {
            return null;
          }
      }
      double total = sourceDouble ? doubles[g] : longs[g];
      if (call.resultType() == SqlTypeName.DOUBLE) {
        return call.function() == BacktraceAggregate.Function.AVG ? total / n : total;
      }
      // Integer results: an integer average truncates, as Calcite's does.
      return convert(call.function() == BacktraceAggregate.Function.AVG ? longs[g] / n : longs[g]);
    }

    private Object convert(long value) {
      return switch (call.resultType()) {
        case INTEGER -> (int) value;
        case DATE -> (int) value;
        case BOOLEAN -> value != 0;
        default -> value;
      };
    }
  }

  /**
   * The selected rows of a batch for one accumulator: the {@code i}-th is {@link #row}{@code (i)}
   * and belongs to group {@code groups[i]}; {@link #isValue} skips the rows where the argument is
   * NULL. Loops call these instead of {@link ColumnBatch#selectedRow} so that the JIT sees plain
   * final fields it can keep in registers.
   */
  private static final class Rows {
    /** The selection, or null when every row of {@code [start, start + count)} is selected. */
    final int[] selection;

    final int start;
    final int count;
    final int[] groups;

    /** The argument, to skip its NULL rows; null when it has none. */
    final ColumnVector nullable;

    Rows(int[] selection, int start, int count, int[] groups, ColumnVector argument) {
      this.selection = selection;
      this.start = start;
      this.count = count;
      this.groups = groups;
      this.nullable = argument.mayHaveNulls() ? argument : null;
    }

    /** The vector index of the {@code i}-th selected row. */
    int row(int i) {
      return selection == null ? start + i : selection[i];
    }

    /** Whether the argument is not NULL in the {@code i}-th selected row. */
    boolean isValue(int i) {
      return nullable == null || !nullable.isNull(row(i));
    }
  }
}
