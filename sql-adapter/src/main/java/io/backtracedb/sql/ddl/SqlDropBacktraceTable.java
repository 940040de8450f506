package io.backtracedb.sql.ddl;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP TABLE [IF EXISTS] name}. */
public final class SqlDropBacktraceTable extends SqlDropBacktraceObject {
  /** Creates the node. */
  public SqlDropBacktraceTable(SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super("DROP TABLE", SqlKind.DROP_TABLE, pos, ifExists, name);
  }
}
