package io.backtracedb.scan;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random rows and predicates over a fixed five-column schema, for filter and pruning tests. */
final class RandomTables {
  static final Schema SCHEMA =
      Schema.builder()
          .column("l", ColumnType.BIGINT)
          .column("i", ColumnType.INTEGER)
          .column("d", ColumnType.DOUBLE)
          .column("s", ColumnType.VARCHAR)
          .column("b", ColumnType.BOOLEAN)
          .build();

  private static final String[] WORDS = {"", "a", "ab", "b", "zz", "é", "AAPL", "MSFT"};
  private static final double[] DOUBLES = {
    0.0, -0.0, 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.0
  };

  private RandomTables() {}

  /** A random row; about one value in six is NULL. */
  static Object[] row(Random random) {
    return new Object[] {
      random.nextInt(6) == 0 ? null : (long) random.nextInt(21) - 10,
      random.nextInt(6) == 0 ? null : random.nextInt(11) - 5,
      random.nextInt(6) == 0 ? null : DOUBLES[random.nextInt(DOUBLES.length)],
      random.nextInt(6) == 0 ? null : WORDS[random.nextInt(WORDS.length)],
      random.nextInt(6) == 0 ? null : random.nextBoolean()
    };
  }

  /** The rows as column vectors. */
  static ColumnVector[] vectors(List<Object[]> rows) {
    ColumnVector[] vectors = new ColumnVector[SCHEMA.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = ColumnVector.create(SCHEMA.column(c).type(), rows.size());
      for (Object[] row : rows) {
        vectors[c].appendObject(row[c]);
      }
    }
    return vectors;
  }

  /** A random predicate of depth at most {@code depth}. */
  static Predicate predicate(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 6);
    String column = SCHEMA.column(random.nextInt(SCHEMA.size())).name();
    return switch (kind) {
      case 0, 1 ->
          new Predicate.Compare(
              column, Predicate.Op.values()[random.nextInt(6)], literal(random, column));
      case 2 -> {
        Object a = literal(random, column);
        Object b = literal(random, column);
        yield Predicate.between(column, a, b);
      }
      case 3 -> {
        List<Object> values = new ArrayList<>();
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
          values.add(literal(random, column));
        }
        yield new Predicate.In(column, values);
      }
      case 4 -> Predicate.isNull(column);
      case 5 -> Predicate.isNotNull(column);
      case 6 -> Predicate.and(predicate(random, depth - 1), predicate(random, depth - 1));
      case 7 -> Predicate.or(predicate(random, depth - 1), predicate(random, depth - 1));
      default -> Predicate.not(predicate(random, depth - 1));
    };
  }

  private static Object literal(Random random, String column) {
    return switch (column) {
      case "l" -> (long) random.nextInt(25) - 12;
      case "i" -> random.nextInt(13) - 6;
      case "d" -> DOUBLES[random.nextInt(DOUBLES.length)];
      case "s" -> WORDS[random.nextInt(WORDS.length)];
      default -> random.nextBoolean();
    };
  }
}
