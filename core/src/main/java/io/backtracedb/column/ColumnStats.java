package io.backtracedb.column;

/**
 * The minimum, maximum and NULL count of one column over a block, used to skip blocks.
 *
 * <p>Values are in the column type's representation (see {@link Values}). {@code min} and {@code
 * max} are null when every value is NULL; a bound may also be null when it is unknown (a long
 * string's maximum), which means "do not prune on it". Doubles follow {@link
 * Values#compareDoubles}: a column holding NaN has NaN as its maximum.
 *
 * @param min the smallest value, or null
 * @param max the largest value, or null
 * @param nullCount how many rows are NULL
 */
public record ColumnStats(Object min, Object max, long nullCount) {

  /** Strings longer than this keep a truncated minimum and no maximum in the manifest. */
  public static final int MAX_STRING_BOUND = 64;

  /** Stats of rows {@code [from, to)} of {@code vector}. */
  public static ColumnStats of(ColumnVector vector, int from, int to) {
    StatsAccumulator accumulator = new StatsAccumulator(vector.type());
    for (int row = from; row < to; row++) {
      accumulator.add(vector, row);
    }
    return accumulator.stats();
  }
}
