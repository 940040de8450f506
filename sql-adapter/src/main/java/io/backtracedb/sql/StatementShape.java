package io.backtracedb.sql;

import io.backtracedb.sql.parser.BacktraceSqlParser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * A query with the literals it compares columns against lifted out as {@code ?} parameters: {@code
 * WHERE ts >= TIMESTAMP '2024-01-01 10:00:00' AND symbol = 'A'} becomes {@code WHERE "ts" >= ? AND
 * "symbol" = ?} plus the values. Queries that differ only in those literals share one shape, so a
 * plan cache keyed by the shape compiles the query once (a fresh statement costs milliseconds of
 * planning and code generation; executing a prepared one, tens of microseconds).
 *
 * <p>Only literals that face a column in a comparison, {@code BETWEEN} or {@code IN} list are
 * lifted: there the column gives the parameter its type. Elsewhere (select lists, function
 * arguments, {@code LIMIT}) a literal stays, since a parameter there has no type or changes the
 * plan.
 */
public final class StatementShape {
  private static final Set<SqlKind> COMPARISONS =
      EnumSet.of(
          SqlKind.EQUALS,
          SqlKind.NOT_EQUALS,
          SqlKind.LESS_THAN,
          SqlKind.LESS_THAN_OR_EQUAL,
          SqlKind.GREATER_THAN,
          SqlKind.GREATER_THAN_OR_EQUAL,
          SqlKind.BETWEEN);

  private static final Set<SqlKind> QUERIES =
      EnumSet.of(SqlKind.SELECT, SqlKind.WITH, SqlKind.ORDER_BY, SqlKind.UNION);

  /**
   * IN lists longer than this keep their literals: Calcite turns a longer list into a join with a
   * VALUES table (its {@code inSubQueryThreshold}), which for parameters plans far worse.
   */
  private static final int MAX_IN_LIST = 20;

  /** A statement with more literals than this runs as text: its shape would rarely repeat. */
  private static final int MAX_LIFTED = 100;

