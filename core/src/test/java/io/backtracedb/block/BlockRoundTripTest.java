package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlockRoundTripTest {
  @TempDir Path dir;

  /** Rows with every edge value of every type, NULLs in each nullable column. */
  static List<Object[]> edgeRows() {
    List<Object[]> rows = new ArrayList<>();
    int n = Math.max(BlockTestSupport.STRINGS.length, BlockTestSupport.DOUBLES.length) + 3;
    for (int r = 0; r < n; r++) {
      rows.add(
          new Object[] {
            r % 2 == 0 ? Long.MIN_VALUE + r : Long.MAX_VALUE - r, // ts: extreme instants
            BlockTestSupport.LONGS[r % BlockTestSupport.LONGS.length],
            r % 5 == 4 ? null : (r % 2 == 0 ? Integer.MIN_VALUE + r : Integer.MAX_VALUE - r),
            r % 7 == 6 ? null : BlockTestSupport.DOUBLES[r % BlockTestSupport.DOUBLES.length],
            r % 6 == 5 ? null : BlockTestSupport.STRINGS[r % BlockTestSupport.STRINGS.length],
            r % 3 == 2 ? null : r % 2 == 0,
            r % 4 == 3 ? null : (r % 2 == 0 ? -719_162 + r : 2_932_896 - r), // year 1 .. 9999
            r % 3 == 0 ? null : BlockTestSupport.LONGS[(r + 1) % BlockTestSupport.LONGS.length],
          });
    }
    rows.add(new Object[] {0L, 0L, null, null, null, null, null, null});
    rows.add(new Object[] {1L, 1L, 0, -0.0, "", false, 0, 0L});
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BlockWriteOptions.Codec.class)
  void everyTypeRoundTripsWithNullsAndExtremes(BlockWriteOptions.Codec codec) throws IOException {
    List<Object[]> rows = edgeRows();
    Path file = write(rows, null, BlockWriteOptions.defaults().withCodec(codec));
    try (BlockReader reader = BlockReader.open(file, ALL_TYPES, null, null)) {
      assertRowsEqual(rows, BlockTestSupport.readAll(reader));
      assertEquals(ALL_TYPES, reader.fileSchema());
      assertEquals(rows.size(), reader.rowCount());
    }
  }

  @Test
  void rowsAreWrittenInTheGivenOrder() throws IOException {
    long seed = BlockTestSupport.seed();
    try {
      Random random = new Random(seed);
      List<Object[]> rows = BlockTestSupport.randomRows(random, ALL_TYPES, 5000);
      List<Integer> permutation = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        permutation.add(i);
      }
      Collections.shuffle(permutation, random);
      int[] order = permutation.stream().mapToInt(Integer::intValue).toArray();
      Path file = write(rows, order, BlockWriteOptions.defaults().withPageRows(700));
      List<Object[]> expected = new ArrayList<>();
      for (int row : order) {
        expected.add(rows.get(row));
      }
      try (BlockReader reader = BlockReader.open(file, ALL_TYPES, null, null)) {
        assertRowsEqual(expected, BlockTestSupport.readAll(reader));
      }
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void projectionDecodesOnlyRequestedColumns() throws IOException {
    List<Object[]> rows = edgeRows();
    Path file = write(rows, null, BlockWriteOptions.defaults());
    int[] columns = {ALL_TYPES.ordinalOf("s"), ALL_TYPES.ordinalOf("ts")};
    try (BlockReader reader = BlockReader.open(file, ALL_TYPES, columns, null)) {
      ColumnBatch batch = reader.next();
      assertNotNull(batch);
      for (int c = 0; c < ALL_TYPES.size(); c++) {
        boolean requested = c == columns[0] || c == columns[1];
        assertEquals(requested, batch.vector(c) != null, ALL_TYPES.column(c).name());
      }
      for (int r = 0; r < rows.size(); r++) {
        assertEquals(rows.get(r)[columns[0]], batch.vector(columns[0]).getObject(r));
        assertEquals(rows.get(r)[columns[1]], batch.vector(columns[1]).getObject(r));
      }
      assertNull(reader.next());
    }
  }

  @Test
  void emptyProjectionStillCountsRows() throws IOException {
    List<Object[]> rows = edgeRows();
    Path file = write(rows, null, BlockWriteOptions.defaults());
    try (BlockReader reader = BlockReader.open(file, ALL_TYPES, new int[0], null)) {
      ColumnBatch batch = reader.next();
      assertEquals(rows.size(), batch.selectedCount());
      assertTrue(Arrays.stream(batch.vectors()).allMatch(v -> v == null));
    }
  }

  @Test
  void batchesHoldAtMostTheConfiguredRowsAcrossRowGroups() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(7), ALL_TYPES, 2500);
    Path file = write(rows, null, BlockWriteOptions.defaults().withRowGroupRows(1000));
    BlockReadOptions options = BlockReadOptions.defaults().withBatchRows(300);
    List<Integer> sizes = new ArrayList<>();
    try (BlockReader reader =
        BlockReader.open(LocalFileIO.INSTANCE, file, ALL_TYPES, null, null, options)) {
      ColumnBatch batch;
      while ((batch = reader.next()) != null) {
        sizes.add(batch.selectedCount());
      }
      assertEquals(3, reader.stats().rowGroupsRead());
    }
    assertTrue(sizes.stream().allMatch(size -> size > 0 && size <= 300), sizes.toString());
    assertEquals(2500, sizes.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void emptyBlockHasNoRowGroupsAndNoRows() throws IOException {
    WrittenBlock written = writeBlock(List.of(), null, BlockWriteOptions.defaults());
    assertEquals(0, written.rowGroupCount());
    assertEquals(0, written.rowCount());
    try (BlockReader reader = BlockReader.open(written.path(), ALL_TYPES, null, null)) {
      assertNull(reader.next());
      assertEquals(0, reader.rowCount());
    }
  }

  @Test
  void writtenBlockReportsSizeRowsRowGroupsAndTail() throws IOException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(3), ALL_TYPES, 1000);
    WrittenBlock written =
        writeBlock(rows, null, BlockWriteOptions.defaults().withRowGroupRows(400));
    assertEquals(Files.size(written.path()), written.bytes());
    assertEquals(1000, written.rowCount());
    assertEquals(3, written.rowGroupCount());
    assertEquals(written.bytes(), written.tail().fileBytes());
    assertTrue(written.tail().offset() > 4 && written.tail().offset() < written.bytes());
    BlockReadOptions verified = BlockReadOptions.defaults().withTail(written.tail());
    try (BlockReader reader =
        BlockReader.open(LocalFileIO.INSTANCE, written.path(), ALL_TYPES, null, null, verified)) {
      assertRowsEqual(rows, BlockTestSupport.readAll(reader));
    }
  }

  @Test
  void columnNamesThatNeedQuotingRoundTrip() throws IOException {
    Schema schema =
        Schema.builder()
            .notNull("time.stamp", ColumnType.TIMESTAMP)
            .column("with space, comma \"quote\"", ColumnType.VARCHAR)
            .column("ünï.côdé", ColumnType.DOUBLE)
            .build();
    List<Object[]> rows = List.of(new Object[] {5L, "x", 1.0}, new Object[] {6L, null, null});
    Path file = dir.resolve("names.parquet");
    BlockWriter.write(
        LocalFileIO.INSTANCE,
        file,
        schema,
        BlockTestSupport.vectors(schema, rows),
        rows.size(),
        null,
        BlockWriteOptions.defaults());
    io.backtracedb.Predicate predicate = io.backtracedb.Predicate.gt("time.stamp", 5L);
    try (BlockReader reader = BlockReader.open(file, schema, null, predicate)) {
      assertEquals(schema, reader.fileSchema());
      assertRowsEqual(rows, BlockTestSupport.readAll(reader)); // the dotted filter is not pushed
    }
  }

  @Test
  void columnAddedAfterTheBlockWasWrittenReadsAsNull() throws IOException {
    List<Object[]> rows = edgeRows();
    Path file = write(rows, null, BlockWriteOptions.defaults());
    List<io.backtracedb.Column> columns = new ArrayList<>(ALL_TYPES.columns());
    columns.add(io.backtracedb.Column.of("added", ColumnType.VARCHAR));
    Schema widened = Schema.of(columns);
    try (BlockReader reader = BlockReader.open(file, widened, null, null)) {
      List<Object[]> read = BlockTestSupport.readAll(reader);
      assertEquals(rows.size(), read.size());
      for (Object[] row : read) {
        assertNull(row[widened.size() - 1]);
      }
    }
  }

  @Test
  void columnStoredWithAnotherTypeIsRejected() throws IOException {
    Path file = write(edgeRows(), null, BlockWriteOptions.defaults());
    Schema changed =
        Schema.builder().notNull("ts", ColumnType.BIGINT).notNull("id", ColumnType.BIGINT).build();
    CorruptionException error =
        assertThrows(CorruptionException.class, () -> BlockReader.open(file, changed, null, null));
    assertEquals(file, error.file());
    assertTrue(error.getMessage().contains("'ts'"), error.getMessage());
  }

  @Test
  void nullInNotNullColumnIsRejectedBeforeWriting() {
    List<Object[]> rows = new ArrayList<>(edgeRows());
    rows.get(3)[1] = null;
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> write(rows, null, BlockWriteOptions.defaults()));
    assertTrue(error.getMessage().contains("'id' is NOT NULL but row 3"), error.getMessage());
    assertFalse(Files.exists(dir.resolve("block.parquet")));
  }

  @Test
  void orderThatIsNotAPermutationIsRejected() {
    List<Object[]> rows = edgeRows();
    int[] order = new int[rows.size()];
    assertThrows(
        IllegalArgumentException.class, () -> write(rows, order, BlockWriteOptions.defaults()));
  }

  @Test
  void vectorsOfTheWrongTypeAreRejected() {
    ColumnVector[] vectors = BlockTestSupport.vectors(ALL_TYPES, edgeRows());
    vectors[2] = ColumnVector.create(ColumnType.BIGINT, 1);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BlockWriter.write(
                LocalFileIO.INSTANCE,
                dir.resolve("x.parquet"),
                ALL_TYPES,
                vectors,
                1,
                null,
                BlockWriteOptions.defaults()));
  }

  @Test
  void optionsNameTheParameterThatIsOutOfRange() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> BlockWriteOptions.defaults().withPageRows(0));
    assertTrue(error.getMessage().startsWith("pageRows"), error.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> BlockReadOptions.defaults().withBatchRows(0));
  }

  @Test
  void hadoopRuntimeIsNotNeeded() throws IOException {
    // hadoop-client-runtime (where Configuration's XML parser lives) is excluded from core.
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("org.apache.hadoop.shaded.com.ctc.wstx.stax.WstxInputFactory"));
    List<Object[]> rows = edgeRows();
    Path file = write(rows, null, BlockWriteOptions.defaults());
    try (BlockReader reader =
        BlockReader.open(file, ALL_TYPES, null, io.backtracedb.Predicate.ge("ts", 0L))) {
      assertEquals(
          BlockTestSupport.filter(rows, ALL_TYPES, io.backtracedb.Predicate.ge("ts", 0L)).size(),
          BlockTestSupport.filter(
                  BlockTestSupport.readAll(reader),
                  ALL_TYPES,
                  io.backtracedb.Predicate.ge("ts", 0L))
              .size());
    }
  }

  private Path write(List<Object[]> rows, int[] order, BlockWriteOptions options)
      throws IOException {
    return writeBlock(rows, order, options).path();
  }

  private WrittenBlock writeBlock(List<Object[]> rows, int[] order, BlockWriteOptions options)
      throws IOException {
    return BlockWriter.write(
        LocalFileIO.INSTANCE,
        dir.resolve("block.parquet"),
        ALL_TYPES,
        BlockTestSupport.vectors(ALL_TYPES, rows),
        rows.size(),
        order,
        options);
  }

  static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int r = 0; r < expected.size(); r++) {
      assertArrayEquals(expected.get(r), actual.get(r), "row " + r);
    }
  }
}
