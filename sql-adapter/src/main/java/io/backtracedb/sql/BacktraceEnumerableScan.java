package io.backtracedb.sql;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The executable form of a {@link BacktraceTableScan}: generated code calls {@link
 * BacktraceTable#scan} with the scan's spec.
 */
public final class BacktraceEnumerableScan extends BacktraceTableScan implements EnumerableRel {

  BacktraceEnumerableScan(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      BacktraceTable backtraceTable,
      BacktraceScanSpec spec) {
    super(cluster, traits, table, backtraceTable, spec);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return traitSet.equals(getTraitSet())
        ? this
        : new BacktraceEnumerableScan(getCluster(), traitSet, getTable(), backtraceTable(), spec());
  }

  /** EXPLAIN shows the executable scan as BacktraceTableScan. */
  @Override
  public String getRelTypeName() {
    return "BacktraceTableScan";
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
    return implementor.result(
        physType,
        Blocks.toBlock(
            Expressions.call(
                // The table object itself, not a lookup by name through the root schema on every
                // execution: it resolves its storage by name when the scan runs.
                implementor.stash(backtraceTable(), BacktraceTable.class),
                BacktraceMethod.SCAN.method,
                implementor.getRootExpression(),
                implementor.stash(spec(), BacktraceScanSpec.class))));
  }
}
