package io.backtracedb.sql;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a Calcite condition over a scan's output into a BacktraceDB {@link Predicate} over
 * table columns. Throws {@link UnsupportedOperationException} for anything it cannot push (the rule
 * keeps that part as a filter above the scan): only comparisons of a column with a literal or a
 * {@code ?} parameter, [NOT] LIKE with a literal pattern, IS [NOT] NULL, AND, OR and NOT are
 * pushed. SEARCH (IN, BETWEEN) is expanded into those before translation.
 */
final class BacktraceRexTranslator {
  private final Schema schema;
  private final int[] columns;

  /** A translator for conditions over outputs that are the table columns {@code columns}. */
  BacktraceRexTranslator(Schema schema, int[] columns) {
    this.schema = schema;
    this.columns = columns;
  }

  Predicate translate(RexNode node) {
    if (!(node instanceof RexCall call)) {
      throw new UnsupportedOperationException("not a call: " + node);
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND, OR -> {
        List<Predicate> parts = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
          parts.add(translate(operand));
        }
        return kind == SqlKind.AND ? new Predicate.And(parts) : new Predicate.Or(parts);
      }
      case NOT -> {
        return Predicate.not(translate(call.getOperands().get(0)));
      }
      case IS_NULL, IS_NOT_NULL -> {
        return new Predicate.IsNull(column(call.getOperands().get(0)), kind == SqlKind.IS_NOT_NULL);
      }
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        return comparison(call);
      }
      case LIKE -> {
        return like(call);
      }
      default -> throw new UnsupportedOperationException("cannot push " + kind);
    }
  }

  /** {@code column [NOT] LIKE 'pattern' [ESCAPE 'c']}, case-sensitive, with literal patterns. */
  private Predicate like(RexCall call) {
    boolean negated;
    if (call.getOperator() == SqlStdOperatorTable.LIKE) {
      negated = false;
    } else if (call.getOperator() == SqlStdOperatorTable.NOT_LIKE) {
      negated = true;
    } else {
      throw new UnsupportedOperationException("cannot push " + call.getOperator());
    }
    List<RexNode> operands = call.getOperands();
    String column = column(operands.get(0));
    if (!(operands.get(1) instanceof RexLiteral pattern) || pattern.isNull()) {
      throw new UnsupportedOperationException("LIKE pattern is not a literal: " + call);
    }
    Character escape = null;
    if (operands.size() > 2) {
      if (!(operands.get(2) instanceof RexLiteral literal) || literal.isNull()) {
        throw new UnsupportedOperationException("ESCAPE is not a literal: " + call);
      }
      String text = literal.getValueAs(String.class);
      if (text.length() != 1) {
        throw new UnsupportedOperationException("ESCAPE is not one character: " + call);
      }
      escape = text.charAt(0);
    }
    return new Predicate.Like(column, pattern.getValueAs(String.class), escape, negated);
  }

  private Predicate comparison(RexCall call) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    Predicate.Op op = op(call.getKind());
    if (isColumn(left) && isValue(right)) {
      return new Predicate.Compare(column(left), op, checked(left, value(right)));
    }
    if (isColumn(right) && isValue(left)) {
      return new Predicate.Compare(column(right), flip(op), checked(right, value(left)));
    }
    throw new UnsupportedOperationException("not column versus value: " + call);
  }

  /** The value, when the column's type takes it as is (else Calcite keeps the comparison). */
  private Object checked(RexNode column, Object value) {
    if (value instanceof BacktraceParam) {
      return value;
    }
    ColumnType type = schema.column(columns[((RexInputRef) column).getIndex()]).type();
    try {
      Values.normalize(type, value);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedOperationException(
          "literal does not fit the column: " + e.getMessage(), e);
    }
    return value;
  }

  private static boolean isColumn(RexNode node) {
    return node instanceof RexInputRef;
  }

  private static boolean isValue(RexNode node) {
    return (node instanceof RexLiteral literal && !literal.isNull())
        || node instanceof RexDynamicParam;
  }

  private String column(RexNode node) {
    if (!(node instanceof RexInputRef ref)) {
      throw new UnsupportedOperationException("not a column: " + node);
    }
    return schema.column(columns[ref.getIndex()]).name();
  }

  /** A literal in the column representation (epoch millis, epoch days, ...), or a parameter. */
  private static Object value(RexNode node) {
    if (node instanceof RexDynamicParam param) {
      return new BacktraceParam(param.getIndex());
    }
    RexLiteral literal = (RexLiteral) node;
    SqlTypeName type = literal.getTypeName();
    return switch (type) {
      case BOOLEAN -> literal.getValueAs(Boolean.class);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> literal.getValueAs(Long.class);
      case DECIMAL -> {
        BigDecimal decimal = literal.getValueAs(BigDecimal.class);
        yield decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0
            ? (Object) decimal.longValueExact()
            : decimal.doubleValue();
      }
      case DOUBLE, FLOAT, REAL -> literal.getValueAs(Double.class);
      case CHAR, VARCHAR -> literal.getValueAs(String.class);
      case TIMESTAMP -> literal.getValueAs(Long.class);
      case DATE -> literal.getValueAs(Integer.class);
      default -> throw new UnsupportedOperationException("cannot push a " + type + " literal");
    };
  }

  private static Predicate.Op op(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> Predicate.Op.EQ;
      case NOT_EQUALS -> Predicate.Op.NE;
      case LESS_THAN -> Predicate.Op.LT;
      case LESS_THAN_OR_EQUAL -> Predicate.Op.LE;
      case GREATER_THAN -> Predicate.Op.GT;
      case GREATER_THAN_OR_EQUAL -> Predicate.Op.GE;
      default -> throw new UnsupportedOperationException("not a comparison: " + kind);
    };
  }

  private static Predicate.Op flip(Predicate.Op op) {
    return switch (op) {
      case LT -> Predicate.Op.GT;
      case LE -> Predicate.Op.GE;
      case GT -> Predicate.Op.LT;
      case GE -> Predicate.Op.LE;
      default -> op;
    };
  }
}
