package io.backtracedb.sql;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A plain, immutable {@link RelRule.Config} for BacktraceDB's rules.
 *
 * @param description the rule's name in planner traces
 * @param operandSupplier what the rule matches
 * @param relBuilderFactory how it builds replacement nodes
 * @param factory creates the rule from this config
 */
record BacktraceRuleConfig(
    String description,
    RelRule.OperandTransform operandSupplier,
    RelBuilderFactory relBuilderFactory,
    Function<BacktraceRuleConfig, RelOptRule> factory)
    implements RelRule.Config {

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory value) {
    return new BacktraceRuleConfig(description, operandSupplier, value, factory);
  }

  @Override
  public RelRule.Config withDescription(String value) {
    return new BacktraceRuleConfig(value, operandSupplier, relBuilderFactory, factory);
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform value) {
    return new BacktraceRuleConfig(description, value, relBuilderFactory, factory);
  }
}
