package io.backtracedb;

/**
 * The state of the cache of decoded pages, which serves lookups that read few rows of cold blocks.
 *
 * @param capacityBytes its bound ({@code cache.page_bytes}); 0 when it is off
 * @param bytes estimated heap bytes of the pages it holds
 * @param pages pages it holds (one column's page each)
 * @param hits pages found in it since the database opened
 * @param misses pages read from block files instead
 */
public record CacheStats(long capacityBytes, long bytes, int pages, long hits, long misses) {}
