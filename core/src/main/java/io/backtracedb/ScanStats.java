package io.backtracedb;

/**
 * What a scan read and skipped. Blocks count the active block as one; row groups are Parquet row
 * groups of cold blocks.
 *
 * @param blocksTotal live blocks in the snapshot (cold, sealed and the active block)
 * @param blocksSkipped blocks skipped by min/max statistics without being opened
 * @param rowGroupsTotal row groups in the cold blocks that were opened
 * @param rowGroupsSkipped of those, row groups skipped by Parquet statistics or dictionaries
 * @param rowsRead rows decoded (after page pruning) and tested against the filter
 * @param rowsMatched rows that passed the filter
 * @param index the index that chose the cold rows to read, or null when none served the scan
 * @param indexRange the keys looked up in {@code index}, e.g. {@code [42..42]}, or null
 * @param indexBlocks cold blocks read because the index holds matching entries for them
 * @param indexEntries index entries that matched (rows of those blocks the index points at)
 */
public record ScanStats(
    long blocksTotal,
    long blocksSkipped,
    long rowGroupsTotal,
    long rowGroupsSkipped,
    long rowsRead,
    long rowsMatched,
    String index,
    String indexRange,
    long indexBlocks,
    long indexEntries) {

  /** Stats of a scan that no index served. */
  public ScanStats(
      long blocksTotal,
      long blocksSkipped,
      long rowGroupsTotal,
      long rowGroupsSkipped,
      long rowsRead,
      long rowsMatched) {
    this(
        blocksTotal,
        blocksSkipped,
        rowGroupsTotal,
        rowGroupsSkipped,
        rowsRead,
        rowsMatched,
        null,
        null,
        0,
        0);
  }

  /**
   * A copy saying that {@code index}, looking up {@code range}, chose {@code blocks} blocks from
   * {@code entries} entries.
   */
  public ScanStats withIndex(String indexName, String range, long blocks, long entries) {
    return new ScanStats(
        blocksTotal,
        blocksSkipped,
        rowGroupsTotal,
        rowGroupsSkipped,
        rowsRead,
        rowsMatched,
        indexName,
        range,
        blocks,
        entries);
  }

  /** Blocks left to read after pruning. */
  public long blocksRead() {
    return blocksTotal - blocksSkipped;
  }

  @Override
  public String toString() {
    return "blocks="
        + blocksRead()
        + "/"
        + blocksTotal
        + " rowGroups="
        + (rowGroupsTotal - rowGroupsSkipped)
        + "/"
        + rowGroupsTotal
        + " rowsRead="
        + rowsRead
        + " rowsMatched="
        + rowsMatched
        + (index == null
            ? ""
            : " index=" + index + ": " + indexRange + " indexBlocks=" + indexBlocks);
  }
}
