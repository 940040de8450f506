package io.backtracedb.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.util.BuiltInMethod;

/**
 * The executable INSERT: the input's rows are converted to {@code Object[]} and handed to {@link
 * BacktraceTable#insert}, which validates them and commits them, or holds them in the connection's
 * transaction.
 */
public final class BacktraceEnumerableModify extends BacktraceTableModify implements EnumerableRel {

  BacktraceEnumerableModify(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode input,
      Operation operation) {
    super(cluster, traits, table, catalogReader, input, operation);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BacktraceEnumerableModify(
        getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), getOperation());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression childRows = builder.append("child", child.block);
    JavaTypeFactory typeFactory = (JavaTypeFactory) getCluster().getTypeFactory();
    PhysType arrays = PhysTypeImpl.of(typeFactory, table.getRowType(), JavaRowFormat.ARRAY, false);
    ParameterExpression row = Expressions.parameter(child.physType.getJavaRowType(), "row");
    List<Expression> fields = new ArrayList<>();
    for (int i = 0; i < child.physType.getRowType().getFieldCount(); i++) {
      fields.add(child.physType.fieldReference(row, i, Object.class));
    }
    Expression rows =
        builder.append(
            "rows",
            Expressions.call(
                childRows,
                BuiltInMethod.SELECT.method,
                Expressions.lambda(arrays.record(fields), row)));
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                table.getExpression(BacktraceTable.class),
                BacktraceMethod.INSERT.method,
                implementor.getRootExpression(),
                rows)));
    PhysType result = PhysTypeImpl.of(typeFactory, getRowType(), JavaRowFormat.SCALAR);
    return implementor.result(result, builder.toBlock());
  }
}
