package io.backtracedb.series;

/**
 * What a chunk says about itself: its series, the first and last timestamps and how many samples it
 * holds.
 *
 * @param seriesId the series the samples belong to
 * @param minTime the first (smallest) timestamp
 * @param maxTime the last (largest) timestamp
 * @param sampleCount the number of samples, 1 to {@link SeriesFormat#MAX_CHUNK_SAMPLES}
 */
public record ChunkHeader(int seriesId, long minTime, long maxTime, int sampleCount) {
  /**
   * Whether the chunk holds a sample in {@code [from, to]} (both inclusive) as far as its header
   * says.
   */
  public boolean overlaps(long from, long to) {
    return maxTime >= from && minTime <= to;
  }
}
