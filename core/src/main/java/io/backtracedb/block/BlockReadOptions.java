package io.backtracedb.block;

/**
 * How a block file is read. Immutable; each {@code with} method validates its argument and returns
 * a copy.
 *
 * @param batchRows the most rows a returned batch holds
 * @param pruning whether row groups and pages are skipped using statistics, dictionaries and column
 *     indexes (off only to cross-check results)
 * @param tail the tail checksum recorded when the block was written, or null to trust the footer
 *     unverified
 * @param pageDecoding whether column chunks read whole are decoded page by page with BacktraceDB's
 *     bulk decoders (off only to cross-check them against parquet-java's column readers)
 */
public record BlockReadOptions(
    int batchRows, boolean pruning, TailChecksum tail, boolean pageDecoding) {

  /** Validates the batch size. */
  public BlockReadOptions {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows cannot be less than 1, got " + batchRows);
    }
  }

  /** Batches of {@link BlockFormat#DEFAULT_BATCH_ROWS} rows, pruning on, footer not verified. */
  public static BlockReadOptions defaults() {
    return new BlockReadOptions(BlockFormat.DEFAULT_BATCH_ROWS, true, null, true);
  }

  /** A copy with another batch size (at least 1). */
  public BlockReadOptions withBatchRows(int batchRows) {
    return new BlockReadOptions(batchRows, pruning, tail, pageDecoding);
  }

  /** A copy with pruning switched on or off. */
  public BlockReadOptions withPruning(boolean pruning) {
    return new BlockReadOptions(batchRows, pruning, tail, pageDecoding);
  }

  /** A copy that verifies the file's tail against {@code tail} (null: no verification). */
  public BlockReadOptions withTail(TailChecksum tail) {
    return new BlockReadOptions(batchRows, pruning, tail, pageDecoding);
  }

  /** A copy with page-by-page decoding of whole column chunks switched on or off. */
  public BlockReadOptions withPageDecoding(boolean pageDecoding) {
    return new BlockReadOptions(batchRows, pruning, tail, pageDecoding);
  }
}
