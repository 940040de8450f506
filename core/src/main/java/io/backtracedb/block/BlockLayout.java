package io.backtracedb.block;

import io.backtracedb.CorruptionException;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.statisticslevel.StatisticsFilter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexFilter;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.schema.MessageType;

/**
 * The parts of a block file's tail a row lookup needs, read and verified once and kept while the
 * block is cached: the row groups, and per column chunk its codec, dictionary page, offset index
 * (where each page starts and its first row) and column index (each page's min/max), plus the
 * shared record of which data stripes were verified and the dictionaries decoded so far. {@link
 * BlockRowReader} uses it to read single pages without reading the footer again.
 *
 * <p>Block files never change once published, so a layout stays valid for the file's life. It is
 * built with the same checks as a {@link BlockReader} opening the file (tail checksum, version,
 * stored schema, column types). Thread-safe: immutable except for the stripe record, which is
 * thread-safe, and the dictionary cache, guarded by the layout's lock.
 */
public final class BlockLayout {
  private final Path path;
  private final long fileBytes;
  private final MessageType fileSchema;
  private final Map<String, Integer> fields;
  private final Set<ColumnPath> paths;
  private final StripeChecksums stripes;
  private final RowGroup[] groups;
  private final long rows;
  private final Map<Long, PageDictionary> dictionaries = new HashMap<>();
  private final Map<Integer, DictionaryUnion> unions = new HashMap<>();

