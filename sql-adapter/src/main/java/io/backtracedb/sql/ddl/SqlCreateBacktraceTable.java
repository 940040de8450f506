package io.backtracedb.sql.ddl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (column, ... [, PRIMARY KEY (column, ...)]) [WITH (key =
 * value, ...)]}.
 *
 * <p>A column-level {@code PRIMARY KEY} is recorded like the table-level form, so both unparse as a
 * trailing {@code PRIMARY KEY (...)} element. The node does not check that key columns exist.
 */
public final class SqlCreateBacktraceTable extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  private final SqlIdentifier name;
  private final SqlNodeList columnList;
  private final SqlNodeList primaryKeyList;
  private final SqlNodeList optionList;
  private final Map<String, String> options;

  /**
   * Creates the node.
   *
   * @param columnList {@link SqlBacktraceColumn}s, at least one
   * @param primaryKeyList {@link SqlIdentifier}s of the key columns; empty when there is no key
   * @param optionList {@link SqlBacktraceOption}s in written order; empty without a WITH clause
   * @throws IllegalArgumentException if a list holds another kind of node, there is no column, or
   *     an option key repeats
   */
  public SqlCreateBacktraceTable(
      SqlParserPos pos,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList columnList,
      SqlNodeList primaryKeyList,
      SqlNodeList optionList) {
    super(OPERATOR, pos, false, ifNotExists);
    this.name = Objects.requireNonNull(name, "name");
    this.columnList = requireAll(columnList, SqlBacktraceColumn.class, "columnList");
    this.primaryKeyList = requireAll(primaryKeyList, SqlIdentifier.class, "primaryKeyList");
    this.optionList = requireAll(optionList, SqlBacktraceOption.class, "optionList");
    if (columnList.isEmpty()) {
      throw new IllegalArgumentException("cannot create table '" + name + "': no columns");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (SqlNode node : optionList) {
      SqlBacktraceOption option = (SqlBacktraceOption) node;
      if (map.put(option.key(), option.valueText()) != null) {
        throw new IllegalArgumentException(
            "cannot create table '" + name + "': duplicate option '" + option.key() + "'");
      }
    }
    this.options = Collections.unmodifiableMap(map);
  }

  private static SqlNodeList requireAll(SqlNodeList list, Class<?> type, String what) {
    Objects.requireNonNull(list, what);
    for (SqlNode node : list) {
      if (!type.isInstance(node)) {
        throw new IllegalArgumentException(
            what + " expects " + type.getSimpleName() + ", got " + node.getClass().getSimpleName());
      }
    }
    return list;
  }

  /** The table name, possibly qualified by a schema. */
  public SqlIdentifier name() {
    return name;
  }

  /** Whether {@code IF NOT EXISTS} was given. */
  public boolean ifNotExists() {
    return ifNotExists;
  }

  /** The columns in declared order. */
  public List<SqlBacktraceColumn> columns() {
    List<SqlBacktraceColumn> columns = new ArrayList<>(columnList.size());
    for (SqlNode node : columnList) {
      columns.add((SqlBacktraceColumn) node);
    }
    return Collections.unmodifiableList(columns);
  }

  /** The columns as the parser produced them. */
  public SqlNodeList columnList() {
    return columnList;
  }

  /** Names of the primary key columns in key order; empty when no key was declared. */
  public List<String> primaryKey() {
    List<String> key = new ArrayList<>(primaryKeyList.size());
    for (SqlNode node : primaryKeyList) {
      key.add(((SqlIdentifier) node).getSimple());
    }
    return Collections.unmodifiableList(key);
  }

  /** The primary key columns as identifiers (with positions); empty when there is no key. */
  public SqlNodeList primaryKeyList() {
    return primaryKeyList;
  }

  /**
   * The WITH options in written order: lower-case keys, values as text (see {@link
   * SqlBacktraceOption#valueText()}); empty without a WITH clause. Unmodifiable.
   */
  public Map<String, String> options() {
    return options;
  }

  /** The WITH options as the parser produced them. */
  public SqlNodeList optionList() {
    return optionList;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, columnList, primaryKeyList, optionList);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode column : columnList) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    if (!primaryKeyList.isEmpty()) {
      writer.sep(",");
      writer.keyword("PRIMARY KEY");
      unparseParenthesized(writer, primaryKeyList);
    }
    writer.endList(frame);
    if (!optionList.isEmpty()) {
      writer.keyword("WITH");
      unparseParenthesized(writer, optionList);
    }
  }

  private static void unparseParenthesized(SqlWriter writer, SqlNodeList list) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode node : list) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  @Override
  public boolean equalsDeep(SqlNode node, Litmus litmus) {
    if (!(node instanceof SqlCreateBacktraceTable that) || !super.equalsDeep(node, litmus)) {
      return litmus.fail("{} != {}", this, node);
    }
    return ifNotExists == that.ifNotExists || litmus.fail("{} != {}", this, node);
  }
}
