package io.backtracedb.wal;

import io.backtracedb.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Wal} writes: when it fsyncs and how large its segments grow. Immutable.
 *
 * @param durability when appended records are forced to stable storage
 * @param syncInterval how often the background thread forces in {@link Durability#ASYNC} mode
 * @param segmentSize the size in bytes at which the log starts a new segment; a record that would
 *     take the active segment past it goes to a new one, and a record larger than a whole segment
 *     still goes into a single segment of its own
 */
public record WalOptions(Durability durability, Duration syncInterval, long segmentSize) {

  /** The default background sync interval in ASYNC mode. */
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);

  /** The default segment size, 64 MiB: few files, and a released segment frees a useful amount. */
  public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;

  /** The smallest segment size accepted: a header and one small record. */
  public static final long MIN_SEGMENT_SIZE = 64;

  /** Validates the options, naming the parameter at fault. */
  public WalOptions {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(syncInterval, "syncInterval");
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive, got " + syncInterval);
    }
    if (segmentSize < MIN_SEGMENT_SIZE) {
      throw new IllegalArgumentException(
          "segmentSize cannot be less than " + MIN_SEGMENT_SIZE + " bytes, got " + segmentSize);
    }
  }

  /** SYNC durability, a 100 ms ASYNC interval and 64 MiB segments. */
  public static WalOptions defaults() {
    return new WalOptions(Durability.SYNC, DEFAULT_SYNC_INTERVAL, DEFAULT_SEGMENT_SIZE);
  }

  /** These options with another durability mode. */
  public WalOptions withDurability(Durability value) {
    return new WalOptions(value, syncInterval, segmentSize);
  }

  /** These options with another ASYNC sync interval. */
  public WalOptions withSyncInterval(Duration value) {
    return new WalOptions(durability, value, segmentSize);
  }

  /** These options with another segment size in bytes. */
  public WalOptions withSegmentSize(long value) {
    return new WalOptions(durability, syncInterval, value);
  }
}
