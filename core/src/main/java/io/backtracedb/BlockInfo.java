package io.backtracedb;

import io.backtracedb.column.ColumnStats;
import java.util.List;

/**
 * One block of a table as {@code sys.blocks} shows it.
 *
 * @param blockId the cold block id, or the in-memory block's sequence number
 * @param state {@code "cold"}, {@code "sealed"} or {@code "active"}
 * @param rowCount rows in it (visible rows for in-memory blocks)
 * @param minTime the time column's minimum (raw value), or null
 * @param maxTime the time column's maximum (raw value), or null
 * @param bytes the file size (cold) or heap bytes (in memory)
 * @param file the Parquet file, or null for in-memory blocks
 * @param columns per-column statistics, by ordinal
 */
public record BlockInfo(
    long blockId,
    String state,
    long rowCount,
    Long minTime,
    Long maxTime,
    long bytes,
    String file,
    List<ColumnStats> columns) {}
