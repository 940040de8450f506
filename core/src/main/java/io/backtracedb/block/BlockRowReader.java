package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads chosen rows of a block file: for each requested column, only the data pages that hold those
 * rows are read, verified and decoded, using the offset indexes of a cached {@link BlockLayout}.
 * Serves index lookups and selective filters, where a scan would decode whole row groups.
 *
 * <p>Integrity is kept as {@link BlockReader} keeps it: every byte comes through the layout's
 * stripe checksums (a stripe is verified the first time any reader of the cached layout touches
 * it), and every page is checked against its own CRC, its header against the offset index, its
 * decompressed size against the header, on every read. Damage raises {@link CorruptionException}
 * naming the file; a failing device an {@link IOException}. Not thread-safe; one reader per scan.
 */
public final class BlockRowReader implements Closeable {
  private final FileIO io;
  private final BlockLayout layout;
  private final Schema schema;
  private final PageDecoder pages;
  private BlockInputFile input;
  private SeekableInputStream stream;
  private boolean closed;

  private final ChannelPool channels;

  private BlockRowReader(
      FileIO io, BlockLayout layout, Schema schema, PageCache cache, ChannelPool channels) {
    this.io = io;
    this.layout = layout;
    this.schema = schema;
    this.channels = channels;
    this.pages = new PageDecoder(layout, this::stream, cache);
  }

  /**
   * A reader of the rows of the table columns of {@code schema} in the file of {@code layout},
   * without a page cache.
   */
  public static BlockRowReader open(FileIO io, BlockLayout layout, Schema schema) {
    return open(io, layout, schema, null, null);
  }

  /**
   * A reader of the rows of the table columns of {@code schema} in the file of {@code layout},
   * keeping the pages it decodes in {@code cache} (null: none). The file is opened, and its length
   * checked against the layout's, when the first page that is not cached is read; with {@code
   * channels} (null: none), a channel kept open by an earlier reader is used instead, and this
   * reader's is kept when it closes.
   */
  public static BlockRowReader open(
      FileIO io, BlockLayout layout, Schema schema, PageCache cache, ChannelPool channels) {
    return new BlockRowReader(io, layout, schema, cache, channels);
  }

  /** The file's stream, opened on first use. */
  private SeekableInputStream stream() throws IOException {
    if (closed) {
      throw new IOException("block reader of " + layout.path() + " is closed");
    }
    if (stream == null) {
      SeekableByteChannel kept = channels == null ? null : channels.take();
      // A kept channel's file length was checked when it was opened.
      BlockInputFile opened =
          kept != null
              ? new BlockInputFile(io, layout.path(), kept, layout.fileBytes())
              : new BlockInputFile(io, layout.path());
      try {
        if (opened.getLength() != layout.fileBytes()) {
          long length = opened.getLength();
          throw new CorruptionException(
              layout.path(),
              Math.min(length, layout.fileBytes()),
              "file is " + length + " bytes, " + layout.fileBytes() + " when it was opened");
        }
        opened.verifyWith(layout.stripes());
        stream = opened.newStream();
      } catch (IOException | RuntimeException e) {
        opened.close();
        throw e;
      }
      input = opened;
    }
    return stream;
  }

  /**
   * The values of {@code rows[from..to)} (file row ordinals, strictly ascending) for the table
   * columns {@code columns} (ordinals): a batch of {@code to - from} rows whose vectors, indexed by
   * ordinal, are null for columns not asked for. A column the file lacks (added to the table later)
   * reads as NULL.
   *
   * @throws CorruptionException when a page is damaged or a row is past the end of the file
   * @throws IOException when the device fails
   */
  public ColumnBatch read(int[] columns, long[] rows, int from, int to) throws IOException {
    if (from < to && (rows[from] < 0 || rows[to - 1] >= layout.rowCount())) {
      throw new CorruptionException(
          layout.path(),
          -1,
          "rows "
              + rows[from]
              + ".."
              + rows[to - 1]
              + " asked for, the file has "
              + layout.rowCount());
    }
    ColumnVector[] vectors = new ColumnVector[schema.size()];
    BlockLayout.Fields fields = layout.fields(schema);
    for (int ordinal : columns) {
      Column column = schema.column(ordinal);
      ColumnVector vector = ColumnVector.create(column.type(), to - from);
      int field = fields.fields()[ordinal];
      if (field < 0) {
        for (int i = from; i < to; i++) {
          vector.appendNull();
        }
      } else {
        String problem = fields.problems()[ordinal];
        if (problem != null) {
          throw new CorruptionException(layout.path(), -1, problem);
        }
        try {
          readColumn(field, column, rows, from, to, vector);
        } catch (IOException | RuntimeException e) {
          throw BlockErrors.translate(layout.path(), e);
        }
      }
      vectors[ordinal] = vector;
    }
    return new ColumnBatch(vectors, 0, to - from);
  }

