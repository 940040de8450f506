package io.backtracedb.scan;

import io.backtracedb.Predicate;
import io.backtracedb.Predicate.And;
import io.backtracedb.Predicate.Between;
import io.backtracedb.Predicate.Compare;
import io.backtracedb.Predicate.In;
import io.backtracedb.Predicate.IsNull;
import io.backtracedb.Predicate.Not;
import io.backtracedb.Predicate.Op;
import io.backtracedb.Predicate.Or;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.column.Values;
import io.backtracedb.series.LikePattern;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bound predicate compiled for evaluation on column batches: it narrows a list of candidate rows
 * to those that satisfy it. Typed loops for long, int and double columns; dictionary strings are
 * tested once per distinct value.
 *
 * <p>Not thread-safe (string leaves memoize per batch); compile one per scan.
 */
public abstract class RowFilter {

  /**
   * Writes to {@code out} the rows of {@code in[0..count)} that satisfy the filter, in order, and
   * returns how many. {@code out} may be {@code in}.
   */
  public abstract int filter(ColumnBatch batch, int[] in, int count, int[] out);

  /** Compiles a bound predicate over {@code schema}. */
  public static RowFilter compile(Predicate predicate, Schema schema) {
    if (predicate instanceof And and) {
      RowFilter[] parts = compileAll(and.parts(), schema);
      return new AndFilter(parts);
    }
    if (predicate instanceof Or or) {
      return new OrFilter(compileAll(or.parts(), schema));
    }
    if (predicate instanceof IsNull n) {
      return new NullFilter(schema.ordinalOf(n.column()), n.negated());
    }
    if (predicate instanceof Compare c) {
      return leaf(
          schema.ordinalOf(c.column()), v -> Values.compare(v, c.value()), c.op(), c.value());
    }
    if (predicate instanceof Between b) {
      int ordinal = schema.ordinalOf(b.column());
      return new AndFilter(
          new RowFilter[] {
            leaf(ordinal, v -> Values.compare(v, b.low()), Op.GE, b.low()),
            leaf(ordinal, v -> Values.compare(v, b.high()), Op.LE, b.high())
          });
    }
    if (predicate instanceof In in) {
      return new InFilter(schema.ordinalOf(in.column()), in.values(), false);
    }
    if (predicate instanceof Not not && not.part() instanceof In in) {
      return new InFilter(schema.ordinalOf(in.column()), in.values(), true);
    }
    if (predicate instanceof Predicate.Like like) {
      return new LikeFilter(schema.ordinalOf(like.column()), like);
    }
    throw new IllegalArgumentException("predicate is not bound: " + predicate);
  }

  private static RowFilter[] compileAll(List<Predicate> parts, Schema schema) {
    RowFilter[] filters = new RowFilter[parts.size()];
    for (int i = 0; i < filters.length; i++) {
      filters[i] = compile(parts.get(i), schema);
    }
    return filters;
  }

  private static RowFilter leaf(
      int ordinal, java.util.function.ToIntFunction<Object> comparator, Op op, Object value) {
    if (value instanceof Long l) {
      return new LongCompare(ordinal, op, l);
    }
    if (value instanceof Double d) {
      return new DoubleCompare(ordinal, op, d);
    }
    if (value instanceof Integer i) {
      return new IntCompare(ordinal, op, i);
    }
    return new ObjectCompare(ordinal, op, comparator);
  }

  static boolean test(Op op, int comparison) {
    return switch (op) {
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      case GE -> comparison >= 0;
    };
  }

  /** All parts hold: each narrows the survivors of the previous one. */
  private static final class AndFilter extends RowFilter {
    private final RowFilter[] parts;

    AndFilter(RowFilter[] parts) {
      this.parts = parts;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      int[] source = in;
      for (RowFilter part : parts) {
        count = part.filter(batch, source, count, out);
        source = out;
        if (count == 0) {
          break;
        }
      }
      if (source != out) {
        System.arraycopy(source, 0, out, 0, count);
      }
      return count;
    }
  }

