package io.backtracedb.sql.ddl;

import java.util.Collections;
import java.util.List;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code REINDEX [name]}: rebuild one index, the indexes of one table, or (without a name) every
 * index; which of index or table a name denotes is resolved when the statement runs.
 */
public final class SqlReindex extends SqlDdl {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("REINDEX", SqlKind.OTHER_DDL);

  private final SqlIdentifier name;

  /**
   * Creates the node.
   *
   * @param name the index or table to rebuild, or null for every index
   */
  public SqlReindex(SqlParserPos pos, SqlIdentifier name) {
    super(OPERATOR, pos);
    this.name = name;
  }

  /** The index or table name, or null when every index is to be rebuilt. */
  public SqlIdentifier name() {
    return name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return name == null ? Collections.emptyList() : List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("REINDEX");
    if (name != null) {
      name.unparse(writer, 0, 0);
    }
  }
}
