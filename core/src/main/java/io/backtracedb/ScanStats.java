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
 */
public record ScanStats(
    long blocksTotal,
    long blocksSkipped,
    long rowGroupsTotal,
    long rowGroupsSkipped,
    long rowsRead,
    long rowsMatched) {

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
        + rowsMatched;
  }
}
