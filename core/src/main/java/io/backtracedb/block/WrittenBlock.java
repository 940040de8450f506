package io.backtracedb.block;

import java.nio.file.Path;

/**
 * What {@link BlockWriter} wrote: a complete, forced Parquet file.
 *
 * @param path the file
 * @param bytes its length
 * @param rowCount rows written
 * @param rowGroupCount row groups written (0 for an empty block)
 * @param tail checksum of the footer region, for the manifest to keep and the reader to verify
 */
public record WrittenBlock(
    Path path, long bytes, long rowCount, int rowGroupCount, TailChecksum tail) {}
