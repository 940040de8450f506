package io.backtracedb.sql;

import com.google.common.collect.ImmutableList;
import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Util;
import org.apache.calcite.util.mapping.Mappings;

/** The planner rules that fold filters and projections into a {@link BacktraceTableScan}. */
final class BacktraceRules {
  private BacktraceRules() {}

  /** Pushes the translatable conjuncts of a filter into the scan; the rest stay above it. */
  static final RelOptRule FILTER_SCAN =
      overLogicalScan(LogicalFilter.class, "BacktraceFilterScanRule", FilterScanRule::new);

  /** Reads only the columns a projection uses; the projection stays when it computes anything. */
  static final RelOptRule PROJECT_SCAN =
      overLogicalScan(LogicalProject.class, "BacktraceProjectScanRule", ProjectScanRule::new);

  /** Reads only the columns an aggregate uses (for {@code count(*)}: one column, to count rows). */
  static final RelOptRule AGGREGATE_SCAN =
      overLogicalScan(LogicalAggregate.class, "BacktraceAggregateScanRule", AggregateScanRule::new);

  /**
   * Computes count, sum, min, max and avg grouped by columns in the scan, on column batches, when
   * the aggregate sits directly on the scan (every filter pushed) and reads plain columns.
   */
  static final RelOptRule AGGREGATE_FOLD =
      overLogicalScan(LogicalAggregate.class, "BacktraceAggregateFoldRule", AggregateFoldRule::new);

  /**
   * Like {@link #AGGREGATE_FOLD} for an aggregate over a projection that computes its group keys as
   * time buckets of a column: {@code time_bucket(width, ts[, origin])} or {@code ts / n}.
   */
  static final RelOptRule AGGREGATE_PROJECT_FOLD =
      new BacktraceRuleConfig(
              "BacktraceAggregateProjectFoldRule",
              b0 ->
                  b0.operand(LogicalAggregate.class)
                      .oneInput(
                          b1 ->
                              b1.operand(LogicalProject.class)
                                  .oneInput(
                                      b2 ->
                                          b2.operand(BacktraceTableScan.class)
                                              .predicate(BacktraceRules::isLogical)
                                              .noInputs())),
              RelFactories.LOGICAL_BUILDER,
              AggregateProjectFoldRule::new)
          .toRule();

  /**
   * Serves {@code ORDER BY <time column> [DESC] LIMIT n} directly over a scan by reading blocks in
   * time order and stopping early, and {@code ORDER BY <indexed column> ... LIMIT n} by walking the
   * index in order; the sort stays above the scan to order and cut its rows.
   */
  static final RelOptRule SORT_LIMIT_SCAN =
      overLogicalScan(LogicalSort.class, "BacktraceSortLimitScanRule", SortLimitScanRule::new);

  /**
   * Lets a scan return only the newest rows of each group when the aggregate above needs no others:
   * only {@code last_sample(x, <time>)} and {@code max(<time>)}, grouped by tags (or none) of a
   * series table, whose older chunks are then not decoded, or by any columns of an ordinary table
   * whose time column holds no NULL, whose blocks are then read newest first and only as far as a
   * key can still have newer rows.
   */
  static final RelOptRule LATEST_SCAN =
      overLogicalScan(LogicalAggregate.class, "BacktraceLatestScanRule", LatestScanRule::new);

  /**
   * Turns a logical scan, once the planner folded what it could into it, into an executable one.
   */
  static final RelOptRule TO_ENUMERABLE =
      ConverterRule.Config.INSTANCE
          .withConversion(
              BacktraceTableScan.class,
              Convention.NONE,
              EnumerableConvention.INSTANCE,
              "BacktraceToEnumerableRule")
          .withRuleFactory(ToEnumerableRule::new)
          .toRule();

  /**
   * Refuses UPDATE, DELETE and MERGE on a BacktraceDB table with SQLState 0A000. Calcite plans them
   * without asking the table, and its executor would fail with an assertion.
   */
  static final RelOptRule REFUSE_MODIFY =
      new BacktraceRuleConfig(
              "BacktraceRefuseModifyRule",
              b0 ->
                  b0.operand(LogicalTableModify.class)
                      .predicate(
                          modify ->
                              !modify.isInsert()
                                  && modify.getTable().unwrap(BacktraceTable.class) != null)
                      .anyInputs(),
              RelFactories.LOGICAL_BUILDER,
              RefuseModifyRule::new)
          .toRule();

