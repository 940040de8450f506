package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading chosen rows page by page gives exactly the rows written, and damage is still found. */
class BlockRowReaderTest {
  private static final BlockWriteOptions SMALL_PAGES =
      BlockWriteOptions.defaults().withPageRows(150).withRowGroupRows(1000);

  @TempDir Path dir;

  private WrittenBlock write(
      Path file, Schema schema, List<Object[]> rows, BlockWriteOptions options) throws IOException {
    return BlockWriter.write(
        LocalFileIO.INSTANCE,
        file,
        schema,
        BlockTestSupport.vectors(schema, rows),
        rows.size(),
        null,
        options);
  }

  private static BlockLayout load(WrittenBlock written, Schema schema) throws IOException {
    BlockLayout layout =
        BlockLayout.load(LocalFileIO.INSTANCE, written.path(), schema, written.tail());
    assertNotNull(layout, "a block BacktraceDB wrote can be read page by page");
    return layout;
  }

  private static List<Object[]> read(BlockLayout layout, Schema schema, int[] columns, long[] rows)
      throws IOException {
    return read(layout, schema, columns, rows, null);
  }

  /** The rows read through a reader that keeps decoded pages in {@code cache} (null: none). */
  private static List<Object[]> read(
      BlockLayout layout, Schema schema, int[] columns, long[] rows, PageCache cache)
      throws IOException {
    try (BlockRowReader reader =
        BlockRowReader.open(LocalFileIO.INSTANCE, layout, schema, cache, null)) {
      ColumnBatch batch = reader.read(columns, rows, 0, rows.length);
      assertEquals(rows.length, batch.selectedCount());
      List<Object[]> result = new ArrayList<>();
      for (int r = 0; r < rows.length; r++) {
        Object[] row = new Object[schema.size()];
        for (int c = 0; c < row.length; c++) {
          ColumnVector vector = batch.vector(c);
          row[c] = vector == null ? null : vector.getObject(r);
        }
        result.add(row);
      }
      return result;
    }
  }

  /** The expected rows: {@code rows} at {@code ordinals}, with only {@code columns} kept. */
  private static List<Object[]> expected(List<Object[]> rows, int[] columns, long[] ordinals) {
    List<Object[]> result = new ArrayList<>();
    for (long ordinal : ordinals) {
      Object[] row = new Object[rows.get(0).length];
      for (int c : columns) {
        row[c] = rows.get((int) ordinal)[c];
      }
      result.add(row);
    }
    return result;
  }

