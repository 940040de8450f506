package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.CorruptionException;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a block file as batches of column vectors, decoding only the requested columns and only the
 * pages that may hold rows matching a predicate.
 *
 * <p>Pruning is a superset: the predicate skips row groups (statistics, dictionaries) and pages
 * (column index), but rows of the pages that are read all come back, and the caller evaluates the
 * predicate on them. Rows come back in file order and are aligned across columns even where the
 * columns' pages have different boundaries. Pages of predicate columns that are not requested are
 * read (the column index needs them) but not decoded.
 *
 * <p>A damaged file raises {@link CorruptionException} naming it, never wrong rows: the data region
 * is verified against the stripe checksums in the footer, each page against its CRC, and, when
 * {@link BlockReadOptions#tail()} is given, the footer and indexes against the manifest's checksum.
 * A failing device raises {@link IOException}. Not thread-safe; one reader per scan.
 */
public final class BlockReader implements Closeable {
  private final Path path;
  private final Schema schema;
  private final Schema fileSchema;
  private final BlockInputFile input;
  private final ParquetFileReader reader;
  private final MessageType requested;
  private final String createdBy;
  private final int[] decodedOrdinals;
  private final int[] absentOrdinals;
  private final ColumnDecoder[] decoders;
  private final PageColumnDecoder[] pageDecoders;
  // Per ordinal, for the current row group: whether the page decoder reads the column.
  private final boolean[] byPage;
  private final ColumnDescriptor[] descriptors;
  private final RowConverter converter;
  private final boolean filtering;
  private final int batchRows;
  private final int rowGroups;
  private final long rows;
  private PageReadStore current;
  private long remaining;
  private int nextGroup;
  private int skippedByColumnIndex;
  private int rowGroupsRead;
  private long rowsSkippedByColumnIndex;
  private long pagesSkipped;
  private long rowsDecoded;

  private BlockReader(OpenedBlock opening) {
    this.path = opening.path;
    this.schema = opening.schema;
    this.fileSchema = opening.fileSchema;
    this.input = opening.input;
    this.reader = opening.reader;
    this.requested = opening.requested;
    this.createdBy = opening.footer.getFileMetaData().getCreatedBy();
    this.decodedOrdinals = opening.decoded;
    this.absentOrdinals = opening.absent;
    this.filtering = opening.filtering;
    this.batchRows = opening.options.batchRows();
    this.rowGroups = opening.footer.getBlocks().size();
    long total = 0;
    for (BlockMetaData block : opening.footer.getBlocks()) {
      total += block.getRowCount();
    }
    this.rows = total;
    this.decoders = new ColumnDecoder[schema.size()];
    this.pageDecoders = new PageColumnDecoder[schema.size()];
    this.byPage = new boolean[schema.size()];
    this.descriptors = new ColumnDescriptor[schema.size()];
    Converter[] fields = new Converter[requested.getFieldCount()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = ColumnDecoder.UNUSED;
    }
    for (int ordinal : decodedOrdinals) {
      Column column = schema.column(ordinal);
      ColumnDescriptor descriptor = requested.getColumnDescription(new String[] {column.name()});
      descriptors[ordinal] = descriptor;
      decoders[ordinal] = new ColumnDecoder(column.type(), descriptor.getMaxDefinitionLevel());
      pageDecoders[ordinal] =
          opening.options.pageDecoding() ? new PageColumnDecoder(column.type(), descriptor) : null;
      fields[requested.getFieldIndex(column.name())] = decoders[ordinal].converter();
    }
    this.converter = new RowConverter(fields);
  }

  /** Opens {@code path} on the local file system with default options. */
  public static BlockReader open(Path path, Schema schema, int[] columns, Predicate predicate)
      throws IOException {
    return open(
        LocalFileIO.INSTANCE, path, schema, columns, predicate, BlockReadOptions.defaults());
  }

  /**
   * Opens a block file for a scan.
   *
   * @param io the file layer to read through
   * @param path the block file
   * @param schema the table schema; batches are indexed by its ordinals
   * @param columns ordinals of the columns to decode, in any order; null for all
   * @param predicate a filter whose values are in each column's representation (Long for BIGINT and
   *     TIMESTAMP, Integer for INTEGER and DATE, Double, Boolean, String), or null
   * @param options batch size, pruning and tail verification
   * @throws CorruptionException when the file is damaged, is not Parquet, or stores a requested
   *     column with another type
   * @throws IllegalArgumentException when an ordinal or a predicate column is not in the schema
   * @throws IOException when the device fails
   */
  public static BlockReader open(
      FileIO io,
      Path path,
      Schema schema,
      int[] columns,
      Predicate predicate,
      BlockReadOptions options)
      throws IOException {
    TreeSet<Integer> projection = new TreeSet<>();
    if (columns == null) {
      for (int i = 0; i < schema.size(); i++) {
        projection.add(i);
      }
    } else {
      for (int ordinal : columns) {
        if (ordinal < 0 || ordinal >= schema.size()) {
          throw new IllegalArgumentException(
              "cannot read block " + path + ": no column " + ordinal + " in " + schema);
        }
        projection.add(ordinal);
      }
    }
    ParquetFilters.Pushed pushed =
        options.pruning()
            ? ParquetFilters.convert(predicate, schema)
            : ParquetFilters.convert(null, schema);
    OpenedBlock opened = OpenedBlock.open(io, path, schema, projection, pushed, options);
    try {
      return new BlockReader(opened);
    } catch (RuntimeException e) {
      opened.closeQuietly(e);
      throw e;
    }
  }

  /** The schema stored in the file when it was written, or null for a file from another writer. */
  public Schema fileSchema() {
    return fileSchema;
  }

  /** The number of rows in the file. */
  public long rowCount() {
    return rows;
  }

  /** What was skipped and decoded so far. */
  public BlockScanStats stats() {
    return new BlockScanStats(
        rowGroups,
        rowGroups - reader.getRowGroups().size(),
        skippedByColumnIndex,
        rowGroupsRead,
        rows,
        rowsSkippedByColumnIndex,
        pagesSkipped,
        rowsDecoded);
  }

  /**
   * The next batch of at most {@code batchRows} rows, or null at the end. Each batch holds fresh
   * vectors (indexed by schema ordinal; null for columns not requested) that the caller owns.
   *
   * @throws CorruptionException when the file is damaged
   * @throws IOException when the device fails
   */
  public ColumnBatch next() throws IOException {
    try {
      while (remaining == 0) {
        if (!advance()) {
          return null;
        }
      }
      int count = (int) Math.min(batchRows, remaining);
      ColumnVector[] vectors = new ColumnVector[schema.size()];
      for (int ordinal : decodedOrdinals) {
        ColumnVector vector = ColumnVector.create(schema.column(ordinal).type(), count);
        if (byPage[ordinal]) {
          pageDecoders[ordinal].decode(vector, count);
        } else {
          decoders[ordinal].decode(vector, count);
        }
        vectors[ordinal] = vector;
      }
      for (int ordinal : absentOrdinals) {
        // A column added to the table after this block was written reads as NULL.
        ColumnVector vector = ColumnVector.create(schema.column(ordinal).type(), count);
        for (int i = 0; i < count; i++) {
          vector.appendNull();
        }
        vectors[ordinal] = vector;
      }
      remaining -= count;
      rowsDecoded += count;
      return new ColumnBatch(vectors, 0, count);
    } catch (IOException | RuntimeException e) {
      throw BlockErrors.translate(path, e);
    }
  }

  private boolean advance() throws IOException {
    closeCurrent();
    List<BlockMetaData> groups = reader.getRowGroups();
    while (nextGroup < groups.size()) {
      int index = nextGroup++;
      long groupRows = groups.get(index).getRowCount();
      if (groupRows == 0) {
        reader.skipNextRowGroup();
        continue;
      }
      PageReadStore store;
      boolean wholePages = false;
      if (filtering) {
        RowRanges ranges = reader.getRowRanges(index);
        if (ranges.rowCount() == 0) {
          reader.skipNextRowGroup();
          skippedByColumnIndex++;
          continue;
        }
        wholePages = pagesAligned(index, ranges);
        store = reader.readNextFilteredRowGroup();
        if (ranges.rowCount() < groupRows) {
          rowsSkippedByColumnIndex += groupRows - ranges.rowCount();
          pagesSkipped += skippedPages(index, ranges);
        }
      } else {
        store = reader.readNextRowGroup();
      }
      if (store == null) {
        throw new CorruptionException(path, -1, "row group " + index + " could not be read");
      }
      current = store;
      remaining = store.getRowCount();
      rowGroupsRead++;
      ColumnReadStoreImpl columns = new ColumnReadStoreImpl(store, converter, requested, createdBy);
      // Pages that start on the same rows in every column and lie wholly inside the row ranges
      // need no synchronizing: each column's pages then hold exactly the rows read.
      boolean synchronizing = store.getRowIndexes().isPresent() && !wholePages;
      boolean filtered = store.getRowIndexes().isPresent();
      BlockMetaData group = groups.get(index);
      for (int ordinal : decodedOrdinals) {
        // A row group read whole decodes page by page; one read in part needs the column
        // readers, which keep columns with different page boundaries on the same rows.
        byPage[ordinal] =
            pageDecoders[ordinal] != null
                && !synchronizing
                && PageColumnDecoder.supports(
                    schema.column(ordinal).type(), chunkOf(group, ordinal));
        if (byPage[ordinal]) {
          PageReader pages = store.getPageReader(descriptors[ordinal]);
          if (!filtered && pages.getTotalValueCount() != remaining) {
            throw new CorruptionException(
                path,
                -1,
                "column '"
                    + schema.column(ordinal).name()
                    + "' has "
                    + pages.getTotalValueCount()
                    + " values in row group "
                    + index
                    + " of "
                    + remaining
                    + " rows");
          }
          pageDecoders[ordinal].start(pages);
          continue;
        }
        ColumnReader columnReader = columns.getColumnReader(descriptors[ordinal]);
        if (!synchronizing && columnReader.getTotalValueCount() != remaining) {
          throw new CorruptionException(
              path,
              -1,
              "column '"
                  + schema.column(ordinal).name()
                  + "' has "
                  + columnReader.getTotalValueCount()
                  + " values in row group "
                  + index
                  + " of "
                  + remaining
                  + " rows");
        }
        decoders[ordinal].start(columnReader);
      }
      return true;
    }
    return false;
  }

  /**
   * Whether the decoded columns of row group {@code index} have their pages on the same rows (the
   * writer cuts every column at the same row counts unless a page fills its byte limit first) and
   * every page lies wholly inside or outside {@code ranges}.
   */
  private boolean pagesAligned(int index, RowRanges ranges) {
    ColumnIndexStore indexes = reader.getColumnIndexStore(index);
    long groupRows = reader.getRowGroups().get(index).getRowCount();
    OffsetIndex first = null;
    for (int ordinal : decodedOrdinals) {
      OffsetIndex offsets;
      try {
        offsets = indexes.getOffsetIndex(descriptorPath(ordinal));
      } catch (ColumnIndexStore.MissingOffsetIndexException e) {
        return false;
      }
      if (offsets == null) {
        return false;
      }
      if (first == null) {
        first = offsets;
        continue;
      }
      if (offsets.getPageCount() != first.getPageCount()) {
        return false;
      }
      for (int page = 0; page < offsets.getPageCount(); page++) {
        if (offsets.getFirstRowIndex(page) != first.getFirstRowIndex(page)) {
          return false;
        }
      }
    }
    if (first == null) {
      return false;
    }
    List<RowRanges.Range> kept = ranges.getRanges();
    for (int page = 0; page < first.getPageCount(); page++) {
      long from = first.getFirstRowIndex(page);
      long to = first.getLastRowIndex(page, groupRows);
      long inside = 0;
      for (RowRanges.Range range : kept) {
        inside += Math.max(0, Math.min(to, range.to) - Math.max(from, range.from) + 1);
      }
      if (inside != 0 && inside != to - from + 1) {
        return false;
      }
    }
    return true;
  }

  private long skippedPages(int index, RowRanges ranges) {
    ColumnIndexStore indexes = reader.getColumnIndexStore(index);
    long groupRows = reader.getRowGroups().get(index).getRowCount();
    long skipped = 0;
    for (int ordinal : decodedOrdinals) {
      OffsetIndex offsets;
      try {
        offsets = indexes.getOffsetIndex(descriptorPath(ordinal));
      } catch (ColumnIndexStore.MissingOffsetIndexException e) {
        continue;
      }
      for (int page = 0; page < offsets.getPageCount(); page++) {
        if (!ranges.isOverlapping(
            offsets.getFirstRowIndex(page), offsets.getLastRowIndex(page, groupRows))) {
          skipped++;
        }
      }
    }
    return skipped;
  }

  private ColumnChunkMetaData chunkOf(BlockMetaData group, int ordinal) {
    ColumnPath column = descriptorPath(ordinal);
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      if (chunk.getPath().equals(column)) {
        return chunk;
      }
    }
    throw new CorruptionException(
        path, -1, "row group has no column chunk '" + schema.column(ordinal).name() + "'");
  }

  private ColumnPath descriptorPath(int ordinal) {
    return ColumnPath.get(descriptors[ordinal].getPath());
  }

  private void closeCurrent() {
    if (current != null) {
      PageReadStore store = current;
      current = null;
      store.close();
    }
  }

  /** Releases buffers and closes the file. */
  @Override
  public void close() throws IOException {
    try (BlockInputFile file = input;
        ParquetFileReader parquet = reader) {
      closeCurrent();
    }
  }

  /** Routes the converters of the requested top-level fields to the column decoders. */
  private static final class RowConverter extends GroupConverter {
    private final Converter[] fields;

    RowConverter(Converter[] fields) {
      this.fields = fields;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
