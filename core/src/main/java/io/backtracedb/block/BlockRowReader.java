package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
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
  private final BlockLayout layout;
  private final Schema schema;
  private final BlockInputFile input;
  private final SeekableInputStream stream;
  private final PageDecoder pages;

  private BlockRowReader(BlockLayout layout, Schema schema, BlockInputFile input)
      throws IOException {
    this.layout = layout;
    this.schema = schema;
    this.input = input;
    this.stream = input.newStream();
    this.pages = new PageDecoder(layout, stream);
  }

  /**
   * Opens the file of {@code layout} to read rows of the table columns of {@code schema}.
   *
   * @throws IOException when the device fails
   */
  public static BlockRowReader open(FileIO io, BlockLayout layout, Schema schema)
      throws IOException {
    BlockInputFile input = new BlockInputFile(io, layout.path());
    if (input.getLength() != layout.fileBytes()) {
      long length = input.getLength();
      input.close();
      throw new CorruptionException(
          layout.path(),
          Math.min(length, layout.fileBytes()),
          "file is " + length + " bytes, " + layout.fileBytes() + " when it was opened");
    }
    input.verifyWith(layout.stripes());
    try {
      return new BlockRowReader(layout, schema, input);
    } catch (IOException | RuntimeException e) {
      input.close();
      throw e;
    }
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
    for (int ordinal : columns) {
      Column column = schema.column(ordinal);
      ColumnVector vector = ColumnVector.create(column.type(), to - from);
      int field = layout.fieldOf(column.name());
      if (field < 0) {
        for (int i = from; i < to; i++) {
          vector.appendNull();
        }
      } else {
        String problem = BlockSchema.incompatibility(column, layout.fileSchema().getType(field));
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

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    try {
      pages.release();
      stream.close();
    } finally {
      input.close();
    }
  }
}
