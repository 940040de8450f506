package io.backtracedb.sql;

import io.backtracedb.Predicate;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link BacktraceTableScan} reads: the table's column ordinals to return, in order, and a
 * pushed predicate over table column names whose values may be {@link BacktraceParam}s resolved
 * when the statement runs, and optionally an aggregate computed in the scan. Immutable.
 *
 * @param columns table column ordinals to return, in output order (with an aggregate: to read)
 * @param predicate the pushed filter, or null
 * @param aggregate the aggregate the scan computes, or null to return table rows
 * @param timeLimit a sort-and-limit on the time column the scan serves by reading blocks in time
 *     order and stopping early (the sort stays above it), or null
 * @param indexLimit a sort-and-limit on an indexed column the scan serves by walking the index in
 *     order and reading only the rows it needs (the sort stays above it), or null
 * @param latest the key columns (table ordinals) per which the scan returns only the newest rows
 *     (the tags of a series table: per series), because the aggregate above it needs no others;
 *     null to return every row
 */
public record BacktraceScanSpec(
    int[] columns,
    Predicate predicate,
    BacktraceAggregate aggregate,
    TimeLimit timeLimit,
    IndexLimit indexLimit,
    int[] latest) {

  /**
   * {@code ORDER BY <time column> [DESC] LIMIT limit} as the scan sees it.
   *
   * @param descending newest first
   * @param limit rows wanted (fetch plus offset)
   */
  public record TimeLimit(boolean descending, long limit) {
    @Override
    public String toString() {
      return (descending ? "DESC" : "ASC") + " " + limit;
    }
  }

  /**
   * {@code ORDER BY column [DESC] NULLS FIRST|LAST LIMIT limit} as the scan sees it.
   *
   * @param column the table ordinal of the sort column, which has an index
   * @param descending greatest first
   * @param nullsFirst whether NULL sorts before every value
   * @param limit rows wanted (fetch plus offset)
   */
  public record IndexLimit(int column, boolean descending, boolean nullsFirst, long limit) {
    /** The order and limit, naming the column as {@code names} does. */
    String describe(java.util.List<String> names) {
      return names.get(column)
          + (descending ? " DESC" : " ASC")
          + (nullsFirst ? " NULLS FIRST " : " NULLS LAST ")
          + limit;
    }
  }

  /** A spec returning table rows. */
  public BacktraceScanSpec(int[] columns, Predicate predicate) {
    this(columns, predicate, null, null, null, null);
  }

  /** This spec computing {@code folded} over its rows. */
  BacktraceScanSpec withAggregate(BacktraceAggregate folded) {
    return new BacktraceScanSpec(
        folded.columnsRead(), predicate, folded, timeLimit, indexLimit, latest);
  }

  /** This spec reading blocks in time order until {@code limit} best rows are certain. */
  BacktraceScanSpec withTimeLimit(TimeLimit limit) {
    return new BacktraceScanSpec(columns, predicate, aggregate, limit, indexLimit, latest);
  }

  /** This spec walking an index in order until {@code limit} best rows are certain. */
  BacktraceScanSpec withIndexLimit(IndexLimit limit) {
    return new BacktraceScanSpec(columns, predicate, aggregate, timeLimit, limit, latest);
  }

  /** This spec returning only the newest rows per value of the {@code keys} (table ordinals). */
  BacktraceScanSpec withLatest(int[] keys) {
    return new BacktraceScanSpec(columns, predicate, aggregate, timeLimit, indexLimit, keys);
  }

  /** Every column, no filter. */
  static BacktraceScanSpec all(int columnCount) {
    int[] columns = new int[columnCount];
    for (int i = 0; i < columnCount; i++) {
      columns[i] = i;
    }
    return new BacktraceScanSpec(columns, null);
  }

  /** This spec with {@code more} ANDed to its predicate. */
  BacktraceScanSpec withPredicate(Predicate more) {
    return new BacktraceScanSpec(
        columns,
        predicate == null ? more : Predicate.and(predicate, more),
        aggregate,
        timeLimit,
        indexLimit,
        latest);
  }

  /** This spec returning {@code outputs} (indexes into the current output) instead. */
  BacktraceScanSpec project(int[] outputs) {
    int[] projected = new int[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      projected[i] = columns[outputs[i]];
    }
    return new BacktraceScanSpec(projected, predicate, aggregate, timeLimit, indexLimit, latest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BacktraceScanSpec that
        && Arrays.equals(columns, that.columns)
        && Objects.equals(predicate, that.predicate)
        && Objects.equals(aggregate, that.aggregate)
        && Objects.equals(timeLimit, that.timeLimit)
        && Objects.equals(indexLimit, that.indexLimit)
        && Arrays.equals(latest, that.latest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(columns),
        predicate,
        aggregate,
        timeLimit,
        indexLimit,
        Arrays.hashCode(latest));
  }

  @Override
  public String toString() {
    return Arrays.toString(columns)
        + (predicate == null ? "" : " " + predicate)
        + (aggregate == null ? "" : " " + aggregate)
        + (timeLimit == null ? "" : " order " + timeLimit)
        + (indexLimit == null ? "" : " index order " + indexLimit)
        + (latest == null ? "" : " latest per " + Arrays.toString(latest));
  }
}