  /**
   * The file rows (ascending) that satisfy {@code predicate} when it is a range on one integer
   * column (a comparison, BETWEEN, or an AND of them on one column), found as {@link #rowsWithin}
   * finds them: the exact matches. Null when the predicate is of another form, or as {@link
   * #rowsWithin} returns null.
   *
   * @param predicate a predicate bound to the table's schema
   */
  public long[] rowsMatching(io.backtracedb.Predicate predicate, int limit) throws IOException {
    PageBounds.Range range = PageBounds.Range.of(predicate);
    int ordinal = range == null ? -1 : schema.ordinalOf(range.column());
    if (ordinal < 0) {
      return null;
    }
    return rowsWithin(ordinal, range.low(), range.high(), limit);
  }

  /**
   * The file rows (ascending) whose value of integer column {@code ordinal} (INTEGER, BIGINT, DATE,
   * TIMESTAMP) lies in {@code [low, high]}, NULL rows never, found by decoding only the pages whose
   * column index bounds allow such values. Null when those pages hold more than {@code limit} rows,
   * or when the file lacks the column or its page bounds.
   *
   * @throws CorruptionException when a page is damaged
   * @throws IOException when the device fails
   */
  public long[] rowsWithin(int ordinal, long low, long high, int limit) throws IOException {
    Column column = schema.column(ordinal);
    BlockLayout.Fields fields = layout.fields(schema);
    int field = fields.fields()[ordinal];
    if (field < 0) {
      return null;
    }
    String problem = fields.problems()[ordinal];
    if (problem != null) {
      throw new CorruptionException(layout.path(), -1, problem);
    }
    if (low > high) {
      return new long[0];
    }
    BlockLayout.RowGroup[] groups = layout.groups();
    // The pages that may hold the range, as (group, page) pairs; at most `limit` rows in them.
    int[] candidates = new int[8];
    int pairs = 0;
    long candidateRows = 0;
    for (int g = 0; g < groups.length; g++) {
      BlockLayout.Chunk chunk = groups[g].chunks()[field];
      PageBounds bounds = chunk.bounds();
      if (bounds == null) {
        return null;
      }
      // Pages in ascending order (the time column's) are found by binary search.
      for (int page = bounds.firstPageFrom(low); page < bounds.pageCount(); page++) {
        if (bounds.allAbove(page, high)) {
          break;
        }
        if (bounds.mayHold(page, low, high)) {
          candidateRows += BlockLayout.pageRows(groups[g], chunk, page);
          if (candidateRows > limit) {
            return null;
          }
          if (pairs + 2 > candidates.length) {
            candidates = java.util.Arrays.copyOf(candidates, candidates.length * 2);
          }
          candidates[pairs++] = g;
          candidates[pairs++] = page;
        }
      }
    }
    long[] rows = new long[16];
    int count = 0;
    // A page of a column without NULLs whose bounds lie inside the range matches whole.
    boolean required =
        groups.length > 0 && groups[0].chunks()[field].descriptor().getMaxDefinitionLevel() == 0;
    try {
      for (int i = 0; i < pairs; i += 2) {
        int g = candidates[i];
        int page = candidates[i + 1];
        BlockLayout.Chunk chunk = groups[g].chunks()[field];
        if (required && chunk.bounds().min(page) >= low && chunk.bounds().max(page) <= high) {
          long first = groups[g].firstRow() + chunk.offsets().getFirstRowIndex(page);
          int pageRows = (int) BlockLayout.pageRows(groups[g], chunk, page);
          if (count + pageRows > rows.length) {
            rows = java.util.Arrays.copyOf(rows, Math.max(rows.length * 2, count + pageRows));
          }
          for (int r = 0; r < pageRows; r++) {
            rows[count++] = first + r;
          }
          continue;
        }
        ColumnVector decoded = pages.page(g, field, page, column.type());
        long first = groups[g].firstRow() + chunk.offsets().getFirstRowIndex(page);
        boolean nullable = decoded.mayHaveNulls();
        int size = decoded.size();
        long[] longs = decoded instanceof LongVector wide ? wide.values() : null;
        int[] ints = longs == null ? ((IntVector) decoded).values() : null;
        // One unsigned comparison per value: with low <= high, v lies in [low, high] exactly
        // when v - low, taken unsigned, is at most high - low (both wrap the same way).
        long span = high - low;
        for (int row = 0; row < size; row++) {
          long value = longs != null ? longs[row] : ints[row];
          if (Long.compareUnsigned(value - low, span) <= 0 && !(nullable && decoded.isNull(row))) {
            if (count == rows.length) {
              rows = java.util.Arrays.copyOf(rows, count * 2);
            }
            rows[count++] = first + row;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw BlockErrors.translate(layout.path(), e);
    }
    return java.util.Arrays.copyOf(rows, count);
  }

  /**
   * Every row of data page {@code page} of field {@code field} in row group {@code group}, decoded
   * as a vector of {@code type} (a dictionary-encoded VARCHAR page as ids over its chunk's
   * dictionary), from the page cache when it holds it. The vector must not be modified.
   */
  ColumnVector page(int group, int field, int page, ColumnType type) throws IOException {
    try {
      return pages.page(group, field, page, type);
    } catch (IOException | RuntimeException e) {
      throw BlockErrors.translate(layout.path(), e);
    }
  }

  /** The table schema this reader reads columns of. */
  Schema schema() {
    return schema;
  }

  /** The layout this reader reads by. */
  BlockLayout layout() {
    return layout;
  }

  /**
   * The distinct values of VARCHAR column {@code field} in row group {@code group}, from its
   * dictionary page; null unless every data page of the chunk is dictionary-encoded and it holds no
   * NULL (then the dictionary is exactly the set of values present, or a superset of it).
   */
  String[] distinctStrings(int group, int field) throws IOException {
    BlockLayout.RowGroup rowGroup = layout.groups()[group];
    org.apache.parquet.hadoop.metadata.ColumnChunkMetaData meta = rowGroup.metadata().get(field);
    org.apache.parquet.column.EncodingStats encodings = meta.getEncodingStats();
    org.apache.parquet.column.statistics.Statistics<?> statistics = meta.getStatistics();
    if (encodings == null
        || encodings.hasNonDictionaryEncodedPages()
        || !encodings.hasDictionaryEncodedPages()
        || statistics == null
        || !statistics.isNumNullsSet()
        || statistics.getNumNulls() != 0
        || rowGroup.chunks()[field].dictionaryOffset() < 0) {
      return null;
    }
    try {
      return pages.dictionary(group, field).strings();
    } catch (IOException | RuntimeException e) {
      throw BlockErrors.translate(layout.path(), e);
    }
  }

  private void readColumn(
      int field, Column column, long[] rows, int from, int to, ColumnVector vector)
      throws IOException {
    BlockLayout.RowGroup[] groups = layout.groups();
    int i = from;
    while (i < to) {
      int g = layout.groupOf(rows[i]);
      BlockLayout.RowGroup group = groups[g];
      BlockLayout.Chunk chunk = group.chunks()[field];
      long groupEnd = group.firstRow() + group.rowCount();
      while (i < to && rows[i] < groupEnd) {
        int page = chunk.pageOf(rows[i] - group.firstRow());
        long pageEnd =
            group.firstRow() + chunk.offsets().getLastRowIndex(page, group.rowCount()) + 1;
        int end = i;
        while (end < to && rows[end] < pageEnd) {
          end++;
        }
        pages.read(g, field, page, column.type(), rows, i, end, vector);
        i = end;
      }
    }
  }

  /** Closes the file; idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pages.release();
      if (stream != null) {
        stream.close();
      }
    } finally {
      if (input != null) {
        SeekableByteChannel channel = channels == null ? null : input.detachFirst();
        try {
          input.close();
        } finally {
          if (channel != null && !channels.give(channel)) {
            channel.close();
          }
        }
      }
    }
  }
}
