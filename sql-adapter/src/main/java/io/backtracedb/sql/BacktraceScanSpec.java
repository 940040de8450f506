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
 */
public record BacktraceScanSpec(int[] columns, Predicate predicate, BacktraceAggregate aggregate) {

  /** A spec returning table rows. */
  public BacktraceScanSpec(int[] columns, Predicate predicate) {
    this(columns, predicate, null);
  }

  /** This spec computing {@code folded} over its rows. */
  BacktraceScanSpec withAggregate(BacktraceAggregate folded) {
    return new BacktraceScanSpec(folded.columnsRead(), predicate, folded);
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
        columns, predicate == null ? more : Predicate.and(predicate, more));
  }

  /** This spec returning {@code outputs} (indexes into the current output) instead. */
  BacktraceScanSpec project(int[] outputs) {
    int[] projected = new int[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      projected[i] = columns[outputs[i]];
    }
    return new BacktraceScanSpec(projected, predicate);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BacktraceScanSpec that
        && Arrays.equals(columns, that.columns)
        && Objects.equals(predicate, that.predicate)
        && Objects.equals(aggregate, that.aggregate);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(columns) * 31 + Objects.hashCode(predicate)) * 31
        + Objects.hashCode(aggregate);
  }

  @Override
  public String toString() {
    return Arrays.toString(columns)
        + (predicate == null ? "" : " " + predicate)
        + (aggregate == null ? "" : " " + aggregate);
  }
}
