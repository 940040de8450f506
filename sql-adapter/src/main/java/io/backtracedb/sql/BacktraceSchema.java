package io.backtracedb.sql;

import com.google.common.collect.Multimap;
import io.backtracedb.Database;
import io.backtracedb.Table;
import io.backtracedb.sql.function.BacktraceFunctions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of one BacktraceDB {@link Database} as a Calcite schema. The table map is computed on
 * every call, so tables created or dropped after the schema was registered are seen (register it
 * with caching off).
 */
public final class BacktraceSchema extends AbstractSchema {
  private final Database database;

  /** A schema over {@code database}. */
  public BacktraceSchema(Database database) {
    this.database = database;
  }

  /** The database behind the schema. */
  public Database database() {
    return database;
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
    for (Table table : database.tables()) {
      tables.put(table.name(), new BacktraceTable(database, table.name()));
    }
    return tables;
  }

  /** BacktraceDB's SQL functions, such as {@code time_bucket}. */
  @Override
  protected Multimap<String, org.apache.calcite.schema.Function> getFunctionMultimap() {
    return BacktraceFunctions.all();
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
