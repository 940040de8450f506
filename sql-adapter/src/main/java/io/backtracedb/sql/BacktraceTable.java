package io.backtracedb.sql;

import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Table;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;

/**
 * A BacktraceDB table as Calcite sees it. It turns into a {@link BacktraceTableScan}, into which
 * the planner folds filters and projections; generated code calls {@link #scan} to run it.
 */
public final class BacktraceTable extends AbstractQueryableTable
    implements TranslatableTable, ModifiableTable {
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

  /**
   * INSERT plans into a {@link BacktraceTableModify}; UPDATE, DELETE and MERGE are not supported.
   */
  @Override
  public TableModify toModificationRel(
      RelOptCluster cluster,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode child,
      TableModify.Operation operation,
      List<String> updateColumnList,
      List<RexNode> sourceExpressionList,
      boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      throw new UnsupportedOperationException(
          operation + " is not supported on table '" + name + "'; BacktraceDB tables take INSERT");
    }
    return new BacktraceTableModify(
        cluster, cluster.traitSetOf(Convention.NONE), table, catalogReader, child, operation);
  }

  /** Not used: inserts run through {@link #insert}. */
  @Override
  public Collection<?> getModifiableCollection() {
    throw new UnsupportedOperationException("table '" + name + "' is written through INSERT");
  }

  /**
   * Runs an INSERT: called by generated code with the rows in Calcite's representation. Every row
   * is validated (types, NOT NULL) before any is written; the rows commit now or join the
   * connection's transaction. Returns the row count.
   */
  public Enumerable<Long> insert(DataContext root, Enumerable<Object[]> rows) {
    Table table = table();
    RowBatch batch = table.newBatch();
    try (Enumerator<Object[]> enumerator = rows.enumerator()) {
      while (enumerator.moveNext()) {
        batch.addRow(enumerator.current());
      }
    }
    long count = batch.rowCount();
    BacktraceSession session = BacktraceSessions.of(root);
    if (session == null) {
      table.append(batch);
    } else {
      session.insert(table, batch);
    }
    return Linq4j.singletonEnumerable(count);
  }

  /** Not used: scans run through {@link #scan}; the table is queryable only to be addressable. */
  @Override
  public <T> Queryable<T> asQueryable(QueryProvider provider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("table '" + name + "' is read through its scan");
  }

  /**
   * Runs a scan: called by generated code. Parameters of the pushed predicate are taken from {@code
   * root}; the statement's cancel flag and query timeout are checked for every row.
   */
  public Enumerable<Object> scan(DataContext root, BacktraceScanSpec spec) {
    Table table = table();
    BacktraceCancellation cancellation = BacktraceCancellation.start(root);
    if (spec.aggregate() != null) {
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object> enumerator() {
          return Linq4j.enumerator(
              new BacktraceAggregation(
                      table,
                      spec.aggregate(),
                      BacktraceParams.resolve(spec.predicate(), root),
                      cancellation)
                  .run());
        }
      };
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        return new BacktraceEnumerator(
            table,
            spec.columns(),
            BacktraceParams.resolve(spec.predicate(), root),
            spec.timeLimit(),
            spec.indexLimit(),
            spec.latest(),
            cancellation);
      }
    };
  }
}
