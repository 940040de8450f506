package io.backtracedb;

import java.util.List;
import java.util.Objects;

/**
 * A row filter over named columns: comparisons, BETWEEN, IN, LIKE, IS [NOT] NULL, AND, OR and NOT.
 *
 * <p>Values are Java objects converted to the column's type when a scan binds the predicate
 * (Long/Integer for integers, Double, String, Boolean, Instant/LocalDateTime/Long millis for
 * TIMESTAMP, LocalDate/Integer days for DATE). Comparisons with NULL are never true, as in SQL.
 */
public sealed interface Predicate
    permits Predicate.Compare,
        Predicate.Between,
        Predicate.In,
        Predicate.IsNull,
        Predicate.Like,
        Predicate.And,
        Predicate.Or,
        Predicate.Not {

  /** Comparison operators. */
  enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The SQL symbol, for EXPLAIN. */
    public String symbol() {
      return symbol;
    }

    /** Parses {@code =, ==, !=, <>, <, <=, >, >=}. */
    public static Op parse(String symbol) {
      return switch (symbol.trim()) {
        case "=", "==" -> EQ;
        case "!=", "<>" -> NE;
        case "<" -> LT;
        case "<=" -> LE;
        case ">" -> GT;
        case ">=" -> GE;
        default ->
            throw new IllegalArgumentException("unknown comparison operator: '" + symbol + "'");
      };
    }

    /** The operator that holds when this one does not, for a non-null value. */
    public Op negate() {
      return switch (this) {
        case EQ -> NE;
        case NE -> EQ;
        case LT -> GE;
        case LE -> GT;
        case GT -> LE;
        case GE -> LT;
      };
    }
  }

  /** {@code column op value}. */
  record Compare(String column, Op op, Object value) implements Predicate {
    /** Validates the parts. */
    public Compare {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value (use isNull for NULL)");
    }

    @Override
    public String toString() {
      return column + " " + op.symbol() + " " + literal(value);
    }
  }

  /** {@code column BETWEEN low AND high}, both ends included. */
  record Between(String column, Object low, Object high) implements Predicate {
    /** Validates the parts. */
    public Between {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }

    @Override
    public String toString() {
      return column + " BETWEEN " + literal(low) + " AND " + literal(high);
    }
  }

  /** {@code column IN (values)}. */
  record In(String column, List<Object> values) implements Predicate {
    /** Validates the parts. */
    public In {
      Objects.requireNonNull(column, "column");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(column).append(" IN (");
      for (int i = 0; i < values.size(); i++) {
        text.append(i == 0 ? "" : ", ").append(literal(values.get(i)));
      }
      return text.append(')').toString();
    }
  }

  /**
   * {@code column LIKE pattern [ESCAPE escape]}, or {@code NOT LIKE} when negated; a NULL value
   * satisfies neither.
   *
   * @param column a VARCHAR column
   * @param pattern {@code %} matches any run of characters, {@code _} any one
   * @param escape the character that makes the next one literal, or null
   * @param negated whether this is {@code NOT LIKE}
   */
  record Like(String column, String pattern, Character escape, boolean negated)
      implements Predicate {
    /** Validates the parts. */
    public Like {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String toString() {
      return column
          + (negated ? " NOT LIKE " : " LIKE ")
          + literal(pattern)
          + (escape == null ? "" : " ESCAPE " + literal(String.valueOf(escape)));
    }
  }

  /** {@code column IS NULL}, or {@code IS NOT NULL} when negated. */
  record IsNull(String column, boolean negated) implements Predicate {
    /** Validates the parts. */
    public IsNull {
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String toString() {
      return column + (negated ? " IS NOT NULL" : " IS NULL");
    }
  }

  /** All of the parts hold. */
  record And(List<Predicate> parts) implements Predicate {
    /** Validates the parts. */
    public And {
      parts = List.copyOf(parts);
    }

    @Override
    public String toString() {
      return join(parts, " AND ");
    }
  }

  /** Any of the parts holds. */
  record Or(List<Predicate> parts) implements Predicate {
    /** Validates the parts. */
    public Or {
      parts = List.copyOf(parts);
    }

    @Override
    public String toString() {
      return join(parts, " OR ");
    }
  }

  /** The part does not hold (and is not unknown). */
  record Not(Predicate part) implements Predicate {
    /** Validates the part. */
    public Not {
      Objects.requireNonNull(part, "part");
    }

    @Override
    public String toString() {
      return "NOT (" + part + ")";
    }
  }

  /** {@code column = value}. */
  static Predicate eq(String column, Object value) {
    return new Compare(column, Op.EQ, value);
  }

  /** {@code column <> value}. */
  static Predicate ne(String column, Object value) {
    return new Compare(column, Op.NE, value);
  }

  /** {@code column < value}. */
  static Predicate lt(String column, Object value) {
    return new Compare(column, Op.LT, value);
  }

  /** {@code column <= value}. */
  static Predicate le(String column, Object value) {
    return new Compare(column, Op.LE, value);
  }

  /** {@code column > value}. */
  static Predicate gt(String column, Object value) {
    return new Compare(column, Op.GT, value);
  }

  /** {@code column >= value}. */
  static Predicate ge(String column, Object value) {
    return new Compare(column, Op.GE, value);
  }

  /** {@code column BETWEEN low AND high}. */
  static Predicate between(String column, Object low, Object high) {
    return new Between(column, low, high);
  }

  /** {@code column IN (values...)}. */
  static Predicate in(String column, Object... values) {
    return new In(column, List.of(values));
  }

  /** {@code column LIKE pattern} ({@code %} any run, {@code _} any one character). */
  static Predicate like(String column, String pattern) {
    return new Like(column, pattern, null, false);
  }

  /** {@code column IS NULL}. */
  static Predicate isNull(String column) {
    return new IsNull(column, false);
  }

  /** {@code column IS NOT NULL}. */
  static Predicate isNotNull(String column) {
    return new IsNull(column, true);
  }

  /** All of {@code parts}. */
  static Predicate and(Predicate... parts) {
    return parts.length == 1 ? parts[0] : new And(List.of(parts));
  }

  /** Any of {@code parts}. */
  static Predicate or(Predicate... parts) {
    return parts.length == 1 ? parts[0] : new Or(List.of(parts));
  }

  /** Not {@code part}. */
  static Predicate not(Predicate part) {
    return new Not(part);
  }

  private static String join(List<Predicate> parts, String separator) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < parts.size(); i++) {
      text.append(i == 0 ? "" : separator).append(parts.get(i));
    }
    return text.append(')').toString();
  }

  private static String literal(Object value) {
    return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
  }
}
