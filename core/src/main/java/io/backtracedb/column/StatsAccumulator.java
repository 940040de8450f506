package io.backtracedb.column;

import io.backtracedb.ColumnType;

/** Running min, max and NULL count of one column, updated row by row without boxing. */
public final class StatsAccumulator {
  private final ColumnType type;
  private long nulls;
  private long values;
  private long minLong = Long.MAX_VALUE;
  private long maxLong = Long.MIN_VALUE;
  private double minDouble = Double.POSITIVE_INFINITY;
  private double maxDouble = Double.NEGATIVE_INFINITY;
  private boolean sawNaN;
  private String minString;
  private String maxString;

  /** An empty accumulator for a column of {@code type}. */
  public StatsAccumulator(ColumnType type) {
    this.type = type;
  }

  /** Adds row {@code row} of {@code vector}. */
  public void add(ColumnVector vector, int row) {
    if (vector.isNull(row)) {
      nulls++;
      return;
    }
    values++;
    switch (type.physical()) {
      case LONG -> addLong(((LongVector) vector).get(row));
      case INT -> addLong(((IntVector) vector).get(row));
      case BOOLEAN -> addLong(((BooleanVector) vector).get(row) ? 1 : 0);
      case DOUBLE -> addDouble(((DoubleVector) vector).get(row));
      case STRING -> addString(((StringVector) vector).get(row));
      default -> throw new IllegalStateException("unknown physical type " + type.physical());
    }
  }

  /** Adds rows {@code [from, to)} of {@code vector}, with the type dispatch outside the loop. */
  public void addRange(ColumnVector vector, int from, int to) {
    boolean nullable = vector.mayHaveNulls();
    switch (type.physical()) {
      case LONG -> addLongs((LongVector) vector, from, to, nullable);
      case DOUBLE -> addDoubles((DoubleVector) vector, from, to, nullable);
      case STRING -> addStrings((StringVector) vector, from, to, nullable);
      default -> {
        for (int row = from; row < to; row++) {
          add(vector, row);
        }
      }
    }
  }

  private void addLongs(LongVector vector, int from, int to, boolean nullable) {
    long[] array = vector.values();
    long min = minLong;
    long max = maxLong;
    long count = 0;
    for (int row = from; row < to; row++) {
      if (nullable && vector.isNull(row)) {
        continue;
      }
      long value = array[row];
      min = Math.min(min, value);
      max = Math.max(max, value);
      count++;
    }
    minLong = min;
    maxLong = max;
    values += count;
    nulls += (to - from) - count;
  }

  private void addDoubles(DoubleVector vector, int from, int to, boolean nullable) {
    double[] array = vector.values();
    double min = minDouble;
    double max = maxDouble;
    boolean nan = sawNaN;
    long count = 0;
    for (int row = from; row < to; row++) {
      if (nullable && vector.isNull(row)) {
        continue;
      }
      count++;
      double value = array[row];
      if (value != value) {
        nan = true;
      } else {
        // -0.0 orders below 0.0 here, so that both bounds keep the sign they were given.
        if (value < min || (value == 0.0 && Double.compare(value, min) < 0)) {
          min = value;
        }
        if (value > max || (value == 0.0 && Double.compare(value, max) > 0)) {
          max = value;
        }
      }
    }
    minDouble = min;
    maxDouble = max;
    sawNaN = nan;
    values += count;
    nulls += (to - from) - count;
  }

  /**
   * Strings are compared once per distinct dictionary id in the range, not once per row, unless the
   * dictionary is much larger than the range.
   */
  private void addStrings(StringVector vector, int from, int to, boolean nullable) {
    int[] ids = vector.ids();
    String[] dictionary = vector.dictionary();
    if (dictionary.length > 4 * (to - from) + 1024) {
      for (int row = from; row < to; row++) {
        add(vector, row);
      }
      return;
    }
    boolean[] seen = new boolean[dictionary.length];
    long count = 0;
    for (int row = from; row < to; row++) {
      if (nullable && vector.isNull(row)) {
        continue;
      }
      count++;
      seen[ids[row]] = true;
    }
    for (int id = 0; id < seen.length; id++) {
      if (seen[id]) {
        addString(dictionary[id]);
      }
    }
    values += count;
    nulls += (to - from) - count;
  }

  /** Counts a NULL. */
  public void addNull() {
    nulls++;
  }

  /** Adds a LONG, INT or BOOLEAN (0/1) value. */
  public void addLong(long value) {
    if (value < minLong) {
      minLong = value;
    }
    if (value > maxLong) {
      maxLong = value;
    }
  }

  /** Adds a DOUBLE value. */
  public void addDouble(double value) {
    if (Double.isNaN(value)) {
      sawNaN = true;
      return;
    }
    if (value < minDouble || (value == 0.0 && Double.compare(value, minDouble) < 0)) {
      minDouble = value;
    }
    if (value > maxDouble || (value == 0.0 && Double.compare(value, maxDouble) > 0)) {
      maxDouble = value;
    }
  }

  /** Adds a STRING value. */
  public void addString(String value) {
    if (minString == null || value.compareTo(minString) < 0) {
      minString = value;
    }
    if (maxString == null || value.compareTo(maxString) > 0) {
      maxString = value;
    }
  }

  /** The stats of everything added so far. */
  public ColumnStats stats() {
    if (values == 0) {
      return new ColumnStats(null, null, nulls);
    }
    return switch (type.physical()) {
      case LONG -> new ColumnStats(minLong, maxLong, nulls);
      case INT -> new ColumnStats((int) minLong, (int) maxLong, nulls);
      case BOOLEAN -> new ColumnStats(minLong == 1, maxLong == 1, nulls);
      // NaN is the largest double in the engine's order; a column of only NaN has NaN as both.
      case DOUBLE ->
          sawNaN
              ? new ColumnStats(minDouble <= maxDouble ? minDouble : Double.NaN, Double.NaN, nulls)
              : new ColumnStats(minDouble, maxDouble, nulls);
      case STRING -> new ColumnStats(boundMin(minString), boundMax(maxString), nulls);
    };
  }

  private static String boundMin(String value) {
    // A prefix is never greater than the value, so a truncated minimum still bounds.
    return value.length() <= ColumnStats.MAX_STRING_BOUND
        ? value
        : value.substring(0, ColumnStats.MAX_STRING_BOUND);
  }

  private static String boundMax(String value) {
    return value.length() <= ColumnStats.MAX_STRING_BOUND ? value : null;
  }
}
