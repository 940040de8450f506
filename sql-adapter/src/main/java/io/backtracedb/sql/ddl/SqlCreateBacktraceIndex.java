package io.backtracedb.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column) [INCLUDE (column, ...)]}. */
public final class SqlCreateBacktraceIndex extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE INDEX", SqlKind.CREATE_INDEX);

  private final boolean unique;
  private final SqlIdentifier name;
  private final SqlIdentifier table;
  private final SqlIdentifier column;
  private final List<SqlIdentifier> include;

  /** Creates the node. */
  public SqlCreateBacktraceIndex(
      SqlParserPos pos,
      boolean unique,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlIdentifier table,
      SqlIdentifier column,
      List<SqlIdentifier> include) {
    super(OPERATOR, pos, false, ifNotExists);
    this.include = List.copyOf(include);
    this.unique = unique;
    this.name = Objects.requireNonNull(name, "name");
    this.table = Objects.requireNonNull(table, "table");
    this.column = Objects.requireNonNull(column, "column");
  }

  /** Whether {@code UNIQUE} was given. */
  public boolean unique() {
    return unique;
  }

  /** Whether {@code IF NOT EXISTS} was given. */
  public boolean ifNotExists() {
    return ifNotExists;
  }

  /** The index name, possibly qualified by a schema. */
  public SqlIdentifier name() {
    return name;
  }

  /** The indexed table, possibly qualified by a schema. */
  public SqlIdentifier table() {
    return table;
  }

  /** The indexed column. */
  public SqlIdentifier column() {
    return column;
  }

  /** The indexed column's name, after the parser's identifier casing. */
  public String columnName() {
    return column.getSimple();
  }

  /** The columns given in {@code INCLUDE}, in order (empty without it). */
  public List<SqlIdentifier> include() {
    return include;
  }

  /** The included columns' names, after the parser's identifier casing. */
  public List<String> includeNames() {
    return include.stream().map(SqlIdentifier::getSimple).toList();
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new java.util.ArrayList<>(List.of(name, table, column));
    operands.addAll(include);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    writer.keyword("ON");
    table.unparse(writer, 0, 0);
    SqlWriter.Frame frame = writer.startList("(", ")");
    column.unparse(writer, 0, 0);
    writer.endList(frame);
    if (!include.isEmpty()) {
      writer.keyword("INCLUDE");
      SqlWriter.Frame included = writer.startList("(", ")");
      for (SqlIdentifier c : include) {
        writer.sep(",");
        c.unparse(writer, 0, 0);
      }
      writer.endList(included);
    }
  }

  @Override
  public boolean equalsDeep(SqlNode node, Litmus litmus) {
    if (!(node instanceof SqlCreateBacktraceIndex that) || !super.equalsDeep(node, litmus)) {
      return litmus.fail("{} != {}", this, node);
    }
    return (unique == that.unique && ifNotExists == that.ifNotExists)
        || litmus.fail("{} != {}", this, node);
  }
}
