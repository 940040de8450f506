package io.backtracedb.series;

/**
 * When a chunk is full: at {@code maxSamples} samples, or when a sample would lie {@code
 * maxSpanMillis} or more after the chunk's first one.
 *
 * @param maxSamples 1 to {@link SeriesFormat#MAX_CHUNK_SAMPLES}
 * @param maxSpanMillis at least 1
 */
public record ChunkLimits(int maxSamples, long maxSpanMillis) {
  /**
   * 120 samples, as Prometheus cuts its chunks (the point where Gorilla compression stops
   * improving), and at most two hours, so that a sparse series still ends chunks that pruning can
   * skip.
   */
  public static final ChunkLimits DEFAULT = new ChunkLimits(120, 2 * 60 * 60 * 1000L);

  /** Validates the limits. */
  public ChunkLimits {
    if (maxSamples < 1 || maxSamples > SeriesFormat.MAX_CHUNK_SAMPLES) {
      throw new IllegalArgumentException(
          "maxSamples must be 1 to " + SeriesFormat.MAX_CHUNK_SAMPLES + ", got " + maxSamples);
    }
    if (maxSpanMillis < 1) {
      throw new IllegalArgumentException("maxSpanMillis must be at least 1, got " + maxSpanMillis);
    }
  }
}
