package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.Values;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Data, evaluation and reading helpers shared by the block tests. */
final class BlockTestSupport {
  private BlockTestSupport() {}

  /** A schema with every type, NOT NULL time and id columns, every other column nullable. */
  static final Schema ALL_TYPES =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("id", ColumnType.BIGINT)
          .column("i", ColumnType.INTEGER)
          .column("d", ColumnType.DOUBLE)
          .column("s", ColumnType.VARCHAR)
          .column("b", ColumnType.BOOLEAN)
          .column("day", ColumnType.DATE)
          .column("big", ColumnType.BIGINT)
          .build();

  /** Strings that stress encodings and orderings. */
  static final String[] STRINGS = {
    "",
    "a",
    "b",
    "host-1",
    "host-2",
    "héllo wörld",
    "日本語",
    "😀 smile",
    "\uFFFF",
    "\uE000private",
    "zz",
    "x".repeat(300),
  };

  /** Doubles that stress encodings, statistics and comparisons. */
  static final double[] DOUBLES = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -0.0,
    0.0,
    1.5,
    -2.25,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
  };

  /** Longs at the edges of the range. */
  static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 1L << 40};

  /** The seed of a randomized test: {@code -Dbacktrace.seed} or a fresh one. */
  static long seed() {
    Long fixed = Long.getLong("backtrace.seed");
    return fixed != null ? fixed : new Random().nextLong();
  }

  /** A random value of {@code column}'s type from small domains, NULL sometimes if nullable. */
  static Object randomValue(Random random, Column column) {
    if (column.nullable() && random.nextInt(8) == 0) {
      return null;
    }
    return switch (column.type()) {
      case BOOLEAN -> random.nextBoolean();
      case INTEGER ->
          random.nextInt(8) == 0
              ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
              : random.nextInt(101) - 50;
      case BIGINT ->
          random.nextInt(4) == 0
              ? LONGS[random.nextInt(LONGS.length)]
              : (long) random.nextInt(1000);
      case DOUBLE ->
          random.nextInt(3) == 0
              ? DOUBLES[random.nextInt(DOUBLES.length)]
              : random.nextInt(200) / 4.0 - 25;
      case VARCHAR -> STRINGS[random.nextInt(STRINGS.length)];
      case TIMESTAMP -> 1_700_000_000_000L + random.nextInt(1_000_000);
      case DATE -> 19_000 + random.nextInt(400);
    };
  }

  /** {@code count} random rows of {@code schema}; column "ts" rises with the row number. */
  static List<Object[]> randomRows(Random random, Schema schema, int count) {
    List<Object[]> rows = new ArrayList<>(count);
    int ts = schema.ordinalOf("ts");
    int id = schema.ordinalOf("id");
    for (int r = 0; r < count; r++) {
      Object[] row = new Object[schema.size()];
      for (int c = 0; c < schema.size(); c++) {
        row[c] = randomValue(random, schema.column(c));
      }
      if (ts >= 0) {
        row[ts] = 1_700_000_000_000L + r * 1000L + random.nextInt(1000);
      }
      if (id >= 0) {
        row[id] = (long) r;
      }
      rows.add(row);
    }
    return rows;
  }

  /** The rows as one vector per column. */
  static ColumnVector[] vectors(Schema schema, List<Object[]> rows) {
    ColumnVector[] vectors = new ColumnVector[schema.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = ColumnVector.create(schema.column(c).type(), rows.size());
      for (Object[] row : rows) {
        vectors[c].appendObject(row[c]);
      }
    }
    return vectors;
  }

  /** Every row the reader returns, as objects; columns not read are null. */
  static List<Object[]> readAll(BlockReader reader) throws IOException {
    List<Object[]> rows = new ArrayList<>();
    ColumnBatch batch;
    while ((batch = reader.next()) != null) {
      ColumnVector[] vectors = batch.vectors();
      for (int r = batch.start(); r < batch.end(); r++) {
        Object[] row = new Object[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
          row[c] = vectors[c] == null ? null : vectors[c].getObject(r);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The rows for which {@code predicate} is TRUE. */
  static List<Object[]> filter(List<Object[]> rows, Schema schema, Predicate predicate) {
    List<Object[]> result = new ArrayList<>();
    for (Object[] row : rows) {
      if (Boolean.TRUE.equals(evaluate(predicate, schema, row))) {
        result.add(row);
      }
    }
    return result;
  }

  /** SQL three-valued evaluation: TRUE, FALSE, or null for UNKNOWN. */
  static Boolean evaluate(Predicate predicate, Schema schema, Object[] row) {
    if (predicate instanceof Predicate.Compare compare) {
      Object value = row[schema.ordinalOf(compare.column())];
      if (value == null) {
        return null;
      }
      int cmp = Values.compare(value, compare.value());
      return switch (compare.op()) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    } else if (predicate instanceof Predicate.Between between) {
      Object value = row[schema.ordinalOf(between.column())];
      if (value == null) {
        return null;
      }
      return Values.compare(value, between.low()) >= 0
          && Values.compare(value, between.high()) <= 0;
    } else if (predicate instanceof Predicate.In in) {
      Object value = row[schema.ordinalOf(in.column())];
      if (value == null) {
        return null;
      }
      for (Object candidate : in.values()) {
        if (Values.compare(value, candidate) == 0) {
          return true;
        }
      }
      return false;
    } else if (predicate instanceof Predicate.IsNull isNull) {
      boolean isNullValue = row[schema.ordinalOf(isNull.column())] == null;
      return isNull.negated() != isNullValue;
    } else if (predicate instanceof Predicate.And and) {
      Boolean result = true;
      for (Predicate part : and.parts()) {
        Boolean value = evaluate(part, schema, row);
        if (Boolean.FALSE.equals(value)) {
          return false;
        }
        if (value == null) {
          result = null;
        }
      }
      return result;
    } else if (predicate instanceof Predicate.Or or) {
      Boolean result = false;
      for (Predicate part : or.parts()) {
        Boolean value = evaluate(part, schema, row);
        if (Boolean.TRUE.equals(value)) {
          return true;
        }
        if (value == null) {
          result = null;
        }
      }
      return result;
    } else if (predicate instanceof Predicate.Not not) {
      Boolean value = evaluate(not.part(), schema, row);
      return value == null ? null : !value;
    }
    throw new IllegalArgumentException("unknown predicate " + predicate);
  }

  /** A random predicate over the columns of {@code schema}, up to {@code depth} levels deep. */
  static Predicate randomPredicate(Random random, Schema schema, List<Object[]> rows, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 5);
    if (kind >= 5) {
      List<Predicate> parts = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        parts.add(randomPredicate(random, schema, rows, depth - 1));
      }
      return switch (kind) {
        case 5, 6 -> new Predicate.And(parts);
        case 7 -> new Predicate.Or(parts);
        default -> new Predicate.Not(parts.get(0));
      };
    }
    Column column = schema.column(random.nextInt(schema.size()));
    String name = column.name();
    return switch (kind) {
      case 0, 1 ->
          new Predicate.Compare(
              name,
              Predicate.Op.values()[random.nextInt(Predicate.Op.values().length)],
              literal(random, schema, column, rows));
      case 2 ->
          new Predicate.Between(
              name, literal(random, schema, column, rows), literal(random, schema, column, rows));
      case 3 -> {
        List<Object> values = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          values.add(literal(random, schema, column, rows));
        }
        yield new Predicate.In(name, values);
      }
      default -> new Predicate.IsNull(name, random.nextBoolean());
    };
  }

  /** A non-null literal for {@code column}: mostly a value some row holds. */
  private static Object literal(Random random, Schema schema, Column column, List<Object[]> rows) {
    int ordinal = schema.ordinalOf(column.name());
    for (int attempt = 0; attempt < 4 && ordinal >= 0 && !rows.isEmpty(); attempt++) {
      Object value = rows.get(random.nextInt(rows.size()))[ordinal];
      if (value != null) {
        return value;
      }
    }
    Object value;
    do {
      value = randomValue(random, Column.notNull(column.name(), column.type()));
    } while (value == null);
    return value;
  }
}
