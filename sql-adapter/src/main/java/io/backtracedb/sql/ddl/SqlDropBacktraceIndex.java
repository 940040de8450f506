package io.backtracedb.sql.ddl;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP INDEX [IF EXISTS] name}. */
public final class SqlDropBacktraceIndex extends SqlDropBacktraceObject {
  /** Creates the node. */
  public SqlDropBacktraceIndex(SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super("DROP INDEX", SqlKind.DROP_INDEX, pos, ifExists, name);
  }
}
