package io.backtracedb.sql.ddl;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.ConstraintViolationException;
import io.backtracedb.Database;
import io.backtracedb.IndexInfo;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.sql.BacktraceSchema;
import io.backtracedb.sql.SqlStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Util;

/**
 * Executes BacktraceDB's DDL against the database behind the statement's schema. Calcite runs DDL
 * when the statement is prepared.
 */
public final class BacktraceDdlExecutor extends DdlExecutorImpl {
  /** The shared executor; it holds no state. */
  public static final BacktraceDdlExecutor INSTANCE = new BacktraceDdlExecutor();

  private BacktraceDdlExecutor() {}

  /** {@code CREATE TABLE [IF NOT EXISTS] t (...) [WITH (...)]}. */
  public void execute(SqlCreateBacktraceTable create, CalcitePrepare.Context context) {
    Target target = target(create.name(), context);
    if (target.database().findTable(target.table()).isPresent()) {
      if (create.ifNotExists()) {
        return;
      }
      throw error("42P07", create.name(), "table '" + target.table() + "' already exists");
    }
    if (!create.primaryKey().isEmpty()) {
      throw error(
          "0A000",
          create.name(),
          "PRIMARY KEY is not supported yet: create a UNIQUE index once indexes land");
    }
    List<Column> columns = new ArrayList<>();
    for (SqlBacktraceColumn column : create.columns()) {
      columns.add(new Column(column.columnName(), type(column), column.nullable()));
    }
    try {
      TableOptions options = TableOptions.parse(create.options());
      target.database().createTable(target.table(), Schema.of(columns), options);
    } catch (IllegalArgumentException e) {
      throw error(
          "22023",
          create.name(),
          "cannot create table '" + target.table() + "': " + e.getMessage());
    }
  }

  /** {@code DROP TABLE [IF EXISTS] t}. */
  public void execute(SqlDropBacktraceTable drop, CalcitePrepare.Context context) {
    Target target = target(drop.name(), context);
    if (!target.database().dropTable(target.table()) && !drop.ifExists()) {
      throw error("42P01", drop.name(), "table '" + target.table() + "' does not exist");
    }
  }

  /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] i ON t (column)}: bulk-builds it now. */
  public void execute(SqlCreateBacktraceIndex create, CalcitePrepare.Context context) {
    Target target = target(create.table(), context);
    String name = Util.last(create.name().names);
    Table table =
        target
            .database()
            .findTable(target.table())
            .orElseThrow(
                () ->
                    error(
                        "42P01", create.table(), "table '" + target.table() + "' does not exist"));
    if (indexExists(target.database(), name)) {
      if (create.ifNotExists()) {
        return;
      }
      throw error("42P07", create.name(), "index '" + name + "' already exists");
    }
    if (table.schema().ordinalOf(create.columnName()) < 0) {
      throw error(
          "42703",
          create.column(),
          "column '" + create.columnName() + "' does not exist in table '" + table.name() + "'");
    }
    for (int i = 0; i < create.include().size(); i++) {
      String included = create.includeNames().get(i);
      if (table.schema().ordinalOf(included) < 0) {
        throw error(
            "42703",
            create.include().get(i),
            "column '" + included + "' does not exist in table '" + table.name() + "'");
      }
    }
    try {
      table.createIndex(name, create.columnName(), create.unique(), create.includeNames());
    } catch (ConstraintViolationException e) {
      throw error("23505", create.name(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw error("22023", create.name(), e.getMessage());
    }
  }

  /** {@code DROP INDEX [IF EXISTS] i}: deletes the index and its file. */
  public void execute(SqlDropBacktraceIndex drop, CalcitePrepare.Context context) {
    Target target = target(drop.name(), context);
    if (!target.database().dropIndex(target.table()) && !drop.ifExists()) {
      throw error("42704", drop.name(), "index '" + target.table() + "' does not exist");
    }
  }

  /** {@code REINDEX [name]}: rebuilds one index, the indexes of one table, or all of them. */
  public void execute(SqlReindex reindex, CalcitePrepare.Context context) {
    if (reindex.name() == null) {
      Target target = target(new SqlIdentifier("unused", SqlParserPos.ZERO), context);
      target.database().reindex();
      return;
    }
    Target target = target(reindex.name(), context);
    Database database = target.database();
    if (!indexExists(database, target.table()) && database.findTable(target.table()).isEmpty()) {
      throw error(
          "42704", reindex.name(), "no index or table named '" + target.table() + "' to rebuild");
    }
    try {
      database.reindex(target.table());
    } catch (ConstraintViolationException e) {
      throw error("23505", reindex.name(), e.getMessage());
    }
  }

  private static boolean indexExists(Database database, String name) {
    for (Table table : database.tables()) {
      for (IndexInfo index : table.indexes()) {
        if (index.name().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The database and table name a (possibly schema-qualified) name refers to. */
  private record Target(Database database, String table) {}

  private static Target target(SqlIdentifier name, CalcitePrepare.Context context) {
    List<String> path;
    String table;
    if (name.isSimple()) {
      path = context.getDefaultSchemaPath();
      table = name.getSimple();
    } else {
      path = Util.skipLast(name.names);
      table = Util.last(name.names);
    }
    CalciteSchema schema = context.getRootSchema();
    for (String part : path) {
      CalciteSchema next = schema.getSubSchema(part, false);
      if (next == null) {
        throw error("3F000", name, "schema '" + part + "' does not exist");
      }
      schema = next;
    }
    if (!(schema.schema instanceof BacktraceSchema backtrace)) {
      throw error("42809", name, "schema '" + schema.name + "' does not hold BacktraceDB tables");
    }
    return new Target(backtrace.database(), table);
  }

  private static ColumnType type(SqlBacktraceColumn column) {
    SqlDataTypeSpec spec = column.dataType();
    String name = spec.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    int precision =
        spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic ? basic.getPrecision() : -1;
    ColumnType type =
        switch (name) {
          case "BOOLEAN" -> ColumnType.BOOLEAN;
          case "INTEGER", "INT" -> ColumnType.INTEGER;
          case "BIGINT" -> ColumnType.BIGINT;
          case "DOUBLE", "FLOAT", "REAL" -> ColumnType.DOUBLE;
          case "VARCHAR", "CHAR" -> ColumnType.VARCHAR;
          case "TIMESTAMP" -> ColumnType.TIMESTAMP;
          case "DATE" -> ColumnType.DATE;
          default ->
              throw error(
                  "0A000",
                  column.name(),
                  "column '"
                      + column.columnName()
                      + "' has type "
                      + name
                      + ", which BacktraceDB does not store; use BOOLEAN, INTEGER, BIGINT, DOUBLE,"
                      + " VARCHAR, TIMESTAMP or DATE");
        };
    if (type == ColumnType.TIMESTAMP && precision > 3) {
      throw error(
          "0A000",
          column.name(),
          "column '"
              + column.columnName()
              + "': TIMESTAMP keeps milliseconds; use a BIGINT time"
              + " column (time_unit = 'micros' or 'nanos') for finer time");
    }
    return type;
  }

  private static RuntimeException error(String sqlState, SqlNode node, String message) {
    SqlParserPos pos = node.getParserPosition();
    return new SqlStateException(
        sqlState, message + " (line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")");
  }
}
