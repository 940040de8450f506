package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.Values;
import io.backtracedb.io.LocalFileIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The file {@link BlockWriter} lays out: pages, row groups, statistics, encodings, metadata. */
class BlockWriterLayoutTest {
  @TempDir Path dir;

  /** A block to write both ways, and the row groups it makes. */
  record Case(
      String name,
      Schema schema,
      List<Object[]> rows,
      int[] order,
      BlockWriteOptions options,
      int rowGroups) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Object[]> random = BlockTestSupport.randomRows(new Random(61), ALL_TYPES, 5000);
    List<Object[]> mixed = new ArrayList<>(random);
    mixed.addAll(BlockRoundTripTest.edgeRows());
    BlockWriteOptions defaults = BlockWriteOptions.defaults();
    Schema dotted =
        Schema.builder()
            .notNull("time.stamp", ColumnType.TIMESTAMP)
            .column("with space, comma \"quote\"", ColumnType.VARCHAR)
            .column("host.name", ColumnType.VARCHAR)
            .build();
    List<Object[]> dottedRows = new ArrayList<>();
    for (int r = 0; r < 3000; r++) {
      dottedRows.add(new Object[] {(long) r, r % 5 == 0 ? null : "v" + r % 17, "h" + r % 3});
    }
    Schema strings =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .column("s", ColumnType.VARCHAR)
            .build();
    List<Object[]> distinct = new ArrayList<>();
    for (int r = 0; r < 20_000; r++) {
      // Distinct strings: the dictionary does not pay off on the first page and is dropped.
      distinct.add(new Object[] {(long) r, r % 11 == 0 ? null : r + "-" + "x".repeat(90)});
    }
    List<Object[]> fallingBack = new ArrayList<>();
    for (int r = 0; r < 50_000; r++) {
      // Row group 1: a small dictionary for a page, then 1.5 MB of distinct strings make it fall
      // back mid-chunk. Row group 2 starts a new dictionary and reuses strings of group 1.
      int inGroup = r % 25_000;
      String value;
      if (inGroup < 10_000) {
        value = "k" + r % 10;
      } else if (r < 25_000) {
        value = "d" + r + "x".repeat(90);
      } else {
        value = "d" + (10_000 + r % 100) + "x".repeat(90);
      }
      fallingBack.add(new Object[] {(long) r, value});
    }
    List<Object[]> allNull = new ArrayList<>();
    for (int r = 0; r < 1000; r++) {
      allNull.add(new Object[] {(long) r, (long) r, null, null, null, null, null, null});
    }
    List<Object[]> big = BlockTestSupport.randomRows(new Random(62), ALL_TYPES, 40_000);
    return Stream.of(
            new Case("defaults", ALL_TYPES, mixed, null, defaults, 1),
            new Case(
                "snappy",
                ALL_TYPES,
                mixed,
                null,
                defaults.withCodec(BlockWriteOptions.Codec.SNAPPY),
                1),
            new Case(
                "uncompressed",
                ALL_TYPES,
                mixed,
                null,
                defaults.withCodec(BlockWriteOptions.Codec.UNCOMPRESSED),
                1),
            new Case("pages of 100 rows", ALL_TYPES, mixed, null, defaults.withPageRows(100), 1),
            new Case("pages of 37 rows", ALL_TYPES, random, null, defaults.withPageRows(37), 1),
            new Case("pages of 1 KiB", ALL_TYPES, mixed, null, defaults.withPageBytes(1024), 1),
            new Case(
                "row groups of 1000 rows",
                ALL_TYPES,
                mixed,
                null,
                defaults.withRowGroupRows(1000),
                6),
            new Case(
                "row groups of 64 KiB",
                ALL_TYPES,
                big,
                null,
                // Parquet checks a row group's size as pages fill: the count depends on page rows.
                defaults
                    .withPageRows(10_000)
                    .withRowGroupBytes(64 * 1024)
                    .withCodec(BlockWriteOptions.Codec.UNCOMPRESSED),
                31),
            new Case(
                "row groups of 2 KiB",
                ALL_TYPES,
                random,
                null,
                defaults.withRowGroupBytes(2048),
                50),
            new Case(
                "permuted rows",
                ALL_TYPES,
                mixed,
                shuffled(mixed.size(), new Random(63)),
                defaults.withPageRows(700).withRowGroupRows(2000),
                3),
            new Case("no rows", ALL_TYPES, List.of(), null, defaults, 0),
            new Case("one row", ALL_TYPES, random.subList(0, 1), null, defaults, 1),
            new Case("all nullable columns NULL", ALL_TYPES, allNull, null, defaults, 1),
            new Case("dotted and quoted names", dotted, dottedRows, null, defaults, 1),
            new Case("distinct strings, no dictionary", strings, distinct, null, defaults, 1),
            new Case(
                "dictionary fallback mid-chunk, then a new row group",
                strings,
                fallingBack,
                null,
                defaults.withRowGroupRows(25_000),
                2))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fileIsWhatParquetsRecordWriterWritesUpToKeyValueOrder(Case block) throws IOException {
    ColumnVector[] vectors = BlockTestSupport.vectors(block.schema(), block.rows());
    Path direct = dir.resolve("direct.parquet");
    Path reference = dir.resolve("reference.parquet");
    WrittenBlock written =
        BlockWriter.write(
            LocalFileIO.INSTANCE,
            direct,
            block.schema(),
            vectors,
            block.rows().size(),
            block.order(),
            block.options());
    TailChecksum referenceTail =
        RecordApiBlockWriter.write(
            reference,
            block.schema(),
            vectors,
            block.rows().size(),
            block.order(),
            block.options());
    assertSameFile(reference, direct);
    assertEquals(block.rowGroups(), written.rowGroupCount());
    assertEquals(referenceTail.fileBytes(), written.tail().fileBytes());
    assertEquals(referenceTail.offset(), written.tail().offset());

    List<Object[]> inOrder = new ArrayList<>();
    for (int i = 0; i < block.rows().size(); i++) {
      inOrder.add(block.rows().get(block.order() == null ? i : block.order()[i]));
    }
    BlockReadOptions verified = BlockReadOptions.defaults().withTail(written.tail());
    try (BlockReader reader =
        BlockReader.open(LocalFileIO.INSTANCE, direct, block.schema(), null, null, verified)) {
      BlockRoundTripTest.assertRowsEqual(inOrder, BlockTestSupport.readAll(reader));
    }
  }

