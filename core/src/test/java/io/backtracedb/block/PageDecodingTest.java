package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Predicate;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Page-by-page decoding returns exactly what parquet-java's column readers return. */
class PageDecodingTest {
  @TempDir Path dir;

  private static List<String> read(Path file, Predicate predicate, boolean byPage, int[] columns)
      throws IOException {
    try (BlockReader reader =
        BlockReader.open(
            LocalFileIO.INSTANCE,
            file,
            ALL_TYPES,
            columns,
            predicate,
            BlockReadOptions.defaults().withPageDecoding(byPage).withBatchRows(777))) {
      List<String> rows = new ArrayList<>();
      for (Object[] row : BlockTestSupport.readAll(reader)) {
        rows.add(Arrays.deepToString(row));
      }
      return rows;
    }
  }

  @Test
  void randomBlocksReadTheSameEitherWay() throws IOException {
    Random random = new Random(BlockTestSupport.seed());
    for (int round = 0; round < 12; round++) {
      int count = 1 + random.nextInt(round < 6 ? 3000 : 40_000);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, count);
      BlockWriteOptions options =
          BlockWriteOptions.defaults()
              .withPageRows(1 + random.nextInt(5000))
              .withRowGroupRows(1 + random.nextInt(30_000))
              .withCodec(
                  BlockWriteOptions.Codec.values()[
                      round % BlockWriteOptions.Codec.values().length]);
      Path file = dir.resolve("block-" + round + ".parquet");
      BlockWriter.write(
          LocalFileIO.INSTANCE,
          file,
          ALL_TYPES,
          BlockTestSupport.vectors(ALL_TYPES, rows),
          rows.size(),
          null,
          options);
      List<String> expected = read(file, null, false, null);
      assertEquals(count, expected.size());
      assertEquals(expected, read(file, null, true, null), "round " + round);
      int[] some = {4, 1, 3};
      assertEquals(read(file, null, false, some), read(file, null, true, some), "round " + round);
      Predicate predicate = BlockTestSupport.randomPredicate(random, ALL_TYPES, rows, 2);
      assertEquals(
          read(file, predicate, false, null),
          read(file, predicate, true, null),
          "round " + round + ", " + predicate);
    }
  }

  @Test
  void rowGroupsReadInPartReadTheSameEitherWay() throws IOException {
    Random random = new Random(BlockTestSupport.seed());
    List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 30_000);
    // Aligned pages (every column cut at 700 rows), and pages cut early by a tiny byte limit in
    // the string column, which the page path must leave to parquet-java's synchronizing readers.
    BlockWriteOptions[] layouts = {
      BlockWriteOptions.defaults().withPageRows(700).withRowGroupRows(12_000),
      BlockWriteOptions.defaults().withPageRows(700).withPageBytes(1024).withRowGroupRows(12_000)
    };
    for (int l = 0; l < layouts.length; l++) {
      Path file = dir.resolve("ranges-" + l + ".parquet");
      BlockWriter.write(
          LocalFileIO.INSTANCE,
          file,
          ALL_TYPES,
          BlockTestSupport.vectors(ALL_TYPES, rows),
          rows.size(),
          null,
          layouts[l]);
      for (int attempt = 0; attempt < 20; attempt++) {
        long low = random.nextInt(rows.size());
        long high = low + random.nextInt(rows.size() / 3);
        Predicate range =
            attempt % 3 == 0
                ? new Predicate.Between("id", low, high)
                : attempt % 3 == 1
                    ? Predicate.or(
                        new Predicate.Compare("id", Predicate.Op.LT, low / 4),
                        new Predicate.Compare("id", Predicate.Op.GE, high))
                    : new Predicate.Compare("ts", Predicate.Op.GE, rows.get((int) low)[0]);
        List<String> expected = read(file, range, false, null);
        assertEquals(expected, read(file, range, true, null), "layout " + l + ", " + range);
        int[] some = {4, 1, 3};
        assertEquals(
            read(file, range, false, some),
            read(file, range, true, some),
            "layout " + l + ", " + range + ", some columns");
      }
    }
  }

  @Test
  void manyDistinctStringsReadTheSameEitherWay() throws IOException {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      String text =
          i % 9 == 0
              ? null
              : "value-" + (i * 2_654_435_761L % 1_000_003) + "-" + "x".repeat(i % 40);
      rows.add(new Object[] {(long) i, (long) i, i, i / 3.0, text, i % 2 == 0, i, null});
    }
    Path file = dir.resolve("strings.parquet");
    BlockWriter.write(
        LocalFileIO.INSTANCE,
        file,
        ALL_TYPES,
        BlockTestSupport.vectors(ALL_TYPES, rows),
        rows.size(),
        null,
        BlockWriteOptions.defaults());
    List<String> expected = read(file, null, false, null);
    assertEquals(rows.size(), expected.size());
    assertTrue(expected.get(1).contains("value-"), expected.get(1));
    assertEquals(expected, read(file, null, true, null));
  }
}