  private static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BlockWriteOptions.Codec.class)
  void randomRowsAndColumnsReadAsWritten(BlockWriteOptions.Codec codec) throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 3000);
      WrittenBlock written =
          write(dir.resolve("b.parquet"), ALL_TYPES, rows, SMALL_PAGES.withCodec(codec));
      BlockLayout layout = load(written, ALL_TYPES);
      assertEquals(3000, layout.rowCount());
      // Small enough that pages are dropped and decoded again along the way.
      PageCache cache = new PageCache(96 << 10);
      for (int attempt = 0; attempt < 40; attempt++) {
        TreeSet<Long> chosen = new TreeSet<>();
        int count = 1 + random.nextInt(attempt % 4 == 0 ? 800 : 12);
        while (chosen.size() < count) {
          chosen.add((long) random.nextInt(rows.size()));
        }
        long[] ordinals = chosen.stream().mapToLong(Long::longValue).toArray();
        int[] columns =
            random.ints(0, ALL_TYPES.size()).limit(1 + random.nextInt(5)).distinct().toArray();
        List<Object[]> expected = expected(rows, columns, ordinals);
        assertRowsEqual(expected, read(layout, ALL_TYPES, columns, ordinals));
        assertRowsEqual(expected, read(layout, ALL_TYPES, columns, ordinals, cache));
      }
      assertTrue(cache.stats().bytes() <= 96 << 10, cache.stats().toString());
      assertTrue(cache.stats().hits() > 0, cache.stats().toString());
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void edgeValuesAndFirstAndLastRowsOfEveryPage() throws IOException {
    List<Object[]> rows = BlockRoundTripTest.edgeRows();
    WrittenBlock written =
        write(
            dir.resolve("edges.parquet"),
            ALL_TYPES,
            rows,
            BlockWriteOptions.defaults().withPageRows(4).withRowGroupRows(9));
    BlockLayout layout = load(written, ALL_TYPES);
    int[] all = new int[ALL_TYPES.size()];
    Arrays.setAll(all, i -> i);
    long[] every = new long[rows.size()];
    Arrays.setAll(every, i -> i);
    assertRowsEqual(expected(rows, all, every), read(layout, ALL_TYPES, all, every));
  }

  @Test
  void stringsPastTheDictionaryLimitReadThroughTheFallbackEncoding() throws IOException {
    Schema schema =
        Schema.builder().notNull("ts", ColumnType.BIGINT).column("s", ColumnType.VARCHAR).build();
    List<Object[]> rows = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 30_000; i++) {
      // Distinct, long values push the dictionary past Parquet's 1 MiB limit.
      String value = i + "-" + "v".repeat(40 + random.nextInt(80));
      rows.add(new Object[] {(long) i, i % 11 == 0 ? null : value});
    }
    WrittenBlock written =
        write(
            dir.resolve("strings.parquet"),
            schema,
            rows,
            BlockWriteOptions.defaults().withPageRows(150));
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new BlockCodecs())
            .build();
    try (ParquetFileReader parquet =
        ParquetFileReader.open(new LocalInputFile(written.path()), options)) {
      assertTrue(
          parquet
              .getFooter()
              .getBlocks()
              .get(0)
              .getColumns()
              .get(1)
              .getEncodings()
              .contains(org.apache.parquet.column.Encoding.DELTA_BYTE_ARRAY),
          "the dictionary overflowed");
    }
    BlockLayout layout = load(written, schema);
    long[] ordinals = {0, 1, 149, 150, 9_999, 10_000, 15_873, 25_000, 29_999};
    int[] columns = {0, 1};
    assertRowsEqual(expected(rows, columns, ordinals), read(layout, schema, columns, ordinals));
    // Whole pages of either encoding, cached (on their second miss) and read again.
    long[] pages = new long[300];
    Arrays.setAll(pages, i -> 29_700L + i);
    PageCache cache = new PageCache(8 << 20);
    for (int pass = 0; pass < 3; pass++) {
      assertRowsEqual(expected(rows, columns, pages), read(layout, schema, columns, pages, cache));
      assertRowsEqual(
          expected(rows, columns, ordinals), read(layout, schema, columns, ordinals, cache));
    }
    assertTrue(cache.stats().hits() > 0, cache.stats().toString());
  }

  @Test
  void aColumnAddedAfterTheBlockWasWrittenReadsAsNull() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(3), ALL_TYPES, 500);
    WrittenBlock written = write(dir.resolve("old.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    List<Column> columns = new ArrayList<>(ALL_TYPES.columns());
    columns.add(Column.of("added", ColumnType.VARCHAR));
    Schema widened = Schema.of(columns);
    BlockLayout layout = load(written, widened);
    int added = widened.ordinalOf("added");
    List<Object[]> read = read(layout, widened, new int[] {0, added}, new long[] {7, 420});
    assertEquals(rows.get(7)[0], read.get(0)[0]);
    assertNull(read.get(0)[added]);
    assertNull(read.get(1)[added]);
  }

  @Test
  void integerRangesFindExactlyTheirRowsAndTheRowsReadAfterwards() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 3000);
      WrittenBlock written = write(dir.resolve("r.parquet"), ALL_TYPES, rows, SMALL_PAGES);
      BlockLayout layout = load(written, ALL_TYPES);
      String[] integers = {"ts", "id", "i", "day", "big"};
      int[] all = new int[ALL_TYPES.size()];
      Arrays.setAll(all, i -> i);
      PageCache cache = new PageCache(1 << 20);
      try (BlockRowReader plain = BlockRowReader.open(LocalFileIO.INSTANCE, layout, ALL_TYPES);
          BlockRowReader cached =
              BlockRowReader.open(LocalFileIO.INSTANCE, layout, ALL_TYPES, cache, null)) {
        for (int attempt = 0; attempt < 300; attempt++) {
          BlockRowReader reader = attempt % 2 == 0 ? plain : cached;
          Predicate predicate = BlockTestSupport.randomPredicate(random, ALL_TYPES, rows, 0);
          String column = integers[random.nextInt(integers.length)];
          if (!(predicate instanceof Predicate.Compare compare)
              || !column.equals(compare.column())) {
            Object value = rows.get(random.nextInt(rows.size()))[ALL_TYPES.ordinalOf(column)];
            if (value == null) {
              continue;
            }
            Predicate.Op op = Predicate.Op.values()[random.nextInt(Predicate.Op.values().length)];
            predicate = new Predicate.Compare(column, op, value);
          }
          long[] found = reader.rowsMatching(predicate, Integer.MAX_VALUE);
          if (((Predicate.Compare) predicate).op() == Predicate.Op.NE) {
            assertNull(found, "not a range: " + predicate);
            continue;
          }
          List<Long> expected = new ArrayList<>();
          for (int r = 0; r < rows.size(); r++) {
            if (Boolean.TRUE.equals(BlockTestSupport.evaluate(predicate, ALL_TYPES, rows.get(r)))) {
              expected.add((long) r);
            }
          }
          assertEquals(expected, Arrays.stream(found).boxed().toList(), predicate.toString());
          if (found.length > 0) {
            // The column's page is remembered decoded, or cached; the rows still read right.
            ColumnBatch batch = reader.read(all, found, 0, found.length);
            for (int i = 0; i < found.length; i++) {
              for (int c = 0; c < all.length; c++) {
                assertEquals(
                    rows.get((int) found[i])[c],
                    batch.vector(c).getObject(i),
                    predicate + " col " + c);
              }
            }
          }
        }
      }
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void rangesOnASortedColumnFindTheirPagesByBinarySearchIncludingRunsAcrossPages()
      throws IOException {
    Random random = new Random(21);
    List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 3000);
    // ts ascending with runs of equal values longer than a page (150 rows), "id" left unsorted.
    long ts = 1_000;
    for (int r = 0; r < rows.size(); r++) {
      ts += r % 400 < 320 ? 0 : 1 + random.nextInt(3);
      rows.get(r)[0] = ts;
    }
    WrittenBlock written = write(dir.resolve("sorted.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    long first = (Long) rows.get(0)[0];
    long last = (Long) rows.get(rows.size() - 1)[0];
    try (BlockRowReader reader = BlockRowReader.open(LocalFileIO.INSTANCE, layout, ALL_TYPES)) {
      for (long low = first - 2; low <= last + 2; low++) {
        for (long high : new long[] {low - 1, low, low + 1, low + 5, Long.MAX_VALUE}) {
          List<Long> expected = new ArrayList<>();
          List<Long> expectedIds = new ArrayList<>();
          for (int r = 0; r < rows.size(); r++) {
            long value = (Long) rows.get(r)[0];
            long id = (Long) rows.get(r)[1];
            if (value >= low && value <= high) {
              expected.add((long) r);
            }
            if (id >= low && id <= high) {
              expectedIds.add((long) r);
            }
          }
          long[] found = reader.rowsWithin(0, low, high, Integer.MAX_VALUE);
          assertEquals(expected, Arrays.stream(found).boxed().toList(), low + ".." + high);
          long[] ids = reader.rowsWithin(1, low, high, Integer.MAX_VALUE);
          assertEquals(expectedIds, Arrays.stream(ids).boxed().toList(), "id " + low + ".." + high);
        }
      }
    }
  }

  @Test
  void candidateRowsCoverEveryMatchAndNarrowASortedColumnToItsPages() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 3000);
      WrittenBlock written = write(dir.resolve("c.parquet"), ALL_TYPES, rows, SMALL_PAGES);
      BlockLayout layout = load(written, ALL_TYPES);
      for (int attempt = 0; attempt < 200; attempt++) {
        Predicate predicate = BlockTestSupport.randomPredicate(random, ALL_TYPES, rows, 2);
        long[] candidates = layout.candidateRows(predicate, ALL_TYPES, Integer.MAX_VALUE);
        TreeSet<Long> set = new TreeSet<>();
        for (long candidate : candidates) {
          set.add(candidate);
        }
        assertEquals(candidates.length, set.size(), "candidates are distinct");
        for (int r = 0; r < rows.size(); r++) {
          if (Boolean.TRUE.equals(BlockTestSupport.evaluate(predicate, ALL_TYPES, rows.get(r)))) {
            assertTrue(set.contains((long) r), predicate + " matches row " + r);
          }
        }
      }
      Object ts = rows.get(1234)[0];
      long[] one = layout.candidateRows(Predicate.eq("ts", ts), ALL_TYPES, Integer.MAX_VALUE);
      assertTrue(one.length <= 150 && one.length > 0, "one page of " + one.length + " rows");
      assertNull(layout.candidateRows(Predicate.ge("ts", ts), ALL_TYPES, 1000), "over the limit");
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void aDamagedPageIsFoundBeforeItsStripeWasVerified() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(8), ALL_TYPES, 3000);
    WrittenBlock written = write(dir.resolve("d.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    byte[] original = Files.readAllBytes(written.path());
    BlockLayout layout = load(written, ALL_TYPES);
    original[5000] ^= 0x5a;
    Files.write(written.path(), original);
    long[] all = new long[rows.size()];
    Arrays.setAll(all, i -> i);
    CorruptionException error =
        assertThrows(
            CorruptionException.class, () -> read(layout, ALL_TYPES, new int[] {0, 1, 4}, all));
    assertEquals(written.path(), error.file());
  }

  @Test
  void aPageDamagedAfterItsStripeWasVerifiedFailsItsPageChecksum() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(9), ALL_TYPES, 3000);
    WrittenBlock written = write(dir.resolve("e.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    int id = ALL_TYPES.ordinalOf("id");
    long[] row = {2222};
    assertEquals(2222L, read(layout, ALL_TYPES, new int[] {id}, row).get(0)[id]);
    // Damage the last byte of that page: its stripe is verified and cached by now.
    BlockLayout.RowGroup group = layout.groups()[layout.groupOf(2222)];
    BlockLayout.Chunk chunk = group.chunks()[layout.fieldOf("id")];
    int page = chunk.pageOf(2222 - group.firstRow());
    long end = chunk.offsets().getOffset(page) + chunk.offsets().getCompressedPageSize(page);
    byte[] bytes = Files.readAllBytes(written.path());
    bytes[(int) end - 1] ^= 0x01;
    Files.write(written.path(), bytes);
    CorruptionException error =
        assertThrows(CorruptionException.class, () -> read(layout, ALL_TYPES, new int[] {id}, row));
    assertTrue(error.getMessage().contains("CRC"), error.getMessage());
  }

  @Test
  void randomBitFlipsGiveTheWrittenRowsOrCorruption() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 2000);
      WrittenBlock written = write(dir.resolve("h.parquet"), ALL_TYPES, rows, SMALL_PAGES);
      byte[] original = Files.readAllBytes(written.path());
      int[] all = new int[ALL_TYPES.size()];
      Arrays.setAll(all, i -> i);
      long[] ordinals = {0, 3, 151, 999, 1000, 1777, 1999};
      List<Object[]> expected = expected(rows, all, ordinals);
      Path file = dir.resolve("flipped.parquet");
      for (int i = 0; i < 150; i++) {
        int offset = random.nextInt(original.length);
        byte[] damaged = original.clone();
        damaged[offset] ^= (byte) (1 << random.nextInt(8));
        Files.write(file, damaged);
        try {
          BlockLayout layout =
              BlockLayout.load(LocalFileIO.INSTANCE, file, ALL_TYPES, written.tail());
          List<Object[]> read = read(layout, ALL_TYPES, all, ordinals);
          // Only a flip in a page none of the rows live in may go unnoticed.
          assertRowsEqual(expected, read);
        } catch (CorruptionException e) {
          assertEquals(file, e.file());
        }
      }
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void cachedPagesAreReadWithoutTheFileAndOthersStillNeedIt() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(12), ALL_TYPES, 2000);
    WrittenBlock written = write(dir.resolve("c.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    int[] all = new int[ALL_TYPES.size()];
    Arrays.setAll(all, i -> i);
    long[] warm = {3, 151, 1777};
    PageCache cache = new PageCache(4 << 20);
    // A page enters the cache on its second miss.
    assertRowsEqual(expected(rows, all, warm), read(layout, ALL_TYPES, all, warm, cache));
    assertEquals(0, cache.stats().pages());
    assertRowsEqual(expected(rows, all, warm), read(layout, ALL_TYPES, all, warm, cache));
    long misses = cache.stats().misses();
    assertEquals(warm.length * all.length, cache.stats().pages());

    // The file is gone: the cached pages still answer, and reading them opens nothing.
    Files.delete(written.path());
    assertRowsEqual(expected(rows, all, warm), read(layout, ALL_TYPES, all, warm, cache));
    assertEquals(misses, cache.stats().misses());
    CorruptionException missing =
        assertThrows(
            CorruptionException.class,
            () -> read(layout, ALL_TYPES, all, new long[] {1000}, cache));
    assertEquals(written.path(), missing.file());

    // Another file's layout never finds these pages, even for the same rows.
    BlockLayout other =
        load(write(dir.resolve("d.parquet"), ALL_TYPES, rows, SMALL_PAGES), ALL_TYPES);
    long before = cache.stats().misses();
    read(other, ALL_TYPES, all, warm, cache);
    read(other, ALL_TYPES, all, warm, cache);
    assertEquals(before + 2 * warm.length * all.length, cache.stats().misses());
    cache.forget(layout);
    assertEquals(warm.length * all.length, cache.stats().pages());
  }

  @Test
  void aChannelKeptByOneReaderServesTheNext() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(13), ALL_TYPES, 600);
    WrittenBlock written = write(dir.resolve("p.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    java.util.ArrayDeque<java.nio.channels.SeekableByteChannel> kept = new java.util.ArrayDeque<>();
    ChannelPool pool =
        new ChannelPool() {
          @Override
          public java.nio.channels.SeekableByteChannel take() {
            return kept.pollFirst();
          }

          @Override
          public boolean give(java.nio.channels.SeekableByteChannel channel) {
            if (!kept.isEmpty()) {
              return false;
            }
            kept.addFirst(channel);
            return true;
          }
        };
    int[] all = new int[ALL_TYPES.size()];
    Arrays.setAll(all, i -> i);
    java.nio.channels.SeekableByteChannel first = null;
    for (long row : new long[] {5, 333, 598}) {
      try (BlockRowReader reader =
          BlockRowReader.open(LocalFileIO.INSTANCE, layout, ALL_TYPES, null, pool)) {
        ColumnBatch batch = reader.read(all, new long[] {row}, 0, 1);
        for (int c = 0; c < all.length; c++) {
          assertEquals(rows.get((int) row)[c], batch.vector(c).getObject(0), "row " + row);
        }
        assertTrue(kept.isEmpty(), "the reader holds the channel while it reads");
      }
      assertEquals(1, kept.size(), "the reader gave its channel back");
      if (first == null) {
        first = kept.peekFirst();
      }
      assertSame(first, kept.peekFirst(), "one channel served every reader");
      assertTrue(first.isOpen());
    }
    first.close();
  }

  @Test
  void aFileThatChangedLengthSinceItsLayoutWasReadIsCorrupt() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(10), ALL_TYPES, 300);
    WrittenBlock written = write(dir.resolve("f.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    byte[] bytes = Files.readAllBytes(written.path());
    Files.write(written.path(), Arrays.copyOf(bytes, bytes.length - 1));
    assertThrows(
        CorruptionException.class, () -> read(layout, ALL_TYPES, new int[] {0}, new long[] {0}));
  }

  @Test
  void rowsPastTheEndAreRefused() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(11), ALL_TYPES, 300);
    WrittenBlock written = write(dir.resolve("g.parquet"), ALL_TYPES, rows, SMALL_PAGES);
    BlockLayout layout = load(written, ALL_TYPES);
    assertThrows(
        CorruptionException.class, () -> read(layout, ALL_TYPES, new int[] {0}, new long[] {300}));
  }
}
