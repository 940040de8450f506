package io.backtracedb.sql;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Runs a {@link BacktraceAggregate} over a table's column batches: rows are grouped through one
 * hash map lookup each and accumulated into primitive arrays, one slot per group, never becoming
 * Calcite rows. Produces the aggregate's rows in Calcite's format (a scalar for one column).
 */
final class BacktraceAggregation {
  private final Table table;
  private final BacktraceAggregate aggregate;
  private final Predicate predicate;
  private final BacktraceCancellation cancellation;

  private final Map<Object, Integer> groups = new HashMap<>();
  private final List<Object> keys = new ArrayList<>();
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
      int[] groupColumns = aggregate.groupColumns();
      int[] rowGroups = new int[0];
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        cancellation.check(table.name());
        int count = batch.selectedCount();
        if (rowGroups.length < count) {
          rowGroups = new int[Math.max(count, rowGroups.length * 2)];
        }
        for (int i = 0; i < count; i++) {
          rowGroups[i] = groupOf(batch, batch.selectedRow(i), groupColumns);
        }
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

  /** The group of a row; batches hold vectors at table column ordinals. */
  private int groupOf(ColumnBatch batch, int row, int[] groupColumns) {
    if (groupColumns.length == 0) {
      if (keys.isEmpty()) {
        keys.add(List.of());
      }
      return 0;
    }
    Object key;
    if (groupColumns.length == 1) {
      key = keyOf(batch, row, 0);
    } else {
      Object[] values = new Object[groupColumns.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = keyOf(batch, row, i);
      }
      key = Arrays.asList(values);
    }
    Integer group = groups.get(key);
    if (group == null) {
      group = keys.size();
      groups.put(key, group);
      keys.add(key);
    }
    return group;
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

  /** The running state of one aggregate call, one slot per group, in primitive arrays. */
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

    void add(ColumnVector vector, ColumnBatch batch, int[] rowGroups, int count, int groups) {
      ensure(groups);
      BacktraceAggregate.Function function = call.function();
      if (vector == null) {
        for (int i = 0; i < count; i++) {
          counts[rowGroups[i]]++;
        }
        return;
      }
      boolean nulls = vector.mayHaveNulls();
      for (int i = 0; i < count; i++) {
        int row = batch.selectedRow(i);
        if (nulls && vector.isNull(row)) {
          continue;
        }
        int g = rowGroups[i];
        long seen = counts[g]++;
        if (function == BacktraceAggregate.Function.COUNT) {
          continue;
        }
        if (vector instanceof DoubleVector doubleVector) {
          double value = doubleVector.get(row);
          accumulate(g, seen, value);
        } else if (vector instanceof LongVector longVector) {
          accumulate(g, seen, longVector.get(row));
        } else if (vector instanceof IntVector intVector) {
          accumulate(g, seen, intVector.get(row));
        } else if (vector instanceof BooleanVector booleanVector) {
          accumulate(g, seen, booleanVector.get(row) ? 1 : 0);
        } else {
          throw new IllegalStateException("cannot aggregate " + vector.type());
        }
      }
    }

    private void accumulate(int g, long seen, double value) {
      switch (call.function()) {
        case SUM, SUM0, AVG -> doubles[g] += value;
        case MIN ->
            doubles[g] = seen == 0 || Double.compare(value, doubles[g]) < 0 ? value : doubles[g];
        case MAX ->
            doubles[g] = seen == 0 || Double.compare(value, doubles[g]) > 0 ? value : doubles[g];
        default -> {}
      }
    }

    private void accumulate(int g, long seen, long value) {
      switch (call.function()) {
        case SUM, SUM0, AVG -> longs[g] += value;
        case MIN -> longs[g] = seen == 0 || value < longs[g] ? value : longs[g];
        case MAX -> longs[g] = seen == 0 || value > longs[g] ? value : longs[g];
        default -> {}
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
}