  /** Parameter numbers of recently seen shapes (least recently used dropped beyond 512). */
  private static final Map<String, List<Integer>> NUMBERS =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Integer>> eldest) {
          return size() > 512;
        }
      };

  /**
   * Shapes of recently seen statement texts (least recently used dropped beyond 256), empty for a
   * text that has none: a text sent again (a dashboard's refresh) is not parsed again.
   */
  private static final Map<String, java.util.Optional<StatementShape>> RECENT =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(
            Map.Entry<String, java.util.Optional<StatementShape>> eldest) {
          return size() > 256;
        }
      };

  private final String sql;
  private final List<Object> values;

  private StatementShape(String sql, List<Object> values) {
    this.sql = sql;
    this.values = values;
  }

  /** The shape's SQL, with {@code ?} where literals were; the key of a plan cache. */
  public String sql() {
    return sql;
  }

  /**
   * The lifted values in parameter order: {@link BigDecimal} for numbers, {@link String}, {@link
   * LocalDateTime} for TIMESTAMP literals, {@link LocalDate} for DATE literals.
   */
  public List<Object> values() {
    return values;
  }

  /**
   * The shape of {@code sql} (with no values when it has no literal to lift: repeating the same
   * query text reuses its plan too), or null when it is not a query, holds {@code ?} already, or
   * does not parse (the caller then runs the text as it is, and reports its errors).
   */
  public static StatementShape of(String sql) {
    if (sql.indexOf('?') >= 0) {
      return null;
    }
    synchronized (RECENT) {
      java.util.Optional<StatementShape> known = RECENT.get(sql);
      if (known != null) {
        return known.orElse(null);
      }
    }
    StatementShape shape = parse(sql);
    synchronized (RECENT) {
      RECENT.put(sql, java.util.Optional.ofNullable(shape));
    }
    return shape;
  }

  private static StatementShape parse(String sql) {
    SqlNode node;
    try {
      node = BacktraceSqlParser.parseStatement(sql);
    } catch (SqlParseException | RuntimeException e) {
      return null;
    }
    if (!QUERIES.contains(node.getKind())) {
      return null;
    }
    List<Object> lifted = new ArrayList<>();
    lift(node, lifted);
    if (lifted.size() > MAX_LIFTED) {
      return null;
    }
    String shape = BacktraceSqlParser.toSql(node);
    if (lifted.isEmpty()) {
      return new StatementShape(shape, List.of());
    }
    List<Integer> numbers = parameterNumbers(shape);
    if (numbers == null || numbers.size() != lifted.size()) {
      return null;
    }
    Object[] values = new Object[lifted.size()];
    for (int k = 0; k < numbers.size(); k++) {
      values[numbers.get(k)] = lifted.get(k);
    }
    return new StatementShape(shape, java.util.Collections.unmodifiableList(Arrays.asList(values)));
  }

  /**
   * The parser's numbers of the shape's parameters, in the order {@link #lift} walks operands; null
   * when the shape does not parse. The parser numbers parameters in text order, and the unparsed
   * text may order clauses differently from the walk. Remembered per shape: a repeated shape costs
   * no second parse.
   */
  private static List<Integer> parameterNumbers(String shape) {
    synchronized (NUMBERS) {
      List<Integer> known = NUMBERS.get(shape);
      if (known != null) {
        return known;
      }
    }
    List<Integer> numbers = new ArrayList<>();
    try {
      collectParameters(BacktraceSqlParser.parseStatement(shape), numbers);
    } catch (SqlParseException | RuntimeException e) {
      return null;
    }
    List<Integer> kept = List.copyOf(numbers);
    synchronized (NUMBERS) {
      NUMBERS.put(shape, kept);
    }
    return kept;
  }

  /** The numbers of the parameters in {@code node}, in the order {@link #lift} walks operands. */
  private static void collectParameters(SqlNode node, List<Integer> numbers) {
    if (node instanceof SqlDynamicParam parameter) {
      numbers.add(parameter.getIndex());
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode element : list) {
        collectParameters(element, numbers);
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null) {
          collectParameters(operand, numbers);
        }
      }
    }
  }

  private static void lift(SqlNode node, List<Object> lifted) {
    if (node instanceof SqlNodeList list) {
      for (SqlNode element : list) {
        lift(element, lifted);
      }
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    List<SqlNode> operands = call.getOperandList();
    boolean comparison = COMPARISONS.contains(call.getKind()) && facesColumn(operands);
    boolean in =
        (call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)
            && operands.size() == 2
            && operands.get(0) instanceof SqlIdentifier
            && operands.get(1) instanceof SqlNodeList list
            && list.size() <= MAX_IN_LIST;
    for (int i = 0; i < operands.size(); i++) {
      SqlNode operand = operands.get(i);
      if (comparison && operand instanceof SqlLiteral literal) {
        Object value = valueOf(literal);
        if (value != null) {
          lifted.add(value);
          call.setOperand(i, new SqlDynamicParam(0, literal.getParserPosition()));
          continue;
        }
      }
      if (in && i == 1) {
        SqlNodeList list = (SqlNodeList) operand;
        for (int j = 0; j < list.size(); j++) {
          if (list.get(j) instanceof SqlLiteral literal) {
            Object value = valueOf(literal);
            if (value != null) {
              lifted.add(value);
              list.set(j, new SqlDynamicParam(0, literal.getParserPosition()));
            }
          }
        }
        continue;
      }
      if (operand != null) {
        lift(operand, lifted);
      }
    }
  }

  /** Whether a comparison has a column operand, which gives a parameter in it a type. */
  private static boolean facesColumn(List<SqlNode> operands) {
    for (SqlNode operand : operands) {
      if (operand instanceof SqlIdentifier) {
        return true;
      }
    }
    return false;
  }

  /** The value of a literal that may become a parameter, or null for one that stays. */
  private static Object valueOf(SqlLiteral parsed) {
    SqlLiteral literal = parsed;
    // The parser leaves typed literals (TIMESTAMP '...') for the validator to resolve.
    if (parsed instanceof SqlUnknownLiteral unknown) {
      try {
        switch (unknown.tag.toUpperCase(Locale.ROOT)) {
          case "TIMESTAMP" -> literal = unknown.resolve(SqlTypeName.TIMESTAMP);
          case "DATE" -> literal = unknown.resolve(SqlTypeName.DATE);
          default -> {
            return null;
          }
        }
      } catch (RuntimeException e) {
        return null; // malformed: the validator reports it when the text runs
      }
    }
    if (literal instanceof SqlNumericLiteral numeric) {
      return numeric.getValueAs(BigDecimal.class);
    } else if (literal instanceof SqlCharStringLiteral) {
      return literal.getValueAs(String.class);
    } else if (literal instanceof SqlTimestampLiteral) {
      long millis = literal.getValueAs(TimestampString.class).getMillisSinceEpoch();
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(millis, 1000),
          (int) Math.floorMod(millis, 1000) * 1_000_000,
          ZoneOffset.UTC);
    } else if (literal instanceof SqlDateLiteral) {
      return LocalDate.ofEpochDay(literal.getValueAs(DateString.class).getDaysSinceEpoch());
    }
    return null;
  }
}
