package io.backtracedb;

/**
 * Sizes of a table at one moment.
 *
 * @param rowCount rows visible (cold + in memory), before TTL hiding
 * @param coldBlocks Parquet blocks
 * @param memoryBlocks in-memory blocks (sealed ones waiting for flush plus the active block)
 * @param memoryRows rows still only in memory (and the WAL)
 * @param bytesOnDisk bytes of the table's block files
 * @param flushedLsn WAL position up to which the table's rows are in cold blocks
 */
public record TableStats(
    long rowCount,
    int coldBlocks,
    int memoryBlocks,
    long memoryRows,
    long bytesOnDisk,
    long flushedLsn) {}
