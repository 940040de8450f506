package io.backtracedb.series;

/**
 * One entry of a chunk file's footer index: where a chunk lies and what it covers.
 *
 * @param seriesId the chunk's series
 * @param minTime its first timestamp
 * @param maxTime its last timestamp
 * @param offset the byte offset of the chunk in the file
 * @param length the chunk's length in bytes
 */
public record ChunkRef(int seriesId, long minTime, long maxTime, long offset, int length) {}
