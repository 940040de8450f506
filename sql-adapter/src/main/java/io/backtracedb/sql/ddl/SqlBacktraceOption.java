package io.backtracedb.sql.ddl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** One {@code key = value} entry of a {@code WITH (...)} clause; the key is lower case. */
public final class SqlBacktraceOption extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("OPTION", SqlKind.OTHER_DDL);

  private final SqlIdentifier key;
  private final SqlLiteral value;

  /**
   * Creates an option.
   *
   * @param key the option name; stored lower case (with {@link Locale#ROOT})
   * @param value a character string, exact or approximate numeric, or boolean literal
   * @throws IllegalArgumentException if the literal is of another kind
   */
  public SqlBacktraceOption(SqlParserPos pos, String key, SqlLiteral value) {
    super(pos);
    this.key = new SqlIdentifier(Objects.requireNonNull(key, "key").toLowerCase(Locale.ROOT), pos);
    this.value = Objects.requireNonNull(value, "value");
    if (!(value instanceof SqlCharStringLiteral
        || value instanceof SqlNumericLiteral
        || value.getTypeName() == SqlTypeName.BOOLEAN)) {
      throw new IllegalArgumentException(
          "cannot use literal as value of option '" + key + "': " + value);
    }
  }

  /** The option name, lower case. */
  public String key() {
    return key.getSimple();
  }

  /** The value as written: a string, numeric or boolean literal. */
  public SqlLiteral value() {
    return value;
  }

  /**
   * The value as text: a string as is, a number in plain notation without exponent ({@code 1e3}
   * gives {@code 1000}, {@code 1.50} stays {@code 1.50}), a boolean as {@code true} or {@code
   * false}.
   */
  public String valueText() {
    if (value instanceof SqlNumericLiteral) {
      return value.getValueAs(BigDecimal.class).toPlainString();
    }
    if (value.getTypeName() == SqlTypeName.BOOLEAN) {
      return Boolean.toString(value.booleanValue());
    }
    return value.getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(key, value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    key.unparse(writer, 0, 0);
    writer.keyword("=");
    value.unparse(writer, 0, 0);
  }
}
