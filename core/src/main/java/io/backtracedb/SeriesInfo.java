package io.backtracedb;

/**
 * One series of a series table as {@code sys.series} shows it.
 *
 * @param seriesId the series' id within its table
 * @param labels its tag values, as {@code {host="a", region="eu"}}
 * @param samples samples stored, in chunk files and in memory
 * @param chunks sealed chunks in chunk files
 * @param bytes bytes of those chunks
 * @param minTime the earliest sample's time (raw value of the time column), or null without samples
 * @param maxTime the latest sample's time, or null without samples
 */
public record SeriesInfo(
    int seriesId,
    String labels,
    long samples,
    long chunks,
    long bytes,
    Long minTime,
    Long maxTime) {}
