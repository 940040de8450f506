package io.backtracedb.block;

/**
 * What a {@link BlockReader} skipped and decoded so far, for EXPLAIN, {@code sys} tables and tests.
 *
 * @param rowGroups row groups in the file
 * @param rowGroupsSkippedByStatistics row groups skipped whole by min/max statistics or
 *     dictionaries
 * @param rowGroupsSkippedByColumnIndex row groups where the column index left no page to read
 * @param rowGroupsRead row groups whose pages were read
 * @param rows rows in the file
 * @param rowsSkippedByColumnIndex rows of read row groups that the column index skipped
 * @param pagesSkipped data pages of decoded columns that the column index skipped
 * @param rowsDecoded rows returned in batches so far
 */
public record BlockScanStats(
    int rowGroups,
    int rowGroupsSkippedByStatistics,
    int rowGroupsSkippedByColumnIndex,
    int rowGroupsRead,
    long rows,
    long rowsSkippedByColumnIndex,
    long pagesSkipped,
    long rowsDecoded) {}