  @Test
  void smallPagesAndRowGroupsHaveTheConfiguredRowsStatisticsEncodingsAndCrcs() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(64), ALL_TYPES, 5000);
    BlockWriteOptions options =
        BlockWriteOptions.defaults().withPageRows(500).withRowGroupRows(2000);
    Path file = dir.resolve("layout.parquet");
    WrittenBlock written =
        BlockWriter.write(
            LocalFileIO.INSTANCE,
            file,
            ALL_TYPES,
            BlockTestSupport.vectors(ALL_TYPES, rows),
            rows.size(),
            null,
            options);
    assertEquals(3, written.rowGroupCount());

    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(file), readOptions())) {
      ParquetMetadata footer = reader.getFooter();
      Map<String, String> metadata = footer.getFileMetaData().getKeyValueMetaData();
      assertEquals(
          Set.of(
              BlockFormat.VERSION_KEY,
              BlockFormat.SCHEMA_KEY,
              BlockFormat.DATA_BYTES_KEY,
              BlockFormat.DATA_CRC32C_KEY,
              "writer.model.name"),
          metadata.keySet());
      assertEquals("1", metadata.get(BlockFormat.VERSION_KEY));
      assertEquals(ALL_TYPES, BlockSchema.decode(metadata.get(BlockFormat.SCHEMA_KEY)));
      assertEquals(BlockWriter.MODEL_NAME, metadata.get("writer.model.name"));
      assertEquals(
          Long.toString(written.tail().offset()), metadata.get(BlockFormat.DATA_BYTES_KEY));

      List<BlockMetaData> groups = footer.getBlocks();
      long[] groupRows = {2000, 2000, 1000};
      assertEquals(groupRows.length, groups.size());
      int firstRow = 0;
      for (int g = 0; g < groups.size(); g++) {
        BlockMetaData group = groups.get(g);
        assertEquals(groupRows[g], group.getRowCount());
        List<Object[]> groupSlice = rows.subList(firstRow, firstRow + (int) groupRows[g]);
        for (int c = 0; c < ALL_TYPES.size(); c++) {
          int column = c;
          ColumnChunkMetaData chunk = group.getColumns().get(c);
          String where = "row group " + g + ", column " + ALL_TYPES.column(c).name();
          assertEquals(expectedEncodings(ALL_TYPES.column(c).type()), chunk.getEncodings(), where);
          assertStatistics(groupSlice, c, chunk.getStatistics(), where);

          OffsetIndex pages = reader.readOffsetIndex(chunk);
          ColumnIndex pageStats = reader.readColumnIndex(chunk);
          assertNotNull(pageStats, where);
          int pageCount = (int) (groupRows[g] / 500);
          assertEquals(pageCount, pages.getPageCount(), where);
          assertEquals(pageCount, pageStats.getNullCounts().size(), where);
          for (int p = 0; p < pageCount; p++) {
            assertEquals(500L * p, pages.getFirstRowIndex(p), where);
            PageHeader header = pageHeader(file, pages.getOffset(p));
            assertEquals(PageType.DATA_PAGE_V2, header.getType(), where);
            assertTrue(header.isSetCrc(), where + ": page " + p + " has no CRC");
            assertEquals(500, header.getData_page_header_v2().getNum_rows(), where);
            long nulls =
                rows.subList(firstRow + 500 * p, firstRow + 500 * (p + 1)).stream()
                    .filter(row -> row[column] == null)
                    .count();
            assertEquals(nulls, pageStats.getNullCounts().get(p), where + ", page " + p);
          }
          if (chunk.hasDictionaryPage()) {
            PageHeader header = pageHeader(file, chunk.getDictionaryPageOffset());
            assertEquals(PageType.DICTIONARY_PAGE, header.getType(), where);
            assertTrue(header.isSetCrc(), where + ": dictionary page has no CRC");
          }
        }
        firstRow += (int) groupRows[g];
      }
    }
    try (BlockReader reader = BlockReader.open(file, ALL_TYPES, null, null)) {
      BlockRoundTripTest.assertRowsEqual(rows, BlockTestSupport.readAll(reader));
    }
  }

  /**
   * Asserts that two block files have the same bytes up to the footer (row groups, column and
   * offset indexes) and the same footer, except that key-value pairs may come in another order:
   * parquet-java's record writer orders them by hashing, {@link BlockWriter} by key.
   */
  private static void assertSameFile(Path expectedFile, Path actualFile) throws IOException {
    byte[] expected = Files.readAllBytes(expectedFile);
    byte[] actual = Files.readAllBytes(actualFile);
    assertEquals(expected.length, actual.length, "file size");
    int footerStart = footerStart(expected);
    assertEquals(footerStart, footerStart(actual), "footer offset");
    assertArrayEquals(
        Arrays.copyOf(expected, footerStart), Arrays.copyOf(actual, footerStart), "data, indexes");
    assertEquals(sortedFooter(expected, footerStart), sortedFooter(actual, footerStart), "footer");
  }

  /** Where the footer starts: before its 4-byte little-endian length and the closing magic. */
  private static int footerStart(byte[] file) {
    int length = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return file.length - 8 - length;
  }

  private static FileMetaData sortedFooter(byte[] file, int footerStart) throws IOException {
    FileMetaData footer =
        Util.readFileMetaData(
            new ByteArrayInputStream(file, footerStart, file.length - 8 - footerStart));
    footer.getKey_value_metadata().sort(Comparator.comparing(KeyValue::getKey));
    return footer;
  }

  private static Set<Encoding> expectedEncodings(ColumnType type) {
    return switch (type) {
      case BIGINT, TIMESTAMP, INTEGER, DATE -> EnumSet.of(Encoding.DELTA_BINARY_PACKED);
      case DOUBLE -> EnumSet.of(Encoding.BYTE_STREAM_SPLIT);
      case BOOLEAN -> EnumSet.of(Encoding.RLE);
      case VARCHAR -> EnumSet.of(Encoding.PLAIN, Encoding.RLE_DICTIONARY);
    };
  }

  /** Checks null count, min and max of column {@code c} of {@code rows} (NaN left out). */
  private static void assertStatistics(
      List<Object[]> rows, int c, Statistics<?> statistics, String where) {
    long nulls = 0;
    Object min = null;
    Object max = null;
    for (Object[] row : rows) {
      Object value = row[c];
      if (value == null) {
        nulls++;
      } else if (!(value instanceof Double d && d.isNaN())) {
        min = min == null || compare(value, min) < 0 ? value : min;
        max = max == null || compare(value, max) > 0 ? value : max;
      }
    }
    assertEquals(nulls, statistics.getNumNulls(), where + ": nulls");
    if (min == null) {
      assertFalse(statistics.hasNonNullValue(), where);
      return;
    }
    assertEquals(0, compare(min, fromParquet(statistics.genericGetMin())), where + ": min");
    assertEquals(0, compare(max, fromParquet(statistics.genericGetMax())), where + ": max");
  }

  /** Values order, except that strings compare as UTF-8 bytes, as Parquet orders them. */
  private static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return Arrays.compareUnsigned(
          x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
    }
    return Values.compare(a, b);
  }

  private static Object fromParquet(Object value) {
    return value instanceof Binary binary
        ? new String(binary.getBytes(), StandardCharsets.UTF_8)
        : value;
  }

  private static PageHeader pageHeader(Path file, long offset) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      return Util.readPageHeader(in);
    }
  }

  private static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(new BlockCodecs())
        .build();
  }

  private static int[] shuffled(int size, Random random) {
    List<Integer> permutation = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      permutation.add(i);
    }
    Collections.shuffle(permutation, random);
    return permutation.stream().mapToInt(Integer::intValue).toArray();
  }
}
