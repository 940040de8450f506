package io.backtracedb.catalog;

import io.backtracedb.block.TailChecksum;
import io.backtracedb.column.ColumnStats;
import java.util.List;

/**
 * A cold block as the table manifest records it: enough to prune it and check it without opening
 * the Parquet file.
 *
 * @param id the block's id, unique within the table and increasing with time of writing
 * @param file the file name under the table's {@code blocks/} directory
 * @param rowCount rows in the block
 * @param bytes the file's size
 * @param minLsn the lowest WAL LSN whose rows are in the block (0 after compaction of old blocks)
 * @param maxLsn the highest WAL LSN whose rows are in the block
 * @param columns per-column statistics, by column ordinal
 * @param tail the checksum of a Parquet file's footer and indexes, checked when the block is
 *     opened; null for a series table's chunk file, which checks its own index
 */
public record BlockMeta(
    long id,
    String file,
    long rowCount,
    long bytes,
    long minLsn,
    long maxLsn,
    List<ColumnStats> columns,
    TailChecksum tail) {

  /** The suffix of a series table's chunk files. */
  public static final String SERIES_SUFFIX = ".chunks";

  /** Validates and copies. */
  public BlockMeta {
    columns = List.copyOf(columns);
  }

  /** The statistics of the column at {@code ordinal}. */
  public ColumnStats column(int ordinal) {
    return columns.get(ordinal);
  }

  /** The conventional file name of block {@code id}. */
  public static String fileName(long id) {
    return String.format(java.util.Locale.ROOT, "%012d.parquet", id);
  }

  /** The conventional file name of block {@code id} of a series table: a chunk file. */
  public static String seriesFileName(long id) {
    return String.format(java.util.Locale.ROOT, "%012d%s", id, SERIES_SUFFIX);
  }

  /** Whether the block is a series table's chunk file rather than a Parquet file. */
  public boolean isSeries() {
    return file.endsWith(SERIES_SUFFIX);
  }
}