  static final List<RelOptRule> RULES =
      List.of(
          FILTER_SCAN,
          PROJECT_SCAN,
          AGGREGATE_SCAN,
          AGGREGATE_FOLD,
          AGGREGATE_PROJECT_FOLD,
          SORT_LIMIT_SCAN,
          LATEST_SCAN,
          TO_ENUMERABLE,
          REFUSE_MODIFY);

  /** See {@link #REFUSE_MODIFY}. */
  static final class RefuseModifyRule extends RelRule<BacktraceRuleConfig> {
    RefuseModifyRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalTableModify modify = call.rel(0);
      throw new SqlStateException(
          "0A000",
          modify.getOperation()
              + " is not supported on table '"
              + Util.last(modify.getTable().getQualifiedName())
              + "': BacktraceDB tables take INSERT; retention (ttl) and DROP TABLE remove rows");
    }
  }

  /** A rule matching {@code parent} directly over a logical scan. */
  private static RelOptRule overLogicalScan(
      Class<? extends RelNode> parent,
      String description,
      java.util.function.Function<BacktraceRuleConfig, RelOptRule> factory) {
    return new BacktraceRuleConfig(
            description,
            b0 ->
                b0.operand(parent)
                    .oneInput(
                        b1 ->
                            b1.operand(BacktraceTableScan.class)
                                .predicate(BacktraceRules::isLogical)
                                .noInputs()),
            RelFactories.LOGICAL_BUILDER,
            factory)
        .toRule();
  }

  /**
   * A logical scan that still returns plain table rows: no aggregate folded in, and no limit (a
   * filter pushed below a limit would change which rows it keeps).
   */
  private static boolean isLogical(BacktraceTableScan scan) {
    return scan.getConvention() == Convention.NONE
        && scan.spec().aggregate() == null
        && scan.spec().timeLimit() == null
        && scan.spec().indexLimit() == null
        && scan.spec().latest() == null;
  }

  /** See {@link #AGGREGATE_PROJECT_FOLD}. */
  static final class AggregateProjectFoldRule extends RelRule<BacktraceRuleConfig> {
    AggregateProjectFoldRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      LogicalProject project = call.rel(1);
      BacktraceTableScan scan = call.rel(2);
      if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      int[] columns = scan.spec().columns();
      io.backtracedb.Schema schema = scan.backtraceTable().table().schema();
      List<RexNode> projects = project.getProjects();
      // Aggregate arguments must be plain columns; -1 marks a computed one.
      int[] argColumns = new int[projects.size()];
      for (int i = 0; i < argColumns.length; i++) {
        argColumns[i] = projects.get(i) instanceof RexInputRef ref ? columns[ref.getIndex()] : -1;
      }
      List<Integer> group = aggregate.getGroupSet().asList();
      int[] groupColumns = new int[group.size()];
      BacktraceAggregate.Bucket[] buckets = new BacktraceAggregate.Bucket[group.size()];
      boolean anyBucket = false;
      for (int g = 0; g < group.size(); g++) {
        RexNode key = projects.get(group.get(g));
        if (key instanceof RexInputRef ref) {
          groupColumns[g] = columns[ref.getIndex()];
          continue;
        }
        BucketKey bucket = bucketOf(key, columns, schema);
        if (bucket == null) {
          return;
        }
        groupColumns[g] = bucket.column();
        buckets[g] = bucket.bucket();
        anyBucket = true;
      }
      if (!anyBucket) {
        return; // a projection of plain columns: PROJECT_SCAN and AGGREGATE_FOLD handle it
      }
      List<BacktraceAggregate.Call> calls = new ArrayList<>();
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        for (int arg : aggregateCall.getArgList()) {
          if (argColumns[arg] < 0) {
            return;
          }
        }
        BacktraceAggregate.Call folded = AggregateFoldRule.fold(aggregateCall, argColumns, schema);
        if (folded == null) {
          return;
        }
        calls.add(folded);
      }
      BacktraceAggregate folded =
          new BacktraceAggregate(groupColumns, buckets, calls, aggregate.getRowType());
      call.transformTo(scan.withSpec(scan.spec().withAggregate(folded)));
    }

    /**
     * A time bucket of a column as a group key.
     *
     * @param column the table column ordinal
     * @param bucket how its values become keys
     */
    private record BucketKey(int column, BacktraceAggregate.Bucket bucket) {}

    /** {@code key} as a bucket of a BIGINT or TIMESTAMP column, or null. */
    private static BucketKey bucketOf(RexNode key, int[] columns, io.backtracedb.Schema schema) {
      if (!(key instanceof RexCall call)) {
        return null;
      }
      List<RexNode> operands = call.getOperands();
      if (call.getKind() == SqlKind.DIVIDE
          && operands.size() == 2
          && operands.get(0) instanceof RexInputRef ref
          && call.getType().getSqlTypeName() == SqlTypeName.BIGINT) {
        int column = columns[ref.getIndex()];
        Long divisor = longOf(operands.get(1));
        if (schema.column(column).type() != ColumnType.BIGINT || divisor == null || divisor <= 0) {
          return null;
        }
        return new BucketKey(column, new BacktraceAggregate.Bucket(true, divisor, 0));
      }
      if (!call.getOperator().getName().equalsIgnoreCase("time_bucket")
          || operands.size() < 2
          || !(operands.get(1) instanceof RexInputRef ref)) {
        return null;
      }
      int column = columns[ref.getIndex()];
      ColumnType type = schema.column(column).type();
      Long width = longOf(operands.get(0));
      Long origin =
          operands.size() == 3
              ? longOf(operands.get(2))
              : Long.valueOf(
                  type == ColumnType.TIMESTAMP
                      ? io.backtracedb.sql.function.TimeBucket.TIMESTAMP_ORIGIN_MILLIS
                      : 0);
      if ((type != ColumnType.TIMESTAMP && type != ColumnType.BIGINT)
          || width == null
          || width <= 0
          || origin == null) {
        return null;
      }
      return new BucketKey(column, new BacktraceAggregate.Bucket(false, width, origin));
    }

    /** The value of an integer, interval or timestamp literal (possibly cast) as a long. */
    private static Long longOf(RexNode node) {
      RexNode literal = node;
      while (literal instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
        literal = cast.getOperands().get(0);
      }
      if (!(literal instanceof RexLiteral value) || value.isNull()) {
        return null;
      }
      try {
        return value.getValueAs(Long.class);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** See {@link #LATEST_SCAN}. */
  static final class LatestScanRule extends RelRule<BacktraceRuleConfig> {
    LatestScanRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      io.backtracedb.Table table = scan.backtraceTable().table();
      if (aggregate.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE
          || aggregate.getAggCallList().isEmpty()
          || table.options().timeColumn() == null) {
        return;
      }
      int[] columns = scan.spec().columns();
      int time = table.schema().ordinalOf(table.options().timeColumn());
      int[] keys = new int[aggregate.getGroupSet().cardinality()];
      int k = 0;
      for (int key : aggregate.getGroupSet()) {
        keys[k++] = columns[key];
      }
      if (table.options().isSeries()) {
        for (int key : keys) {
          if (!table.options().tags().contains(table.schema().column(key).name())) {
            return;
          }
        }
      } else if (keys.length == 0 || table.schema().column(time).nullable()) {
        // Ordinary tables: the newest rows per key, which needs a key and times without NULLs.
        return;
      }
      for (org.apache.calcite.rel.core.AggregateCall agg : aggregate.getAggCallList()) {
        List<Integer> args = agg.getArgList();
        String name = agg.getAggregation().getName();
        boolean last =
            name.equalsIgnoreCase("last_sample")
                && args.size() == 2
                && columns[args.get(1)] == time;
        boolean newest =
            agg.getAggregation().getKind() == SqlKind.MAX
                && args.size() == 1
                && columns[args.get(0)] == time;
        if (agg.isDistinct() || agg.filterArg >= 0 || !(last || newest)) {
          return;
        }
      }
      call.transformTo(
          aggregate.copy(
              aggregate.getTraitSet(), List.of(scan.withSpec(scan.spec().withLatest(keys)))));
    }
  }

  /** See {@link #SORT_LIMIT_SCAN}. */
  static final class SortLimitScanRule extends RelRule<BacktraceRuleConfig> {
    SortLimitScanRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      if (!(sort.fetch instanceof RexLiteral fetch)
          || (sort.offset != null && !(sort.offset instanceof RexLiteral))
          || sort.getCollation().getFieldCollations().isEmpty()) {
        return;
      }
      io.backtracedb.Table table = scan.backtraceTable().table();
      long limit =
          RexLiteral.intValue(fetch)
              + (sort.offset == null ? 0 : RexLiteral.intValue((RexLiteral) sort.offset));
      RelFieldCollation first = sort.getCollation().getFieldCollations().get(0);
      int column = scan.spec().columns()[first.getFieldIndex()];
      boolean descending = first.getDirection().isDescending();
      String time = table.options().timeColumn();
      BacktraceScanSpec limited;
      // A nullable time column could put NULL rows first, which time order cannot bound.
      if (time != null
          && column == table.schema().ordinalOf(time)
          && !table.schema().column(column).nullable()) {
        limited = scan.spec().withTimeLimit(new BacktraceScanSpec.TimeLimit(descending, limit));
      } else if (hasReadyIndex(table, column)
          && limit * INDEX_LIMIT_SHARE <= table.stats().rowCount()) {
        RelFieldCollation.NullDirection nulls = first.nullDirection;
        if (nulls == RelFieldCollation.NullDirection.UNSPECIFIED) {
          nulls = first.getDirection().defaultNullDirection();
        }
        limited =
            scan.spec()
                .withIndexLimit(
                    new BacktraceScanSpec.IndexLimit(
                        column, descending, nulls == RelFieldCollation.NullDirection.FIRST, limit));
      } else {
        return;
      }
      call.transformTo(
          sort.copy(
              sort.getTraitSet(),
              scan.withSpec(limited),
              sort.getCollation(),
              sort.offset,
              sort.fetch));
    }

    /**
     * An index walk serves a limit of at most this share of the table's rows; past that, reading
     * rows one index entry at a time costs more than scanning and sorting.
     */
    private static final long INDEX_LIMIT_SHARE = 16;

    private static boolean hasReadyIndex(io.backtracedb.Table table, int column) {
      String name = table.schema().column(column).name();
      for (io.backtracedb.IndexInfo index : table.indexes()) {
        if (index.column().equals(name) && index.state().equals("ready")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Result types the scan's aggregation produces Java values for. */
  private static final Set<SqlTypeName> FOLDABLE_RESULTS =
      EnumSet.of(
          SqlTypeName.BIGINT,
          SqlTypeName.INTEGER,
          SqlTypeName.DOUBLE,
          SqlTypeName.TIMESTAMP,
          SqlTypeName.DATE);

  /** See {@link #AGGREGATE_FOLD}. */
  static final class AggregateFoldRule extends RelRule<BacktraceRuleConfig> {
    AggregateFoldRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      int[] columns = scan.spec().columns();
      io.backtracedb.Schema schema = scan.backtraceTable().table().schema();
      int[] group = aggregate.getGroupSet().asList().stream().mapToInt(i -> columns[i]).toArray();
      List<BacktraceAggregate.Call> calls = new ArrayList<>();
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        BacktraceAggregate.Call folded = fold(aggregateCall, columns, schema);
        if (folded == null) {
          return;
        }
        calls.add(folded);
      }
      BacktraceAggregate folded = new BacktraceAggregate(group, calls, aggregate.getRowType());
      call.transformTo(scan.withSpec(scan.spec().withAggregate(folded)));
    }

    /** The scan's form of {@code call}, or null when the scan cannot compute it. */
    static BacktraceAggregate.Call fold(
        AggregateCall call, int[] columns, io.backtracedb.Schema schema) {
      SqlTypeName result = call.getType().getSqlTypeName();
      if (call.isDistinct()
          || call.isApproximate()
          || call.filterArg >= 0
          || !call.getCollation().getFieldCollations().isEmpty()
          || !call.rexList.isEmpty()
          || !FOLDABLE_RESULTS.contains(result)) {
        return null;
      }
      List<Integer> args = call.getArgList();
      SqlKind kind = call.getAggregation().getKind();
      if (kind == SqlKind.COUNT) {
        if (args.isEmpty()) {
          return new BacktraceAggregate.Call(BacktraceAggregate.Function.COUNT_ROWS, -1, result);
        }
        return args.size() == 1
            ? new BacktraceAggregate.Call(
                BacktraceAggregate.Function.COUNT, columns[args.get(0)], result)
            : null;
      }
      if (args.size() != 1) {
        return null;
      }
      int column = columns[args.get(0)];
      ColumnType type = schema.column(column).type();
      boolean numeric =
          type == ColumnType.INTEGER || type == ColumnType.BIGINT || type == ColumnType.DOUBLE;
      boolean ordered = numeric || type == ColumnType.TIMESTAMP || type == ColumnType.DATE;
      BacktraceAggregate.Function function =
          switch (kind) {
            case SUM -> numeric ? BacktraceAggregate.Function.SUM : null;
            case SUM0 -> numeric ? BacktraceAggregate.Function.SUM0 : null;
            case AVG -> numeric ? BacktraceAggregate.Function.AVG : null;
            case MIN -> ordered ? BacktraceAggregate.Function.MIN : null;
            case MAX -> ordered ? BacktraceAggregate.Function.MAX : null;
            default -> null;
          };
      return function == null ? null : new BacktraceAggregate.Call(function, column, result);
    }
  }

  /** See {@link #AGGREGATE_SCAN}. */
  static final class AggregateScanRule extends RelRule<BacktraceRuleConfig> {
    AggregateScanRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      ImmutableBitSet.Builder used = ImmutableBitSet.builder();
      used.addAll(aggregate.getGroupSet());
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        if (!aggregateCall.getCollation().getFieldCollations().isEmpty()
            || !aggregateCall.rexList.isEmpty()) {
          return; // ordered or parameterised aggregates: leave them alone
        }
        used.addAll(aggregateCall.getArgList());
        if (aggregateCall.filterArg >= 0) {
          used.set(aggregateCall.filterArg);
        }
      }
      ImmutableBitSet columns = used.build();
      if (columns.isEmpty()) {
        columns = ImmutableBitSet.of(0);
      }
      int width = scan.spec().columns().length;
      if (columns.cardinality() >= width) {
        return;
      }
      int[] outputs = columns.toArray();
      Map<Integer, Integer> positions = new HashMap<>();
      for (int i = 0; i < outputs.length; i++) {
        positions.put(outputs[i], i);
      }
      Mappings.TargetMapping mapping = Mappings.target(positions, width, outputs.length);
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        calls.add(aggregateCall.transform(mapping));
      }
      RelNode narrowed = scan.withSpec(scan.spec().project(outputs));
      call.transformTo(
          aggregate.copy(
              aggregate.getTraitSet(),
              narrowed,
              aggregate.getGroupSet().permute(positions),
              ImmutableList.copyOf(ImmutableBitSet.permute(aggregate.getGroupSets(), positions)),
              calls));
    }
  }

  /** See {@link #TO_ENUMERABLE}. */
  static final class ToEnumerableRule extends ConverterRule {
    ToEnumerableRule(ConverterRule.Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return ((BacktraceTableScan) rel).toEnumerable();
    }
  }

  /** See {@link #FILTER_SCAN}. */
  static final class FilterScanRule extends RelRule<BacktraceRuleConfig> {
    FilterScanRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
      RexNode condition = RexUtil.expandSearch(rexBuilder, null, filter.getCondition());
      BacktraceRexTranslator translator =
          new BacktraceRexTranslator(scan.backtraceTable().table().schema(), scan.spec().columns());
      List<Predicate> pushed = new ArrayList<>();
      List<RexNode> kept = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        try {
          pushed.add(translator.translate(conjunct));
        } catch (UnsupportedOperationException e) {
          kept.add(conjunct);
        }
      }
      if (pushed.isEmpty()) {
        return;
      }
      Predicate predicate = pushed.size() == 1 ? pushed.get(0) : new Predicate.And(pushed);
      RelNode result = scan.withSpec(scan.spec().withPredicate(predicate));
      if (!kept.isEmpty()) {
        result = call.builder().push(result).filter(kept).build();
      }
      call.transformTo(result);
    }
  }

  /** See {@link #PROJECT_SCAN}. */
  static final class ProjectScanRule extends RelRule<BacktraceRuleConfig> {
    ProjectScanRule(BacktraceRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      BacktraceTableScan scan = call.rel(1);
      Set<Integer> used = new LinkedHashSet<>();
      boolean onlyColumns = true;
      for (RexNode expression : project.getProjects()) {
        if (expression instanceof RexInputRef ref) {
          used.add(ref.getIndex());
        } else {
          onlyColumns = false;
          expression.accept(
              new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                  used.add(ref.getIndex());
                  return ref;
                }
              });
        }
      }
      if (used.size() == scan.spec().columns().length && !onlyColumns) {
        return; // reading fewer columns is impossible and the projection must stay
      }
      int[] outputs =
          onlyColumns ? refs(project) : used.stream().mapToInt(Integer::intValue).toArray();
      BacktraceTableScan narrowed = scan.withSpec(scan.spec().project(outputs));
      if (onlyColumns) {
        call.transformTo(narrowed);
        return;
      }
      List<Integer> order = new ArrayList<>(used);
      RelBuilder builder = call.builder().push(narrowed);
      List<RexNode> remapped = new ArrayList<>();
      for (RexNode expression : project.getProjects()) {
        remapped.add(
            expression.accept(
                new RexShuttle() {
                  @Override
                  public RexNode visitInputRef(RexInputRef ref) {
                    return builder.field(order.indexOf(ref.getIndex()));
                  }
                }));
      }
      call.transformTo(builder.project(remapped, project.getRowType().getFieldNames()).build());
    }

    private static int[] refs(LogicalProject project) {
      int[] outputs = new int[project.getProjects().size()];
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = ((RexInputRef) project.getProjects().get(i)).getIndex();
      }
      return outputs;
    }
  }
}
