package io.backtracedb.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/** {@code DROP <object> [IF EXISTS] name}: what DROP TABLE and DROP INDEX share. */
public abstract class SqlDropBacktraceObject extends SqlDrop {
  private final String keyword;
  private final SqlIdentifier name;

  /**
   * A drop of the object {@code name}, written {@code keyword} ("DROP TABLE") with {@code kind}.
   */
  protected SqlDropBacktraceObject(
      String keyword, SqlKind kind, SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super(operator(keyword, kind), pos, ifExists);
    this.keyword = keyword;
    this.name = Objects.requireNonNull(name, "name");
  }

  private static SqlOperator operator(String keyword, SqlKind kind) {
    return new SqlSpecialOperator(keyword, kind);
  }

  /** The object's name, possibly qualified by a schema. */
  public SqlIdentifier name() {
    return name;
  }

  /** Whether {@code IF EXISTS} was given. */
  public boolean ifExists() {
    return ifExists;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(keyword);
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
  }

  @Override
  public boolean equalsDeep(SqlNode node, Litmus litmus) {
    if (node == null
        || node.getClass() != getClass()
        || !super.equalsDeep(node, litmus)
        || ifExists != ((SqlDropBacktraceObject) node).ifExists) {
      return litmus.fail("{} != {}", this, node);
    }
    return litmus.succeed();
  }
}