  /** Any part holds: a row is kept when the first part that accepts it is found. */
  private static final class OrFilter extends RowFilter {
    private final RowFilter[] parts;
    private int[] scratch = new int[0];
    private boolean[] kept = new boolean[0];

    OrFilter(RowFilter[] parts) {
      this.parts = parts;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      if (kept.length < count) {
        kept = new boolean[count];
        scratch = new int[count];
      }
      java.util.Arrays.fill(kept, 0, count, false);
      int[] candidates = java.util.Arrays.copyOf(in, count);
      for (RowFilter part : parts) {
        int passed = part.filter(batch, candidates, count, scratch);
        // Both lists are ascending row numbers: mark the passing positions.
        int j = 0;
        for (int i = 0; i < count && j < passed; i++) {
          if (candidates[i] == scratch[j]) {
            kept[i] = true;
            j++;
          }
        }
      }
      int written = 0;
      for (int i = 0; i < count; i++) {
        if (kept[i]) {
          out[written++] = candidates[i];
        }
      }
      return written;
    }
  }

  /** {@code IS NULL} or {@code IS NOT NULL}. */
  private static final class NullFilter extends RowFilter {
    private final int ordinal;
    private final boolean negated;

    NullFilter(int ordinal, boolean negated) {
      this.ordinal = ordinal;
      this.negated = negated;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      ColumnVector vector = batch.vector(ordinal);
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        if (vector.isNull(row) != negated) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /** A comparison on a BIGINT or TIMESTAMP column. */
  private static final class LongCompare extends RowFilter {
    private final int ordinal;
    private final Op op;
    private final long value;

    LongCompare(int ordinal, Op op, long value) {
      this.ordinal = ordinal;
      this.op = op;
      this.value = value;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      LongVector vector = (LongVector) batch.vector(ordinal);
      long[] values = vector.values();
      boolean nullable = vector.mayHaveNulls();
      long v = value;
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        long x = values[row];
        boolean pass =
            switch (op) {
              case EQ -> x == v;
              case NE -> x != v;
              case LT -> x < v;
              case LE -> x <= v;
              case GT -> x > v;
              case GE -> x >= v;
            };
        if (pass && !(nullable && vector.isNull(row))) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /** A comparison on an INTEGER or DATE column. */
  private static final class IntCompare extends RowFilter {
    private final int ordinal;
    private final Op op;
    private final int value;

    IntCompare(int ordinal, Op op, int value) {
      this.ordinal = ordinal;
      this.op = op;
      this.value = value;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      IntVector vector = (IntVector) batch.vector(ordinal);
      int[] values = vector.values();
      boolean nullable = vector.mayHaveNulls();
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        if (test(op, Integer.compare(values[row], value)) && !(nullable && vector.isNull(row))) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /**
   * A comparison on a DOUBLE column in the engine's total order: -0.0 equals 0.0, NaN equals NaN
   * and is greater than every other value (as PostgreSQL and DuckDB order doubles).
   */
  private static final class DoubleCompare extends RowFilter {
    private final int ordinal;
    private final Op op;
    private final double value;

    DoubleCompare(int ordinal, Op op, double value) {
      this.ordinal = ordinal;
      this.op = op;
      this.value = value;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      DoubleVector vector = (DoubleVector) batch.vector(ordinal);
      double[] values = vector.values();
      boolean nullable = vector.mayHaveNulls();
      double v = value;
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        double x = values[row];
        // The fast comparisons are exact unless NaN is involved; then Values' total order decides.
        int cmp = x < v ? -1 : x > v ? 1 : x == v ? 0 : Values.compareDoubles(x, v);
        if (test(op, cmp) && !(nullable && vector.isNull(row))) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /** A comparison on any other column; strings are compared once per dictionary id. */
  private static final class ObjectCompare extends RowFilter {
    private final int ordinal;
    private final Op op;
    private final java.util.function.ToIntFunction<Object> comparator;
    private final StringMemo memo = new StringMemo();

    ObjectCompare(int ordinal, Op op, java.util.function.ToIntFunction<Object> comparator) {
      this.ordinal = ordinal;
      this.op = op;
      this.comparator = comparator;
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      ColumnVector vector = batch.vector(ordinal);
      if (vector instanceof StringVector strings) {
        return memo.filter(strings, in, count, out, s -> test(op, comparator.applyAsInt(s)));
      }
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        Object x = vector.getObject(row);
        if (x != null && test(op, comparator.applyAsInt(x))) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /**
   * {@code LIKE} or {@code NOT LIKE} a pattern, tested once per dictionary id; NULL passes neither.
   */
  private static final class LikeFilter extends RowFilter {
    private final int ordinal;
    private final LikePattern pattern;
    private final boolean negated;
    private final StringMemo memo = new StringMemo();

    LikeFilter(int ordinal, Predicate.Like like) {
      this.ordinal = ordinal;
      this.pattern = LikePattern.compile(like.pattern(), like.escape());
      this.negated = like.negated();
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      return memo.filter(
          (StringVector) batch.vector(ordinal), in, count, out, s -> pattern.matches(s) != negated);
    }
  }

  /** {@code IN} or {@code NOT IN} a set of values; NULL rows pass neither. */
  private static final class InFilter extends RowFilter {
    private final int ordinal;
    private final Set<Object> values;
    private final boolean negated;
    private final StringMemo memo = new StringMemo();

    InFilter(int ordinal, List<Object> values, boolean negated) {
      this.ordinal = ordinal;
      this.negated = negated;
      this.values = new HashSet<>();
      for (Object value : values) {
        // -0.0 and 0.0 are equal in SQL but not as boxed Doubles: store one spelling.
        this.values.add(value instanceof Double d && d == 0.0 ? Double.valueOf(0.0) : value);
      }
    }

    @Override
    public int filter(ColumnBatch batch, int[] in, int count, int[] out) {
      ColumnVector vector = batch.vector(ordinal);
      if (vector instanceof StringVector strings) {
        return memo.filter(strings, in, count, out, s -> values.contains(s) != negated);
      }
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        Object x = vector.getObject(row);
        if (x instanceof Double d && d == 0.0) {
          x = 0.0;
        }
        // Boxed Doubles are equal when their bits are: NaN equals NaN, as the total order has it.
        if (x != null && values.contains(x) != negated) {
          out[written++] = row;
        }
      }
      return written;
    }
  }

  /** Remembers a string test's answer per dictionary id of the current vector. */
  private static final class StringMemo {
    private static final byte UNKNOWN = 0;
    private static final byte PASS = 1;
    private static final byte FAIL = 2;
    private StringVector vector;
    private String[] dictionary;
    private byte[] answers = new byte[0];

    int filter(
        StringVector strings,
        int[] in,
        int count,
        int[] out,
        java.util.function.Predicate<String> test) {
      int[] ids = strings.ids();
      String[] dict = strings.dictionary();
      if (strings != vector || dict != dictionary) {
        vector = strings;
        dictionary = dict;
        answers = new byte[dict.length];
      }
      int written = 0;
      for (int i = 0; i < count; i++) {
        int row = in[i];
        if (strings.isNull(row)) {
          continue;
        }
        int id = ids[row];
        if (id >= answers.length) {
          answers = java.util.Arrays.copyOf(answers, dict.length);
        }
        byte answer = answers[id];
        if (answer == UNKNOWN) {
          answer = test.test(dict[id]) ? PASS : FAIL;
          answers[id] = answer;
        }
        if (answer == PASS) {
          out[written++] = row;
        }
      }
      return written;
    }
  }
}
