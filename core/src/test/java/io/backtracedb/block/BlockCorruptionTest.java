package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.CorruptionException;
import io.backtracedb.Predicate;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockCorruptionTest {
  private static final Predicate RANGE =
      Predicate.and(
          Predicate.ge("ts", 1_700_000_000_000L + 700_000L),
          Predicate.lt("ts", 1_700_000_000_000L + 900_000L));

  @TempDir Path dir;
  private List<Object[]> rows;
  private WrittenBlock written;
  private byte[] original;
  private List<String> expectedAll;
  private List<String> expectedRange;

  @BeforeEach
  void writeBlock() throws IOException {
    rows = BlockTestSupport.randomRows(new Random(21), ALL_TYPES, 3000);
    written =
        BlockWriter.write(
            LocalFileIO.INSTANCE,
            dir.resolve("good.parquet"),
            ALL_TYPES,
            BlockTestSupport.vectors(ALL_TYPES, rows),
            rows.size(),
            null,
            BlockWriteOptions.defaults().withPageRows(150).withRowGroupRows(1000));
    original = Files.readAllBytes(written.path());
    expectedAll = text(rows);
    expectedRange = text(BlockTestSupport.filter(rows, ALL_TYPES, RANGE));
  }

  static Stream<Arguments> damages() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(damage("empty file", (bytes, block) -> new byte[0]));
    cases.add(damage("only the leading magic", (bytes, block) -> Arrays.copyOf(bytes, 4)));
    cases.add(damage("last byte cut", (bytes, block) -> Arrays.copyOf(bytes, bytes.length - 1)));
    cases.add(damage("cut in half", (bytes, block) -> Arrays.copyOf(bytes, bytes.length / 2)));
    cases.add(
        damage("cut inside the footer", (bytes, block) -> Arrays.copyOf(bytes, bytes.length - 30)));
    cases.add(damage("bad magic at the start", (bytes, block) -> flip(bytes, 1)));
    cases.add(damage("bad magic at the end", (bytes, block) -> flip(bytes, bytes.length - 2)));
    cases.add(
        damage(
            "footer length beyond the file",
            (bytes, block) -> {
              byte[] copy = bytes.clone();
              ByteBuffer.wrap(copy, copy.length - 8, 4)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putInt(Integer.MAX_VALUE - 7);
              return copy;
            }));
    cases.add(
        damage(
            "footer length zero",
            (bytes, block) -> {
              byte[] copy = bytes.clone();
              ByteBuffer.wrap(copy, copy.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0);
              return copy;
            }));
    cases.add(
        damage("byte flipped in the footer", (bytes, block) -> flip(bytes, bytes.length - 40)));
    cases.add(
        damage(
            "byte flipped in the column indexes",
            (bytes, block) -> flip(bytes, (int) block.tail().offset() + 10)));
    cases.add(damage("byte flipped in a data page", (bytes, block) -> flip(bytes, 5000)));
    cases.add(
        damage(
            "byte flipped in the last data stripe",
            (bytes, block) -> flip(bytes, (int) block.tail().offset() - 3)));
    cases.add(
        damage("garbage appended", (bytes, block) -> Arrays.copyOf(bytes, bytes.length + 100)));
    return cases.stream();
  }

  private static Arguments damage(String name, BiFunction<byte[], WrittenBlock, byte[]> damage) {
    return Arguments.of(name, damage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damagedFileRaisesCorruptionNamingItWhenTheTailIsVerified(
      String name, BiFunction<byte[], WrittenBlock, byte[]> damage) throws IOException {
    Path file = dir.resolve("damaged.parquet");
    Files.write(file, damage.apply(original, written));
    BlockReadOptions verified = BlockReadOptions.defaults().withTail(written.tail());
    CorruptionException error =
        assertThrows(CorruptionException.class, () -> readAll(file, null, verified), name);
    assertEquals(file, error.file());
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damagedFileGivesCorrectRowsOrCorruptionWithoutTailChecksum(
      String name, BiFunction<byte[], WrittenBlock, byte[]> damage) throws IOException {
    Path file = dir.resolve("damaged.parquet");
    Files.write(file, damage.apply(original, written));
    assertCorrectOrCorrupt(file, null, BlockReadOptions.defaults(), expectedAll);
  }

  @Test
  void dataFlipIsReportedAtItsStripe() throws IOException {
    Path file = dir.resolve("flipped.parquet");
    int offset = (int) written.tail().offset() - 100;
    Files.write(file, flip(original, offset));
    CorruptionException error =
        assertThrows(
            CorruptionException.class, () -> readAll(file, null, BlockReadOptions.defaults()));
    long stripe = offset / BlockFormat.CHECKSUM_STRIPE_BYTES * BlockFormat.CHECKSUM_STRIPE_BYTES;
    assertEquals(stripe, error.offset(), error.getMessage());
  }

  @Test
  void randomBitFlipsGiveCorrectRowsOrCorruption() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      Path file = dir.resolve("flipped.parquet");
      BlockReadOptions verified = BlockReadOptions.defaults().withTail(written.tail());
      int detectedWithTail = 0;
      int flips = Integer.getInteger("backtrace.flips", 150);
      for (int i = 0; i < flips; i++) {
        int offset = random.nextInt(original.length);
        byte[] damaged = original.clone();
        damaged[offset] ^= (byte) (1 << random.nextInt(8));
        Files.write(file, damaged);
        String where = "bit flip at offset " + offset + " of " + original.length;
        try {
          List<String> read = readAll(file, null, verified);
          fail(
              where
                  + " was not detected with the tail checksum; rows equal: "
                  + read.equals(expectedAll));
        } catch (CorruptionException expected) {
          detectedWithTail++;
        }
        assertCorrectOrCorrupt(file, RANGE, verified, expectedRange);
        assertCorrectOrCorrupt(file, null, BlockReadOptions.defaults(), expectedAll);
        if (offset < written.tail().offset()) {
          // The data region is covered by the footer's own stripe checksums.
          assertCorrectOrCorrupt(file, RANGE, BlockReadOptions.defaults(), expectedRange);
        }
      }
      assertEquals(flips, detectedWithTail);
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void everyByteOfTheFooterDamagedOpensOrIsCorruptionWithoutTheTailChecksum() throws IOException {
    // Unchecked, a damaged footer can make parquet-java's decoder fail on a null field (bit 6 of
    // a repetition type did); that is damage to report, not a defect of the reader.
    Path file = dir.resolve("footer.parquet");
    for (int offset = (int) written.tail().offset(); offset < original.length; offset++) {
      byte[] damaged = original.clone();
      damaged[offset] ^= 0x40;
      Files.write(file, damaged);
      // Opening decodes the footer; what the rows read after a footer that decodes is the random
      // flips' test's business.
      try (BlockReader reader =
          BlockReader.open(
              LocalFileIO.INSTANCE, file, ALL_TYPES, null, null, BlockReadOptions.defaults())) {
        assertTrue(reader.rowCount() >= 0, "a footer that decodes gives a row count");
      } catch (CorruptionException expected) {
        assertEquals(file, expected.file());
      } catch (RuntimeException e) {
        throw new AssertionError("bit 6 flipped at offset " + offset, e);
      }
    }
  }

  @Test
  void pageCrcsAreWrittenForOtherReaders() throws IOException {
    // Flip the last byte of the first data page of "id" and read with plain parquet-java.
    Path file = dir.resolve("page.parquet");
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new BlockCodecs())
            .usePageChecksumVerification(true)
            .build();
    long pageEnd;
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(written.path()), options)) {
      BlockMetaData group = reader.getFooter().getBlocks().get(0);
      ColumnChunkMetaData id = group.getColumns().get(ALL_TYPES.ordinalOf("id"));
      OffsetIndex pages = reader.readOffsetIndex(id);
      pageEnd = pages.getOffset(0) + pages.getCompressedPageSize(0);
    }
    Files.write(file, flip(original, (int) pageEnd - 1));
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      ParquetDecodingException error =
          assertThrows(ParquetDecodingException.class, reader::readNextRowGroup);
      assertTrue(error.getMessage().contains("CRC"), error.getMessage());
    }
  }

  private void assertCorrectOrCorrupt(
      Path file, Predicate predicate, BlockReadOptions options, List<String> expected)
      throws IOException {
    List<String> read;
    try {
      read = readAll(file, predicate, options);
    } catch (CorruptionException e) {
      assertEquals(file, e.file());
      return;
    }
    assertEquals(expected, read, "damage went unnoticed and changed the result");
  }

  /** The rows matching {@code predicate} after the engine re-evaluates it, as text. */
  private static List<String> readAll(Path file, Predicate predicate, BlockReadOptions options)
      throws IOException {
    try (BlockReader reader =
        BlockReader.open(LocalFileIO.INSTANCE, file, ALL_TYPES, null, predicate, options)) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      return text(predicate == null ? read : BlockTestSupport.filter(read, ALL_TYPES, predicate));
    }
  }

  private static List<String> text(List<Object[]> rows) {
    List<String> text = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      text.add(Arrays.toString(row));
    }
    return text;
  }

  private static byte[] flip(byte[] bytes, int offset) {
    byte[] copy = bytes.clone();
    copy[offset] ^= 0x5a;
    return copy;
  }
}
