package io.backtracedb.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/** One column of a CREATE TABLE: name, type as written, and whether it may hold NULL. */
public final class SqlBacktraceColumn extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

  private final SqlIdentifier name;
  private final SqlDataTypeSpec dataType;
  private final boolean nullable;

  /**
   * Creates a column definition.
   *
   * @param nullable false when the column was declared {@code NOT NULL}
   */
  public SqlBacktraceColumn(
      SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec dataType, boolean nullable) {
    super(pos);
    this.name = Objects.requireNonNull(name, "name");
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    this.nullable = nullable;
  }

  /** The column name as an identifier (with its position). */
  public SqlIdentifier name() {
    return name;
  }

  /** The column name, after the parser's identifier casing. */
  public String columnName() {
    return name.getSimple();
  }

  /** The type as written, e.g. {@code VARCHAR(20)}; {@code INT} comes back as {@code INTEGER}. */
  public SqlDataTypeSpec dataType() {
    return dataType;
  }

  /** False when the column was declared {@code NOT NULL}; columns are nullable by default. */
  public boolean nullable() {
    return nullable;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, dataType);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    dataType.unparse(writer, 0, 0);
    if (!nullable) {
      writer.keyword("NOT NULL");
    }
  }

  @Override
  public boolean equalsDeep(SqlNode node, Litmus litmus) {
    if (!(node instanceof SqlBacktraceColumn that) || !super.equalsDeep(node, litmus)) {
      return litmus.fail("{} != {}", this, node);
    }
    return nullable == that.nullable || litmus.fail("{} != {}", this, node);
  }
}
