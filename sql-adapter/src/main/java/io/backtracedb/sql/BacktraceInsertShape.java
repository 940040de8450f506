package io.backtracedb.sql;

import io.backtracedb.sql.parser.BacktraceSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * The shape of a prepared {@code INSERT INTO t [(c1, ...)] VALUES (?, ...)}: one row of bare
 * parameters, in order, into a plain table name. Recognised from BacktraceDB's parse tree, so
 * quoting and identifier casing are the connection's.
 *
 * @param table the table's name path as written ({@code trades} or {@code main.trades})
 * @param columns the target columns in parameter order, or empty when the statement lists none
 *     (then the parameters fill every column in table order)
 * @param parameters the number of parameters
 */
public record BacktraceInsertShape(List<String> table, List<String> columns, int parameters) {

  /** A shape; the lists are copied. */
  public BacktraceInsertShape {
    table = List.copyOf(table);
    columns = List.copyOf(columns);
  }

  /**
   * The shape of {@code sql}, or empty for anything else: expressions or literals among the values,
   * several rows, {@code INSERT ... SELECT}, {@code UPSERT}, other statements, text that does not
   * parse. Thread-safe.
   */
  public static Optional<BacktraceInsertShape> recognize(String sql) {
    if (sql == null) {
      return Optional.empty();
    }
    SqlNode statement;
    try {
      statement = BacktraceSqlParser.parseStatement(sql);
    } catch (SqlParseException e) {
      return Optional.empty();
    }
    if (!(statement instanceof SqlInsert insert)
        || insert.isUpsert()
        || !(insert.getOperandList().get(0) instanceof SqlNodeList keywords)
        || keywords.size() != 0
        || !(insert.getTargetTable() instanceof SqlIdentifier target)
        || target.isStar()) {
      return Optional.empty();
    }
    int parameters = parameterCount(insert.getSource());
    if (parameters < 0) {
      return Optional.empty();
    }
    List<String> columns = new ArrayList<>();
    SqlNodeList targetColumns = insert.getTargetColumnList();
    if (targetColumns != null) {
      for (SqlNode column : targetColumns) {
        if (!(column instanceof SqlIdentifier name) || !name.isSimple()) {
          return Optional.empty();
        }
        columns.add(name.getSimple());
      }
      if (columns.size() != parameters) {
        return Optional.empty();
      }
    }
    return Optional.of(new BacktraceInsertShape(target.names, columns, parameters));
  }

  /** The number of parameters of {@code VALUES (?0, ?1, ...)}, or -1 for any other source. */
  private static int parameterCount(SqlNode source) {
    if (!(source instanceof SqlCall values)
        || values.getKind() != SqlKind.VALUES
        || values.operandCount() != 1
        || !(values.operand(0) instanceof SqlCall row)
        || row.getKind() != SqlKind.ROW) {
      return -1;
    }
    List<SqlNode> cells = row.getOperandList();
    for (int i = 0; i < cells.size(); i++) {
      if (!(cells.get(i) instanceof SqlDynamicParam parameter) || parameter.getIndex() != i) {
        return -1;
      }
    }
    return cells.size();
  }
}
