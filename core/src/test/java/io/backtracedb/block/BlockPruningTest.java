package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockPruningTest {
  private static final long START = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void timeRangeSkipsRowGroupsByStatistics() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(11), ALL_TYPES, 10_000);
    Path file = write(ALL_TYPES, rows, BlockWriteOptions.defaults().withRowGroupRows(1000));
    // Row r has ts in [START + 1000 r, START + 1000 r + 999]: rows 2500..3499 span row groups 2, 3.
    Predicate range = Predicate.between("ts", START + 2_500_000L, START + 3_499_999L);
    try (BlockReader reader = open(file, ALL_TYPES, null, range, BlockReadOptions.defaults())) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      BlockScanStats stats = reader.stats();
      assertEquals(10, stats.rowGroups());
      assertEquals(8, stats.rowGroupsSkippedByStatistics());
      assertEquals(2, stats.rowGroupsRead());
      assertEquals(10_000, stats.rows());
      assertSameRows(ALL_TYPES, BlockTestSupport.filter(rows, ALL_TYPES, range), read, range);
    }
  }

  @Test
  void predicateOnAColumnThatIsNotDecodedStillPrunesWithoutLosingRows() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(14), ALL_TYPES, 50_000);
    Path file = write(ALL_TYPES, rows, BlockWriteOptions.defaults());
    Predicate range = Predicate.between("ts", START + 20_000_000L, START + 20_500_000L);
    int id = ALL_TYPES.ordinalOf("id");
    try (BlockReader reader =
        open(file, ALL_TYPES, new int[] {id}, range, BlockReadOptions.defaults())) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      assertTrue(reader.stats().rowsDecoded() <= 20_000, reader.stats().toString());
      assertTrue(read.stream().allMatch(row -> row[0] == null), "ts was decoded");
      List<Object> readIds = new ArrayList<>();
      read.forEach(row -> readIds.add(row[id]));
      for (Object[] match : BlockTestSupport.filter(rows, ALL_TYPES, range)) {
        assertTrue(readIds.contains(match[id]), "row " + match[id] + " lost");
      }
    }
  }

  @Test
  void narrowTimeRangeDecodesFewPagesAndMatchesBruteForce() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(12), ALL_TYPES, 200_000);
    Path file = write(ALL_TYPES, rows, BlockWriteOptions.defaults().withRowGroupRows(100_000));
    Predicate range =
        Predicate.and(
            Predicate.ge("ts", START + 123_456_000L), Predicate.lt("ts", START + 125_000_000L));
    try (BlockReader reader = open(file, ALL_TYPES, null, range, BlockReadOptions.defaults())) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      BlockScanStats stats = reader.stats();
      assertEquals(1, stats.rowGroupsRead(), stats.toString());
      assertTrue(stats.rowsDecoded() <= 20_000, stats.toString()); // one or two 10,000-row pages
      assertTrue(stats.rowsSkippedByColumnIndex() >= 80_000, stats.toString());
      assertTrue(stats.pagesSkipped() > 0, stats.toString());
      assertEquals(read.size(), stats.rowsDecoded());
      assertSameRows(ALL_TYPES, BlockTestSupport.filter(rows, ALL_TYPES, range), read, range);
    }
  }

  @Test
  void columnsWithDifferentPageBoundariesStayAligned() throws IOException {
    // Long strings fill a 4 KiB page after a few rows, the time column only after 1,000 rows, so
    // the pages the column index keeps for "ts" start and end inside pages of "payload".
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .notNull("id", ColumnType.BIGINT)
            .column("payload", ColumnType.VARCHAR)
            .column("d", ColumnType.DOUBLE)
            .build();
    Random random = new Random(13);
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 20_000; r++) {
      String payload =
          random.nextInt(10) == 0 ? null : r + ":" + Long.toHexString(random.nextLong()).repeat(5);
      rows.add(
          new Object[] {START + r, (long) r, payload, random.nextInt(7) == 0 ? null : r / 2.0});
    }
    BlockWriteOptions options =
        BlockWriteOptions.defaults()
            .withCodec(BlockWriteOptions.Codec.UNCOMPRESSED)
            .withPageRows(1000)
            .withPageBytes(4096);
    Path file = write(schema, rows, options);
    long[] tsPages = firstRowsOfPages(file, "ts");
    long[] payloadPages = firstRowsOfPages(file, "payload");
    assertEquals(20, tsPages.length);
    assertTrue(payloadPages.length > 3 * tsPages.length, payloadPages.length + " payload pages");
    for (long[] range : new long[][] {{1500, 1500}, {2999, 3001}, {7777, 9123}, {0, 10}}) {
      Predicate predicate = Predicate.between("ts", START + range[0], START + range[1]);
      try (BlockReader reader = open(file, schema, null, predicate, BlockReadOptions.defaults())) {
        List<Object[]> read = BlockTestSupport.readAll(reader);
        for (Object[] row : read) {
          // Every column of a returned row must come from the same input row.
          Object[] expected = rows.get((int) (long) (Long) row[1]);
          assertArrayEquals(expected, row);
        }
        assertTrue(reader.stats().rowsDecoded() < 4000, reader.stats().toString());
        assertSameRows(schema, BlockTestSupport.filter(rows, schema, predicate), read, predicate);
      }
    }
  }

  @Test
  void pruningOnAndOffGiveTheSameRowsAfterFiltering() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 6000);
      Path file =
          write(
              ALL_TYPES,
              rows,
              BlockWriteOptions.defaults().withPageRows(200).withRowGroupRows(1500));
      for (int i = 0; i < 40; i++) {
        Predicate predicate = BlockTestSupport.randomPredicate(random, ALL_TYPES, rows, 2);
        List<Object[]> pruned;
        List<Object[]> full;
        try (BlockReader reader =
            open(file, ALL_TYPES, null, predicate, BlockReadOptions.defaults())) {
          pruned = BlockTestSupport.filter(BlockTestSupport.readAll(reader), ALL_TYPES, predicate);
        }
        BlockReadOptions noPruning = BlockReadOptions.defaults().withPruning(false);
        try (BlockReader reader = open(file, ALL_TYPES, null, predicate, noPruning)) {
          full = BlockTestSupport.readAll(reader);
          assertEquals(rows.size(), reader.stats().rowsDecoded());
          full = BlockTestSupport.filter(full, ALL_TYPES, predicate);
        }
        assertSameRows(ALL_TYPES, full, pruned, predicate);
      }
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void dictionarySkipsRowGroupsWithoutTheString() throws IOException {
    Schema schema =
        Schema.builder()
            .notNull("ts", ColumnType.TIMESTAMP)
            .column("host", ColumnType.VARCHAR)
            .build();
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 4000; r++) {
      // Group g holds hosts "g-0" .. "g-3"; "1-2" only occurs in group 1, but sorts between the
      // min and max of groups 1 to 3, so statistics alone cannot skip them.
      rows.add(new Object[] {START + r, (r / 1000 == 1 ? "1-" + r % 4 : "0-" + r % 4 + "z")});
      if (r / 1000 >= 2) {
        rows.get(r)[1] = (r % 2 == 0 ? "0" : "9") + "-" + r % 4;
      }
    }
    Path file = write(schema, rows, BlockWriteOptions.defaults().withRowGroupRows(1000));
    Predicate predicate = Predicate.eq("host", "1-2");
    try (BlockReader reader = open(file, schema, null, predicate, BlockReadOptions.defaults())) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      assertEquals(3, reader.stats().rowGroupsSkippedByStatistics(), reader.stats().toString());
      assertSameRows(schema, BlockTestSupport.filter(rows, schema, predicate), read, predicate);
    }
  }

  /** The first row index of each page of {@code column} in the only row group. */
  private static long[] firstRowsOfPages(Path file, String column) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new BlockCodecs())
            .build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      BlockMetaData group = reader.getFooter().getBlocks().get(0);
      for (ColumnChunkMetaData chunk : group.getColumns()) {
        if (chunk.getPath().toDotString().equals(column)) {
          OffsetIndex index = reader.readOffsetIndex(chunk);
          long[] first = new long[index.getPageCount()];
          for (int page = 0; page < first.length; page++) {
            first[page] = index.getFirstRowIndex(page);
          }
          return first;
        }
      }
    }
    throw new AssertionError("no column " + column);
  }

  private BlockReader open(
      Path file, Schema schema, int[] columns, Predicate predicate, BlockReadOptions options)
      throws IOException {
    return BlockReader.open(LocalFileIO.INSTANCE, file, schema, columns, predicate, options);
  }

  private Path write(Schema schema, List<Object[]> rows, BlockWriteOptions options)
      throws IOException {
    Path file = dir.resolve("block-" + System.nanoTime() + ".parquet");
    BlockWriter.write(
        LocalFileIO.INSTANCE,
        file,
        schema,
        BlockTestSupport.vectors(schema, rows),
        rows.size(),
        null,
        options);
    return file;
  }

  /** The engine-side check: after re-evaluating the predicate, exactly the expected rows remain. */
  private static void assertSameRows(
      Schema schema, List<Object[]> expected, List<Object[]> read, Predicate predicate) {
    List<String> want = new ArrayList<>();
    for (Object[] row : expected) {
      want.add(Arrays.toString(row));
    }
    List<String> got = new ArrayList<>();
    for (Object[] row : BlockTestSupport.filter(read, schema, predicate)) {
      got.add(Arrays.toString(row));
    }
    assertEquals(want, got, "rows matching " + predicate);
  }
}
