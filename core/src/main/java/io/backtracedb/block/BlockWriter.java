package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;

/**
 * Writes column vectors as one Parquet block file.
 *
 * <p>Layout: Parquet writer version 2 (data page v2), DELTA_BINARY_PACKED integers and timestamps,
 * dictionary-encoded strings, BYTE_STREAM_SPLIT doubles, RLE booleans; min/max statistics, column
 * and offset indexes, page CRCs, and stripe checksums of the data region in the footer (see {@link
 * BlockFormat}). No Hadoop class is used at run time: compression goes through {@link BlockCodecs}
 * and configuration through {@link PlainParquetConfiguration}.
 */
public final class BlockWriter {
  private BlockWriter() {}

  /**
   * Writes rows {@code [0, rowCount)} of {@code columns} to a new file at {@code path} and forces
   * it to stable storage.
   *
   * <p>Rows are written in the order {@code order[0], order[1], ...} (the engine passes the
   * permutation that sorts by the time column), or in index order when {@code order} is null. The
   * file at {@code path} is created or truncated; on failure it is deleted on a best-effort basis
   * and the error is thrown. Publishing the file (rename, directory sync) is the caller's job. The
   * vectors are only read, and must not change during the call.
   *
   * @param io the file layer every write goes through
   * @param path the file to write, usually a temporary name
   * @param schema the table schema; {@code columns[i]} holds column {@code i}
   * @param columns one vector per schema column, each with at least {@code rowCount} rows
   * @param rowCount how many rows to write (0 writes a valid file without row groups)
   * @param order a permutation of {@code [0, rowCount)}, or null
   * @param options page, row group and compression settings
   * @return what was written
   * @throws IllegalArgumentException when the vectors do not match the schema, a NOT NULL column
   *     holds a NULL, or {@code order} is not a permutation
   * @throws IOException when a write or the final force fails
   */
  public static WrittenBlock write(
      FileIO io,
      Path path,
      Schema schema,
      ColumnVector[] columns,
      int rowCount,
      int[] order,
      BlockWriteOptions options)
      throws IOException {
    validate(schema, columns, rowCount, order);
    FileIO.WritableFile file = io.create(path);
    boolean done = false;
    try {
      BlockOutputFile output = new BlockOutputFile(file);
      ColumnArrayWriteSupport support = new ColumnArrayWriteSupport(schema, columns, output);
      int rowGroups;
      try (ParquetWriter<ColumnArrayWriteSupport.Row> writer =
          builder(output, support, schema, options).build()) {
        ColumnArrayWriteSupport.Row row = new ColumnArrayWriteSupport.Row();
        for (int i = 0; i < rowCount; i++) {
          row.index = order == null ? i : order[i];
          writer.write(row);
        }
        writer.close();
        rowGroups = writer.getFooter().getBlocks().size();
      }
      BlockOutputFile.ChecksumOutputStream stream = output.stream();
      long bytes = stream.getPos();
      file.force();
      file.close();
      done = true;
      TailChecksum tail = new TailChecksum(bytes, stream.dataEnd(), stream.tailCrc());
      return new WrittenBlock(path, bytes, rowCount, rowGroups, tail);
    } finally {
      if (!done) {
        abandon(io, file);
      }
    }
  }

  private static void abandon(FileIO io, FileIO.WritableFile file) {
    try {
      file.close();
    } catch (IOException | RuntimeException ignored) {
      // The write already failed; that error is the one to report.
    }
    try {
      io.delete(file.path());
    } catch (IOException | RuntimeException ignored) {
      // A leftover temporary file is removed by the caller's cleanup of unpublished files.
    }
  }

  private static Builder builder(
      BlockOutputFile output,
      ColumnArrayWriteSupport support,
      Schema schema,
      BlockWriteOptions options) {
    Builder builder =
        new Builder(output, support)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new BlockCodecs(options.zstdLevel()))
            .withCompressionCodec(options.codec().parquetName())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withPageRowCountLimit(options.pageRows())
            .withPageSize(options.pageBytes())
            .withRowGroupRowCountLimit(options.rowGroupRows())
            .withRowGroupSize(options.rowGroupBytes())
            .withMaxPaddingSize(0)
            .withValidation(false)
            .withStatisticsEnabled(true)
            .withPageWriteChecksumEnabled(true)
            .withBloomFilterEnabled(false)
            .withDictionaryEncoding(false)
            .withByteStreamSplitEncoding(true);
    for (Column column : schema.columns()) {
      // Per-column settings are keyed by dotted paths, so a name containing '.' keeps the
      // defaults above (plain delta/byte-array encodings): a size, not a correctness, difference.
      if (column.type() == ColumnType.VARCHAR && column.name().indexOf('.') < 0) {
        builder.withDictionaryEncoding(column.name(), true);
      }
    }
    return builder;
  }

  private static void validate(Schema schema, ColumnVector[] columns, int rowCount, int[] order) {
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "cannot write block: " + columns.length + " vectors for " + schema.size() + " columns");
    }
    if (rowCount < 0) {
      throw new IllegalArgumentException("cannot write block: negative row count " + rowCount);
    }
    for (int c = 0; c < columns.length; c++) {
      Column column = schema.column(c);
      ColumnVector vector = columns[c];
      if (vector == null || vector.type() != column.type()) {
        throw new IllegalArgumentException(
            "cannot write block: column '"
                + column.name()
                + "' expects a "
                + column.type()
                + " vector, got "
                + (vector == null ? "none" : vector.type().toString()));
      }
      if (vector.size() < rowCount) {
        throw new IllegalArgumentException(
            "cannot write block: column '"
                + column.name()
                + "' has "
                + vector.size()
                + " rows, "
                + rowCount
                + " requested");
      }
      if (!column.nullable() && vector.mayHaveNulls()) {
        for (int row = 0; row < rowCount; row++) {
          if (vector.isNull(row)) {
            throw new IllegalArgumentException(
                "cannot write block: column '"
                    + column.name()
                    + "' is NOT NULL but row "
                    + row
                    + " is NULL");
          }
        }
      }
    }
    if (order != null) {
      if (order.length < rowCount) {
        throw new IllegalArgumentException(
            "cannot write block: order has " + order.length + " entries for " + rowCount + " rows");
      }
      BitSet seen = new BitSet(rowCount);
      for (int i = 0; i < rowCount; i++) {
        int row = order[i];
        if (row < 0 || row >= rowCount || seen.get(row)) {
          throw new IllegalArgumentException(
              "cannot write block: order is not a permutation of [0, "
                  + rowCount
                  + "): entry "
                  + i
                  + " is "
                  + row);
        }
        seen.set(row);
      }
    }
  }

  /** The Parquet writer builder for {@link ColumnArrayWriteSupport}. */
  private static final class Builder
      extends ParquetWriter.Builder<ColumnArrayWriteSupport.Row, Builder> {
    private final ColumnArrayWriteSupport support;

    Builder(BlockOutputFile file, ColumnArrayWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ColumnArrayWriteSupport.Row> getWriteSupport(
        Configuration configuration) {
      return support;
    }

    @Override
    protected WriteSupport<ColumnArrayWriteSupport.Row> getWriteSupport(
        ParquetConfiguration configuration) {
      return support;
    }
  }
}