  /**
   * A column chunk: one column of one row group.
   *
   * @param descriptor the Parquet column
   * @param codec page compression
   * @param dictionaryOffset where its dictionary page starts, or -1 when it has none
   * @param offsets where each data page starts, its size and its first row
   * @param columnIndex each page's min/max and null counts, or null when the file has none
   * @param bounds the column index's bounds as longs for an integer column, or null
   */
  record Chunk(
      ColumnDescriptor descriptor,
      CompressionCodecName codec,
      long dictionaryOffset,
      OffsetIndex offsets,
      ColumnIndex columnIndex,
      PageBounds bounds) {

    /** The page holding row {@code row} of the row group (rows within the group). */
    int pageOf(long row) {
      int low = 0;
      int high = offsets.getPageCount() - 1;
      while (low < high) {
        int middle = (low + high + 1) >>> 1;
        if (offsets.getFirstRowIndex(middle) <= row) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      return low;
    }
  }

  /**
   * A row group.
   *
   * @param firstRow the file ordinal of its first row
   * @param rowCount its rows
   * @param chunks its column chunks, by field index of the file schema
   * @param metadata the footer's description of its column chunks, with their statistics
   */
  record RowGroup(
      long firstRow, long rowCount, Chunk[] chunks, List<ColumnChunkMetaData> metadata) {}

  private BlockLayout(
      Path path,
      long fileBytes,
      MessageType fileSchema,
      StripeChecksums stripes,
      RowGroup[] groups) {
    this.path = path;
    this.fileBytes = fileBytes;
    this.fileSchema = fileSchema;
    this.stripes = stripes;
    this.groups = groups;
    this.fields = new HashMap<>();
    this.paths = new HashSet<>();
    for (int i = 0; i < fileSchema.getFieldCount(); i++) {
      fields.put(fileSchema.getFieldName(i), i);
      paths.add(ColumnPath.get(fileSchema.getFieldName(i)));
    }
    long total = 0;
    for (RowGroup group : groups) {
      total += group.rowCount();
    }
    this.rows = total;
  }

  /**
   * Reads and checks the tail of a block file written by BacktraceDB.
   *
   * @param io the file layer
   * @param path the block file
   * @param schema the table schema: every column the file stores must have the table's type
   * @param tail the tail checksum from the manifest, or null to trust the footer unverified
   * @return the layout, or null when the file cannot be read page by page (it lacks the stripe
   *     checksums or offset indexes BacktraceDB always writes: a file from another writer)
   * @throws CorruptionException when the file is damaged
   * @throws IOException when the device fails
   */
  public static BlockLayout load(FileIO io, Path path, Schema schema, TailChecksum tail)
      throws IOException {
    TreeSet<Integer> all = new TreeSet<>();
    for (int i = 0; i < schema.size(); i++) {
      all.add(i);
    }
    OpenedBlock opened =
        OpenedBlock.open(
            io,
            path,
            schema,
            all,
            ParquetFilters.convert(null, schema),
            BlockReadOptions.defaults().withTail(tail));
    try {
      BlockLayout layout = read(opened);
      opened.reader.close();
      opened.input.close();
      return layout;
    } catch (IOException | RuntimeException e) {
      opened.closeQuietly(e);
      throw BlockErrors.translate(path, e);
    }
  }

  private static BlockLayout read(OpenedBlock opened) throws IOException {
    if (opened.stripes == null) {
      return null;
    }
    MessageType fileSchema = opened.footer.getFileMetaData().getSchema();
    List<BlockMetaData> blocks = opened.footer.getBlocks();
    RowGroup[] groups = new RowGroup[blocks.size()];
    long firstRow = 0;
    for (int g = 0; g < groups.length; g++) {
      BlockMetaData block = blocks.get(g);
      List<ColumnChunkMetaData> columns = block.getColumns();
      if (columns.size() != fileSchema.getFieldCount()) {
        throw new CorruptionException(
            opened.path,
            -1,
            "row group "
                + g
                + " has "
                + columns.size()
                + " column chunks, the schema has "
                + fileSchema.getFieldCount()
                + " fields");
      }
      Chunk[] chunks = new Chunk[columns.size()];
      for (int c = 0; c < chunks.length; c++) {
        ColumnChunkMetaData column = columns.get(c);
        OffsetIndex offsets = opened.reader.readOffsetIndex(column);
        if (offsets == null || offsets.getPageCount() == 0) {
          return null;
        }
        ColumnIndex columnIndex = opened.reader.readColumnIndex(column);
        PageBounds bounds =
            PageBounds.of(columnIndex, column.getPrimitiveType().getPrimitiveTypeName());
        if (bounds != null && bounds.pageCount() != offsets.getPageCount()) {
          throw new CorruptionException(
              opened.path,
              -1,
              "column '"
                  + column.getPath()
                  + "' of row group "
                  + g
                  + " indexes "
                  + bounds.pageCount()
                  + " pages, its offset index "
                  + offsets.getPageCount());
        }
        chunks[c] =
            new Chunk(
                fileSchema.getColumnDescription(column.getPath().toArray()),
                column.getCodec(),
                column.hasDictionaryPage() ? column.getDictionaryPageOffset() : -1,
                offsets,
                columnIndex,
                bounds);
      }
      groups[g] = new RowGroup(firstRow, block.getRowCount(), chunks, List.copyOf(columns));
      firstRow += block.getRowCount();
    }
    return new BlockLayout(
        opened.path, opened.input.getLength(), fileSchema, opened.stripes, groups);
  }

  /** The block file. */
  public Path path() {
    return path;
  }

  /** Rows in the file. */
  public long rowCount() {
    return rows;
  }

  /** Data pages of the file's first column: its page count, for cost estimates. */
  public long pageCount() {
    long pages = 0;
    for (RowGroup group : groups) {
      pages += group.chunks()[0].offsets().getPageCount();
    }
    return pages;
  }

  long fileBytes() {
    return fileBytes;
  }

  StripeChecksums stripes() {
    return stripes;
  }

  RowGroup[] groups() {
    return groups;
  }

  MessageType fileSchema() {
    return fileSchema;
  }

  /**
   * Where the columns of a table schema are in this file.
   *
   * @param schema the table schema
   * @param fields the file field of each table column (by ordinal), or -1 when the file lacks it
   * @param problems why a column cannot be read from its field (by ordinal), or null when it can
   */
  record Fields(io.backtracedb.Schema schema, int[] fields, String[] problems) {}

  /** The fields of the schema asked for last, resolved once for all the readers of this file. */
  private volatile Fields lastFields;

  /** Where the columns of {@code schema} are in this file, and whether they can be read. */
  Fields fields(io.backtracedb.Schema schema) {
    Fields known = lastFields;
    if (known != null && known.schema() == schema) {
      return known;
    }
    int[] fields = new int[schema.size()];
    String[] problems = new String[schema.size()];
    for (int ordinal = 0; ordinal < fields.length; ordinal++) {
      io.backtracedb.Column column = schema.column(ordinal);
      fields[ordinal] = fieldOf(column.name());
      if (fields[ordinal] >= 0) {
        problems[ordinal] =
            BlockSchema.incompatibility(column, fileSchema.getType(fields[ordinal]));
      }
    }
    known = new Fields(schema, fields, problems);
    lastFields = known;
    return known;
  }

  /** The field index of column {@code name} in the file, or -1 when the file lacks it. */
  int fieldOf(String name) {
    Integer field = fields.get(name);
    return field == null ? -1 : field;
  }

  /** The row group holding file row {@code row}. */
  int groupOf(long row) {
    int low = 0;
    int high = groups.length - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (groups[middle].firstRow() <= row) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /**
   * The file rows whose pages may hold rows matching {@code predicate} by the column indexes
   * (ascending), or null when they are more than {@code limit}. Like the page pruning of {@link
   * BlockReader}, a superset: the caller evaluates the predicate on the rows.
   *
   * @param predicate a bound predicate in each column's representation, not null
   * @param schema the table schema
   */
  public long[] candidateRows(Predicate predicate, Schema schema, int limit) {
    PageBounds.Range integers = PageBounds.Range.of(predicate);
    int field = integers == null ? -1 : fieldOf(integers.column());
    if (field >= 0 && boundedEverywhere(field)) {
      return candidateRows(integers, field, limit);
    }
    ParquetFilters.Pushed pushed = ParquetFilters.convert(predicate, schema);
    if (pushed.filter() == null) {
      return rows <= limit ? rangeOfAll() : null;
    }
    FilterCompat.Filter filter = FilterCompat.get(pushed.filter());
    RowRanges[] ranges = new RowRanges[groups.length];
    long count = 0;
    for (int g = 0; g < groups.length; g++) {
      RowGroup group = groups[g];
      if (StatisticsFilter.canDrop(pushed.filter(), group.metadata())) {
        // The row group's statistics rule it out: cheaper than its column index.
        ranges[g] = RowRanges.EMPTY;
        continue;
      }
      ranges[g] =
          ColumnIndexFilter.calculateRowRanges(filter, store(group), paths, group.rowCount());
      count += ranges[g].rowCount();
      if (count > limit) {
        return null;
      }
    }
    long[] result = new long[(int) count];
    int n = 0;
    for (int g = 0; g < groups.length; g++) {
      for (RowRanges.Range rows : ranges[g].getRanges()) {
        for (long row = rows.from; row <= rows.to; row++) {
          result[n++] = groups[g].firstRow() + row;
        }
      }
    }
    return result;
  }

  private boolean boundedEverywhere(int field) {
    for (RowGroup group : groups) {
      if (group.chunks()[field].bounds() == null) {
        return false;
      }
    }
    return true;
  }

  /** The rows of the pages of {@code field} that may hold a value of {@code range}. */
  private long[] candidateRows(PageBounds.Range range, int field, int limit) {
    long count = 0;
    for (RowGroup group : groups) {
      Chunk chunk = group.chunks()[field];
      for (int page = 0; page < chunk.bounds().pageCount(); page++) {
        if (chunk.bounds().mayHold(page, range.low(), range.high())) {
          count += pageRows(group, chunk, page);
          if (count > limit) {
            return null;
          }
        }
      }
    }
    long[] rows = new long[(int) count];
    int n = 0;
    for (RowGroup group : groups) {
      Chunk chunk = group.chunks()[field];
      for (int page = 0; page < chunk.bounds().pageCount(); page++) {
        if (chunk.bounds().mayHold(page, range.low(), range.high())) {
          long first = group.firstRow() + chunk.offsets().getFirstRowIndex(page);
          for (long r = 0, end = pageRows(group, chunk, page); r < end; r++) {
            rows[n++] = first + r;
          }
        }
      }
    }
    return rows;
  }

  /** The rows of page {@code page} of {@code chunk} in {@code group}. */
  static long pageRows(RowGroup group, Chunk chunk, int page) {
    return chunk.offsets().getLastRowIndex(page, group.rowCount())
        + 1
        - chunk.offsets().getFirstRowIndex(page);
  }

  private long[] rangeOfAll() {
    long[] all = new long[(int) rows];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  /** The column and offset indexes of {@code group} as Parquet's column index filter wants them. */
  private ColumnIndexStore store(RowGroup group) {
    return new ColumnIndexStore() {
      @Override
      public ColumnIndex getColumnIndex(ColumnPath column) {
        int field = fieldOf(column.toDotString());
        return field < 0 ? null : group.chunks()[field].columnIndex();
      }

      @Override
      public OffsetIndex getOffsetIndex(ColumnPath column) {
        int field = fieldOf(column.toDotString());
        if (field < 0) {
          throw new MissingOffsetIndexException(column);
        }
        return group.chunks()[field].offsets();
      }
    };
  }

  /** A decoded dictionary page, cached per column chunk. */
  synchronized PageDictionary dictionary(int group, int field) {
    return dictionaries.get(dictionaryKey(group, field));
  }

  /** Caches {@code dictionary}; returns the one cached first when another reader was quicker. */
  synchronized PageDictionary remember(int group, int field, PageDictionary dictionary) {
    return dictionaries.computeIfAbsent(dictionaryKey(group, field), key -> dictionary);
  }

  /**
   * The union of field {@code field}'s dictionaries, {@code dictionaries} (one per row group, as
   * {@link #dictionary} holds them), made once per layout.
   */
  synchronized DictionaryUnion union(int field, String[][] dictionaries) {
    return unions.computeIfAbsent(field, key -> DictionaryUnion.of(dictionaries));
  }

  private static long dictionaryKey(int group, int field) {
    return ((long) group << 32) | field;
  }
}
