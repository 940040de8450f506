package io.backtracedb.sql;

import io.backtracedb.Predicate;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link BacktraceTableScan} reads: the table's column ordinals to return, in order, and a
 * pushed predicate over table column names whose values may be {@link BacktraceParam}s resolved
 * when the statement runs. Immutable.
 *
 * @param columns table column ordinals to return, in output order
 * @param predicate the pushed filter, or null
 */
public record BacktraceScanSpec(int[] columns, Predicate predicate) {

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
        && Objects.equals(predicate, that.predicate);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(columns) * 31 + Objects.hashCode(predicate);
  }

  @Override
  public String toString() {
    return Arrays.toString(columns) + (predicate == null ? "" : " " + predicate);
  }
}
