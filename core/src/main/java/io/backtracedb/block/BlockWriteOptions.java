package io.backtracedb.block;

import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How a block file is laid out: page compression, page and row group sizes. Immutable; each {@code
 * with} method validates its argument and returns a copy.
 *
 * @param codec page compression
 * @param zstdLevel ZSTD compression level (ignored by other codecs)
 * @param pageRows the most rows a data page holds
 * @param pageBytes the size, before compression, at which a data page is cut early
 * @param rowGroupRows the most rows a row group holds
 * @param rowGroupBytes the buffered size at which a row group is cut early
 */
public record BlockWriteOptions(
    Codec codec, int zstdLevel, int pageRows, int pageBytes, int rowGroupRows, long rowGroupBytes) {

  /** Page compression codecs a block file may use. */
  public enum Codec {
    /** Zstandard: the default, the best ratio at good speed. */
    ZSTD(CompressionCodecName.ZSTD),
    /** Snappy: faster, larger. */
    SNAPPY(CompressionCodecName.SNAPPY),
    /** No compression. */
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName parquetName;

    Codec(CompressionCodecName parquetName) {
      this.parquetName = parquetName;
    }

    CompressionCodecName parquetName() {
      return parquetName;
    }
  }

  /** Validates every field, naming the first that is out of range. */
  public BlockWriteOptions {
    Objects.requireNonNull(codec, "codec");
    if (zstdLevel < -7 || zstdLevel > 22) {
      throw new IllegalArgumentException("zstdLevel must be between -7 and 22, got " + zstdLevel);
    }
    if (pageRows < 1) {
      throw new IllegalArgumentException("pageRows cannot be less than 1, got " + pageRows);
    }
    if (pageBytes < 1024) {
      throw new IllegalArgumentException("pageBytes cannot be less than 1024, got " + pageBytes);
    }
    if (rowGroupRows < 1) {
      throw new IllegalArgumentException("rowGroupRows cannot be less than 1, got " + rowGroupRows);
    }
    if (rowGroupBytes < 1024) {
      throw new IllegalArgumentException(
          "rowGroupBytes cannot be less than 1024, got " + rowGroupBytes);
    }
  }

  /** ZSTD, {@link BlockFormat#DEFAULT_PAGE_ROWS} rows per page, 131,072 rows per row group. */
  public static BlockWriteOptions defaults() {
    return new BlockWriteOptions(
        Codec.ZSTD,
        BlockFormat.DEFAULT_ZSTD_LEVEL,
        BlockFormat.DEFAULT_PAGE_ROWS,
        BlockFormat.DEFAULT_PAGE_BYTES,
        BlockFormat.DEFAULT_ROW_GROUP_ROWS,
        BlockFormat.DEFAULT_ROW_GROUP_BYTES);
  }

  /** A copy with another codec. */
  public BlockWriteOptions withCodec(Codec codec) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }

  /** A copy with another ZSTD level (-7 to 22). */
  public BlockWriteOptions withZstdLevel(int zstdLevel) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }

  /** A copy with another page row limit (at least 1). */
  public BlockWriteOptions withPageRows(int pageRows) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }

  /** A copy with another page size limit in bytes (at least 1024). */
  public BlockWriteOptions withPageBytes(int pageBytes) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }

  /** A copy with another row group row limit (at least 1). */
  public BlockWriteOptions withRowGroupRows(int rowGroupRows) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }

  /** A copy with another row group size limit in bytes (at least 1024). */
  public BlockWriteOptions withRowGroupBytes(long rowGroupBytes) {
    return new BlockWriteOptions(
        codec, zstdLevel, pageRows, pageBytes, rowGroupRows, rowGroupBytes);
  }
}
