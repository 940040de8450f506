package io.backtracedb.sql.function;

/**
 * {@code time_bucket(width, time[, origin])}: the start of the bucket of {@code width} that holds
 * {@code time}, buckets being laid end to end from {@code origin}. Called by generated code with
 * Calcite's internal values: a TIMESTAMP and a day-time INTERVAL are milliseconds, so one method
 * serves TIMESTAMP columns (width an INTERVAL) and BIGINT time columns (width in the column's own
 * unit).
 */
public final class TimeBucket {
  /**
   * The default origin of TIMESTAMP buckets: Monday 2000-01-03 00:00:00, so that week buckets start
   * on Mondays (as TimescaleDB and DuckDB do); buckets of a day or less are unaffected.
   */
  public static final long TIMESTAMP_ORIGIN_MILLIS = 946_857_600_000L;

  private TimeBucket() {}

  /** The bucket of {@code time} with the default TIMESTAMP origin. */
  public static long bucketTimestamp(long width, long time) {
    return bucket(width, time, TIMESTAMP_ORIGIN_MILLIS);
  }

  /** The bucket of a BIGINT {@code time}, buckets aligned to zero. */
  public static long bucketNumber(long width, long time) {
    return bucket(width, time, 0);
  }

  /**
   * The start of the bucket holding {@code time}: {@code origin + k * width} for the largest {@code
   * k} with a start at or before {@code time} (so times before the origin round down too).
   */
  public static long bucket(long width, long time, long origin) {
    if (width <= 0) {
      throw new IllegalArgumentException("time_bucket width must be positive, got " + width);
    }
    return origin + Math.floorDiv(Math.subtractExact(time, origin), width) * width;
  }
}
