package io.backtracedb.sql;

import io.backtracedb.Database;
import io.backtracedb.Table;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;

/**
 * A BacktraceDB table as Calcite sees it. It turns into a {@link BacktraceTableScan}, into which
 * the planner folds filters and projections; generated code calls {@link #scan} to run it.
 */
public final class BacktraceTable extends AbstractQueryableTable implements TranslatableTable {
  private final Database database;
  private final String name;

  BacktraceTable(Database database, String name) {
    super(Object[].class);
    this.database = database;
    this.name = name;
  }

  /** The engine table; throws when it was dropped. */
  Table table() {
    return database.table(name);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return BacktraceTypes.rowType(typeFactory, table().schema());
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(Math.max(1, table().stats().rowCount()), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return BacktraceTableScan.logical(
        context.getCluster(), relOptTable, this, BacktraceScanSpec.all(table().schema().size()));
  }

  /** Not used: scans run through {@link #scan}; the table is queryable only to be addressable. */
  @Override
  public <T> Queryable<T> asQueryable(QueryProvider provider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("table '" + name + "' is read through its scan");
  }

  /**
   * Runs a scan: called by generated code. Parameters of the pushed predicate are taken from {@code
   * root}; the statement's cancel flag is checked between batches.
   */
  public Enumerable<Object[]> scan(DataContext root, BacktraceScanSpec spec) {
    Table table = table();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new BacktraceEnumerator(
            table, spec.columns(), BacktraceParams.resolve(spec.predicate(), root), root);
      }
    };
  }
}
