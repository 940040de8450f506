package io.backtracedb.block;

/**
 * Constants of the Parquet block file format (specified in {@code docs/format/blocks.md}).
 *
 * <p>A block file is a standard Parquet file; everything here is either a key of its key-value
 * metadata or a default of how it is laid out.
 */
public final class BlockFormat {
  private BlockFormat() {}

  /** The version of this layout; a reader refuses a file with a newer one. */
  public static final int VERSION = 1;

  /** Key-value metadata key holding {@link #VERSION}, so a format change is detectable. */
  public static final String VERSION_KEY = "backtracedb.format.version";

  /** Key holding the table schema the block was written with, so it can be checked. */
  public static final String SCHEMA_KEY = "backtracedb.schema";

  /** Key holding how many bytes, from offset 0, the data checksums cover (the row groups). */
  public static final String DATA_BYTES_KEY = "backtracedb.data.bytes";

  /**
   * Key holding CRC32C values of consecutive {@link #CHECKSUM_STRIPE_BYTES} stripes of the data
   * region, because Parquet's own page CRCs do not cover page headers.
   */
  public static final String DATA_CRC32C_KEY = "backtracedb.data.crc32c";

  /** Stripe size of the data checksums: small enough that verifying a page reads little extra. */
  public static final int CHECKSUM_STRIPE_BYTES = 64 * 1024;

  /**
   * Rows per data page by default: pages are the unit the column index can skip and the least a
   * point read decodes per column. Measured on 1M trades rows: 1,000-row pages make a prepared
   * lookup 3.5x cheaper than 10,000-row ones for 4% more bytes on disk (docs/architecture.md).
   */
  public static final int DEFAULT_PAGE_ROWS = 1_000;

  /** Bytes per data page by default: caps a page of long strings, Parquet's usual 1 MiB. */
  public static final int DEFAULT_PAGE_BYTES = 1 << 20;

  /** Rows per row group by default: the writer buffers one row group in memory. */
  public static final int DEFAULT_ROW_GROUP_ROWS = 131_072;

  /** Bytes per row group by default (before compression), Parquet's usual 128 MiB. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 128L << 20;

  /** ZSTD level by default: zstd's own default, a good ratio at several hundred MB/s. */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  /** Rows per decoded batch by default: amortises per-batch work, stays cache-sized. */
  public static final int DEFAULT_BATCH_ROWS = 8192;

  /** Directory of a table's block files: {@code tables/<table>/blocks/<id>.parquet}. */
  public static final String DIRECTORY = "blocks";

  /** Suffix of block file names, so that other engines recognise them. */
  public static final String FILE_SUFFIX = ".parquet";

  /** Name of the Parquet message (root group) of every block file. */
  static final String MESSAGE_NAME = "backtracedb_block";
}
