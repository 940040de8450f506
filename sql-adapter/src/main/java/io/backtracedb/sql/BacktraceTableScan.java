package io.backtracedb.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * A logical scan of a BacktraceDB table with filters and projections folded in; {@link
 * BacktraceEnumerableScan} is its executable form. The logical scan is deliberately not an {@code
 * EnumerableRel}: Calcite treats any EnumerableRel as physical, and rules such as ProjectRemoveRule
 * then refuse to produce it. EXPLAIN shows the pushed predicate ({@code filter}), the columns read
 * ({@code project}) and {@code blocks=S/T}: the blocks left to read after min/max pruning out of
 * the live blocks (the active block counts as one), measured when the plan is explained. With
 * {@code ?} parameters pruning happens at run time, so S = T.
 */
public class BacktraceTableScan extends TableScan {
  private final BacktraceTable backtraceTable;
  private final BacktraceScanSpec spec;

  /**
   * A scan with {@code traits}: convention NONE while the planner folds filters and projections
   * into it, ENUMERABLE once {@link BacktraceRules#TO_ENUMERABLE} converted it for execution.
   */
  BacktraceTableScan(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      BacktraceTable backtraceTable,
      BacktraceScanSpec spec) {
    super(cluster, traits, List.of(), table);
    this.backtraceTable = backtraceTable;
    this.spec = spec;
  }

  /** A logical scan of {@code table}. */
  static BacktraceTableScan logical(
      RelOptCluster cluster,
      RelOptTable table,
      BacktraceTable backtraceTable,
      BacktraceScanSpec spec) {
    return new BacktraceTableScan(
        cluster, cluster.traitSetOf(Convention.NONE), table, backtraceTable, spec);
  }

  BacktraceTable backtraceTable() {
    return backtraceTable;
  }

  BacktraceScanSpec spec() {
    return spec;
  }

  /** A copy reading {@code newSpec}. */
  BacktraceTableScan withSpec(BacktraceScanSpec newSpec) {
    return new BacktraceTableScan(getCluster(), getTraitSet(), getTable(), backtraceTable, newSpec);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return traitSet.equals(getTraitSet())
        ? this
        : new BacktraceTableScan(getCluster(), traitSet, getTable(), backtraceTable, spec);
  }

  /** The name EXPLAIN and planner traces show for the logical scan. */
  @Override
  public String getRelTypeName() {
    return "BacktraceLogicalTableScan";
  }

  /** The executable form of this scan (see {@link BacktraceEnumerableScan}). */
  BacktraceEnumerableScan toEnumerable() {
    return new BacktraceEnumerableScan(
        getCluster(),
        getTraitSet().replace(EnumerableConvention.INSTANCE),
        getTable(),
        backtraceTable,
        spec);
  }

  @Override
  public RelDataType deriveRowType() {
    if (spec.aggregate() != null) {
      return spec.aggregate().rowType();
    }
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
    for (int column : spec.columns()) {
      builder.add(fields.get(column));
    }
    return builder.build();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = new ArrayList<>();
    for (int column : spec.columns()) {
      names.add(table.getRowType().getFieldList().get(column).getName());
    }
    RelWriter writer = super.explainTerms(pw);
    if (spec.predicate() != null) {
      writer.item("filter", spec.predicate().toString());
    }
    writer.item("project", names);
    if (spec.aggregate() != null) {
      writer.item("aggregate", spec.aggregate().describe(table.getRowType().getFieldNames()));
    }
    if (spec.timeLimit() != null) {
      writer.item("order", spec.timeLimit().toString());
    }
    if (spec.latest() != null) {
      writer.item("latest", latestDescription());
    }
    if (spec.indexLimit() != null) {
      writer.item("order", spec.indexLimit().describe(table.getRowType().getFieldNames()));
    }
    // blocks=S/T reads live engine state: shown by EXPLAIN, kept out of the planner's digests.
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES) {
      BacktracePruning.Plan plan = BacktracePruning.describe(backtraceTable, spec);
      if (plan.index() != null) {
        writer.item("index", plan.index());
      }
      writer.item("blocks", plan.blocks());
    }
    return writer;
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (var rule : BacktraceRules.RULES) {
      planner.addRule(rule);
    }
  }

  /** {@code per series} on a series table, else {@code per <key columns>}. */
  private String latestDescription() {
    io.backtracedb.Table backtrace = backtraceTable().table();
    if (backtrace.options().isSeries()) {
      return "per series";
    }
    java.util.StringJoiner keys = new java.util.StringJoiner(", ", "per ", "");
    for (int key : spec.latest()) {
      keys.add(backtrace.schema().column(key).name());
    }
    return keys.toString();
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Fewer columns decode less; a pushed predicate skips blocks, row groups and pages.
    double columns = (spec.columns().length + 2D) / (table.getRowType().getFieldCount() + 2D);
    double filter = spec.predicate() == null ? 1D : 0.25D;
    // Aggregating column batches in the scan beats handing every row to an aggregate above it.
    double aggregate = spec.aggregate() == null ? 1D : 0.5D;
    // A time-ordered limit reads the newest (or oldest) blocks only.
    aggregate *= spec.timeLimit() == null ? 1D : 0.1D;
    // The newest rows of each series: a chunk per series and file instead of the history.
    aggregate *= spec.latest() != null ? 0.01D : 1D;
    // An index-ordered limit reads about its rows, one page each.
    if (spec.indexLimit() != null) {
      double rows = Math.max(1D, super.estimateRowCount(mq));
      aggregate *= Math.min(1D, spec.indexLimit().limit() * INDEX_ROW_COST / rows);
    }
    return super.computeSelfCost(planner, mq).multiplyBy(columns * filter * aggregate);
  }

  /** What a row fetched through an index costs, in rows a scan reads. */
  private static final double INDEX_ROW_COST = 8D;

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    rows = spec.predicate() == null ? rows : Math.max(1, rows * 0.25D);
    if (spec.aggregate() != null) {
      rows = spec.aggregate().groupColumns().length == 0 ? 1 : Math.max(1, rows * 0.1D);
    }
    return rows;
  }
}
