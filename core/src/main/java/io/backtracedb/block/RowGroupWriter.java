package io.backtracedb.block;

import java.io.IOException;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Buffers one row group at a time in Parquet column writers and writes it to the file when it holds
 * {@code rowGroupRows} rows or about {@code rowGroupBytes} bytes.
 *
 * <p>The caller writes every cell of a row to {@link #writers()}, then calls {@link #endRow()}.
 * Parquet's column write store cuts pages at row boundaries when {@code endRow} reports a finished
 * row, which is what keeps data page v2 row counts, the page row limit and the offset index right.
 * Not thread-safe.
 */
final class RowGroupWriter {
  private final ParquetFileWriter file;
  private final MessageType schema;
  private final ParquetProperties properties;
  private final BytesInputCompressor compressor;
  private final ColumnDescriptor[] descriptors;
  private final long rowGroupBytes;
  private final int rowGroupRows;

  /** The current row group's column writers in schema order; refilled when a group starts. */
  private final ColumnWriter[] writers;

  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private int rows;
  private long nextSizeCheck;
  private int rowGroups;

  /**
   * Starts the first row group of {@code file}, which must have been started.
   *
   * @param rowGroupBytes the buffered size at which a row group is cut
   */
  RowGroupWriter(
      ParquetFileWriter file,
      MessageType schema,
      ParquetProperties properties,
      BytesInputCompressor compressor,
      long rowGroupBytes) {
    this.file = file;
    this.schema = schema;
    this.properties = properties;
    this.compressor = compressor;
    List<ColumnDescriptor> columnList = schema.getColumns();
    this.descriptors = columnList.toArray(new ColumnDescriptor[0]);
    this.writers = new ColumnWriter[descriptors.length];
    this.rowGroupBytes = rowGroupBytes;
    this.rowGroupRows = properties.getRowGroupRowCountLimit();
    start();
  }

  /**
   * The column writers of the current row group, one per schema column. The array is the same for
   * the whole file; its elements change when a row group is written, so read them per row.
   */
  ColumnWriter[] writers() {
    return writers;
  }

  /** How many row groups have been written to the file. */
  int rowGroupCount() {
    return rowGroups;
  }

  /** Ends a row whose cells have all been written; writes the row group out when it is full. */
  void endRow() throws IOException {
    columns.endRecord();
    rows++;
    if (rows >= rowGroupRows) {
      flush();
      start();
    } else if (rows >= nextSizeCheck) {
      checkSize();
    }
  }

  /** Writes the last, partial row group, if it has rows. No row may be written afterwards. */
  void finish() throws IOException {
    flush();
  }

  /** Drops what is buffered after a failure; the file is being abandoned. */
  void abandon() {
    if (pages != null) {
      pages.close();
      pages = null;
    }
    columns = null;
  }

  private void start() {
    pages =
        ColumnChunkPageWriteStore.builder()
            .withCompressorProvider(column -> compressor)
            .withSchema(schema)
            .withAllocator(properties.getAllocator())
            .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
            .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
            .withRowGroupOrdinal(rowGroups)
            .build();
    columns = properties.newColumnWriteStore(schema, pages, pages);
    for (int c = 0; c < descriptors.length; c++) {
      writers[c] = columns.getColumnWriter(descriptors[c]);
    }
    rows = 0;
    nextSizeCheck = properties.getMinRowCountForPageSizeCheck();
  }

  /**
   * Measuring the buffered size walks every column, so it is checked about halfway to where the
   * limit would be reached at the average row size so far, at least {@code min} and at most {@code
   * max} rows ahead (Parquet's page size check bounds).
   */
  private void checkSize() throws IOException {
    long buffered = columns.getBufferedSize();
    long rowBytes = buffered / rows;
    // Better slightly under the limit than over it: a group within two rows of it is full.
    if (buffered > rowGroupBytes - 2 * rowBytes) {
      flush();
      start();
      return;
    }
    long min = properties.getMinRowCountForPageSizeCheck();
    long max = properties.getMaxRowCountForPageSizeCheck();
    // Capped so that the sum below cannot overflow; a row group never holds more int rows anyway.
    long rowsAtLimit =
        rowBytes == 0
            ? Integer.MAX_VALUE
            : Math.min(Integer.MAX_VALUE, (long) (rowGroupBytes / (float) rowBytes));
    nextSizeCheck = Math.min(Math.max(min, (rows + rowsAtLimit) / 2), rows + max);
  }

  /** Writes the buffered row group, if it has rows, then releases the stores. */
  private void flush() throws IOException {
    if (rows > 0) {
      file.startBlock(rows);
      columns.flush();
      pages.flushToFileWriter(file);
      file.endBlock();
      rowGroups++;
      rows = 0;
    }
    // After a failure above, the stores stay open for abandon() to release.
    columns.close(); // releases the encoders (it flushes again, which finds nothing left)
    columns = null;
    pages.close(); // releases the page buffers
    pages = null;
  }
}
