package io.backtracedb.sql;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableModify;

/**
 * INSERT into a BacktraceDB table: the input's rows are converted to {@code Object[]} and handed to
 * {@link BacktraceTable#insert}, which validates them and commits them, or holds them in the
 * connection's transaction. Logical (convention NONE) until {@link #TO_ENUMERABLE} converts it.
 */
public class BacktraceTableModify extends TableModify {

  /** Makes a logical modify executable. */
  static final RelOptRule TO_ENUMERABLE =
      ConverterRule.Config.INSTANCE
          .withConversion(
              BacktraceTableModify.class,
              Convention.NONE,
              EnumerableConvention.INSTANCE,
              "BacktraceModifyToEnumerableRule")
          .withRuleFactory(ToEnumerable::new)
          .toRule();

  BacktraceTableModify(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode input,
      Operation operation) {
    super(cluster, traits, table, catalogReader, input, operation, null, null, false);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BacktraceTableModify(
        getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), getOperation());
  }

  @Override
  public void register(RelOptPlanner planner) {
    planner.addRule(TO_ENUMERABLE);
  }

  /** See {@link #TO_ENUMERABLE}. */
  static final class ToEnumerable extends ConverterRule {
    ToEnumerable(ConverterRule.Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      BacktraceTableModify modify = (BacktraceTableModify) rel;
      RelTraitSet traits = modify.getTraitSet().replace(EnumerableConvention.INSTANCE);
      RelNode input =
          convert(
              modify.getInput(),
              modify.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
      return new BacktraceEnumerableModify(
          modify.getCluster(),
          traits,
          modify.getTable(),
          modify.getCatalogReader(),
          input,
          modify.getOperation());
    }
  }
}
