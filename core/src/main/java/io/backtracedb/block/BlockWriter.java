package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Writes column vectors as one Parquet block file.
 *
 * <p>Layout: Parquet writer version 2 (data page v2), DELTA_BINARY_PACKED integers and timestamps,
 * dictionary-encoded strings, BYTE_STREAM_SPLIT doubles, RLE booleans; min/max statistics, column
 * and offset indexes, page CRCs, and stripe checksums of the data region in the footer (see {@link
 * BlockFormat}). No Hadoop class is used at run time: compression goes through {@link BlockCodecs}.
 *
 * <p>Cells go straight from the vectors to Parquet's column writers ({@link VectorWriter}, {@link
 * RowGroupWriter}), row by row so that pages end at row boundaries; no record is assembled.
 */
public final class BlockWriter {
  /** The object model name Parquet writers record in the footer (other readers may show it). */
  static final String MODEL_NAME = "backtracedb";

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
      int rowGroups = writeParquet(output, schema, columns, rowCount, order, options);
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

  /** Writes the whole Parquet file to {@code output} and returns its row group count. */
  private static int writeParquet(
      BlockOutputFile output,
      Schema schema,
      ColumnVector[] columns,
      int rowCount,
      int[] order,
      BlockWriteOptions options)
      throws IOException {
    MessageType parquetSchema = BlockSchema.toParquet(schema);
    ParquetProperties properties = properties(schema, options);
    BlockCodecs codecs = new BlockCodecs(options.zstdLevel());
    ParquetFileWriter file = null;
    RowGroupWriter rowGroups = null;
    boolean ended = false;
    try {
      file =
          new ParquetFileWriter(
              output,
              parquetSchema,
              ParquetFileWriter.Mode.OVERWRITE,
              options.rowGroupBytes(),
              0, // no padding: row groups are not aligned to file system blocks
              null, // no encryption
              properties);
      file.start();
      rowGroups =
          new RowGroupWriter(
              file,
              parquetSchema,
              properties,
              codecs.getCompressor(options.codec().parquetName()),
              options.rowGroupBytes());
      writeRows(rowGroups, schema, columns, rowCount, order);
      rowGroups.finish();
      file.end(footerMetadata(schema, output.stream()));
      ended = true;
      return rowGroups.rowGroupCount();
    } finally {
      if (!ended) {
        if (rowGroups != null) {
          rowGroups.abandon();
        }
        if (file != null) {
          file.abort(); // closing an aborted writer neither flushes nor writes a footer
          closeQuietly(file);
        }
      }
      codecs.release();
    }
  }

  /** Feeds every cell, row after row, in chunks of rows gathered column by column. */
  private static void writeRows(
      RowGroupWriter rowGroups, Schema schema, ColumnVector[] columns, int rowCount, int[] order)
      throws IOException {
    VectorWriter[] vectors = new VectorWriter[columns.length];
    for (int c = 0; c < columns.length; c++) {
      vectors[c] = VectorWriter.of(schema.column(c), columns[c]);
    }
    ColumnWriter[] writers = rowGroups.writers(); // refilled in place when a row group starts
    for (int from = 0; from < rowCount; from += VectorWriter.CHUNK_ROWS) {
      int to = Math.min(rowCount, from + VectorWriter.CHUNK_ROWS);
      for (VectorWriter vector : vectors) {
        vector.gather(order, from, to);
      }
      for (int i = 0; i < to - from; i++) {
        for (int c = 0; c < vectors.length; c++) {
          vectors[c].write(i, writers[c]);
        }
        rowGroups.endRow();
      }
    }
  }

  /**
   * The footer's key-value metadata, sorted by key so the footer's bytes do not depend on hashing.
   * Called after the last row group: it seals the data region of {@code stream}, whose stripe
   * checksums it records.
   */
  private static Map<String, String> footerMetadata(
      Schema schema, BlockOutputFile.ChecksumOutputStream stream) {
    Map<String, String> metadata = new TreeMap<>();
    metadata.put(BlockFormat.VERSION_KEY, Integer.toString(BlockFormat.VERSION));
    metadata.put(BlockFormat.SCHEMA_KEY, BlockSchema.encode(schema));
    metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, MODEL_NAME);
    int[] stripes = stream.sealData();
    metadata.put(BlockFormat.DATA_BYTES_KEY, Long.toString(stream.dataEnd()));
    metadata.put(BlockFormat.DATA_CRC32C_KEY, StripeChecksums.encode(stripes));
    return metadata;
  }

  private static void closeQuietly(ParquetFileWriter file) {
    try {
      file.close();
    } catch (IOException | RuntimeException ignored) {
      // The write already failed; that error is the one to report.
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

  /** Parquet's encoding settings for a block of {@code schema}. */
  private static ParquetProperties properties(Schema schema, BlockWriteOptions options) {
    ParquetProperties.Builder builder =
        ParquetProperties.builder()
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withPageRowCountLimit(options.pageRows())
            .withPageSize(options.pageBytes())
            .withRowGroupRowCountLimit(options.rowGroupRows())
            .withStatisticsEnabled(true)
            .withPageWriteChecksumEnabled(true)
            .withBloomFilterEnabled(false)
            .withDictionaryEncoding(false)
            .withByteStreamSplitEncoding(true)
            .withValuesWriterFactory(new BlockValuesWriterFactory());
    for (Column column : schema.columns()) {
      // Per-column settings are keyed by dotted paths, so a name containing '.' keeps the
      // defaults above (plain delta/byte-array encodings): a size, not a correctness, difference.
      if (column.type() == ColumnType.VARCHAR && column.name().indexOf('.') < 0) {
        builder.withDictionaryEncoding(column.name(), true);
      }
    }
    return builder.build();
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
}
