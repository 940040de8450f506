package io.backtracedb.block;

/**
 * The checksum of a block file's tail (column indexes, offset indexes and footer), which Parquet
 * does not checksum itself.
 *
 * <p>The writer reports it; the manifest keeps it; the reader verifies it before trusting the
 * footer's statistics, so that a damaged footer cannot silently prune rows that match.
 *
 * @param fileBytes the file's exact length
 * @param offset where the tail starts (the end of the row groups)
 * @param crc32c CRC32C of bytes {@code [offset, fileBytes)}
 */
public record TailChecksum(long fileBytes, long offset, int crc32c) {

  /** Validates the ranges. */
  public TailChecksum {
    if (offset < 0 || offset > fileBytes) {
      throw new IllegalArgumentException(
          "tail offset " + offset + " is outside a file of " + fileBytes + " bytes");
    }
  }
}
