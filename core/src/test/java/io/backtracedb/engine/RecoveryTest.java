package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CorruptionException;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.IntegrityReport;
import io.backtracedb.RecoveryMode;
import io.backtracedb.Table;
import io.backtracedb.testing.SeedExtension;
import io.backtracedb.wal.SegmentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What opening a database does with what a previous process left: a clean close, an abrupt stop, a
 * torn or damaged WAL, damaged catalog and manifest files, missing or damaged block files, leftover
 * temporary files, and a large WAL to replay.
 */
@ExtendWith(SeedExtension.class)
class RecoveryTest {
  /** Batches most tests commit, each of {@link #ROWS} rows. */
  static final int BATCHES = 10;

  static final int ROWS = 60;

  /** No background flush, so every file appears only when a test asks for it. */
  static final DatabaseOptions QUIET = DatabaseOptions.defaults().withBackgroundFlush(false);

  @TempDir Path dir;

  /** Commits batches {@code from..to} (inclusive) to {@code table}, one commit each. */
  static void commit(Table table, long from, long to) {
    int bit = table.name().equals("a") ? BatchRows.A : BatchRows.B;
    for (long id = from; id <= to; id++) {
      table.append(BatchRows.part(table, id, ROWS, bit));
    }
  }

  /** Asserts that table {@code a} holds exactly batches {@code 1..last}, whole. */
  static void assertBatches(Database db, long last, String what) {
    BatchRows.Census census = BatchRows.Census.of(db);
    assertEquals(List.of(), census.problems(), what);
    List<Long> expected = LongStream.rangeClosed(1, last).boxed().toList();
    assertEquals(expected, census.a.keySet().stream().sorted().toList(), what);
    IntegrityReport report = db.check();
    assertTrue(report.ok(), what + ": " + report.problems());
  }

  @Test
  void reopenAfterCloseFindsEveryRowInBlocksAndNothingToReplay() {
    try (Database db = Database.open(dir)) {
      Table a = BatchRows.createTables(db, 280)[0];
      commit(a, 1, 26);
    }
    try (Database db = Database.open(dir)) {
      assertTrue(db.table("a").stats().coldBlocks() > 0, "rows were flushed");
      assertEquals(0, db.table("a").stats().memoryRows(), "a clean close checkpoints the WAL");
      assertBatches(db, 26, "after close");
    }
  }

  @Test
  void reopenAfterAnAbruptStopKeepsEveryCommittedRow() {
    Database db = Database.open(dir);
    Table a = BatchRows.createTables(db, 250)[0];
    commit(a, 1, 25);
    db.engine().closeAbruptly();
    try (Database reopened = Database.open(dir)) {
      assertBatches(reopened, 25, "after an abrupt stop");
      commit(reopened.table("a"), 26, 30);
    }
    try (Database reopened = Database.open(dir)) {
      assertBatches(reopened, 30, "after commits on top of the recovered database");
    }
  }

  /** The end offsets of the records of commits 1..BATCHES in the (single) WAL segment. */
  private long[] commitInOneSegment() {
    long[] ends = new long[BATCHES + 1];
    Database db = Database.open(dir, QUIET);
    Table a = BatchRows.createTables(db, 100_000)[0];
    ends[0] = activeSegment(db).bytes();
    for (int id = 1; id <= BATCHES; id++) {
      commit(a, id, id);
      ends[id] = activeSegment(db).bytes();
    }
    assertEquals(1, db.engine().wal().segments().size());
    db.engine().closeAbruptly();
    return ends;
  }

  private static SegmentInfo activeSegment(Database db) {
    List<SegmentInfo> segments = db.engine().wal().segments();
    return segments.get(segments.size() - 1);
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
      List<Path> segments = files.toList();
      assertEquals(1, segments.size(), segments.toString());
      return segments.get(0);
    }
  }

  @ParameterizedTest(name = "{0} bytes cut off the last record")
  @ValueSource(strings = {"1", "2", "9", "17", "100", "all"})
  void tornWalTailLosesOnlyTheTornCommit(String cut) throws IOException {
    long[] ends = commitInOneSegment();
    long lastRecord = ends[BATCHES] - ends[BATCHES - 1];
    long bytes = cut.equals("all") ? lastRecord : Long.parseLong(cut);
    assertTrue(bytes <= lastRecord);
    Path segment = onlySegment();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(ends[BATCHES] - bytes);
    }
    try (Database db = Database.open(dir, QUIET)) {
      assertBatches(db, BATCHES - 1, "after cutting " + bytes + " bytes");
      commit(db.table("a"), BATCHES, BATCHES + 2);
    }
    try (Database db = Database.open(dir, QUIET)) {
      assertBatches(db, BATCHES + 2, "commits after the repaired tail");
    }
  }

  /** Where in a record a byte is flipped: offsets from the record's start or end. */
  static Stream<Arguments> recordPlaces() {
    return Stream.of(
        Arguments.of("checksum", (Function<long[], Long>) r -> r[0] + 1),
        Arguments.of("length", (Function<long[], Long>) r -> r[0] + 5),
        Arguments.of("lsn", (Function<long[], Long>) r -> r[0] + 9),
        Arguments.of("payload start", (Function<long[], Long>) r -> r[0] + 20),
        Arguments.of("payload middle", (Function<long[], Long>) r -> (r[0] + r[1]) / 2),
        Arguments.of("last byte", (Function<long[], Long>) r -> r[1] - 1));
  }

  @ParameterizedTest(name = "flipped byte in a middle record: {0}")
  @MethodSource("recordPlaces")
  void damagedMiddleRecordRefusesToOpenUnlessPointInTime(
      String place, Function<long[], Long> offsetIn) throws IOException {
    long[] ends = commitInOneSegment();
    int damaged = 5;
    long start = ends[damaged - 1];
    long offset = offsetIn.apply(new long[] {start, ends[damaged]});
    Path segment = onlySegment();
    flip(segment, offset);
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> Database.open(dir, QUIET), place);
    assertEquals(segment, e.file(), e.getMessage());
    assertEquals(start, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
    try (Database db = Database.open(dir, QUIET.withRecoveryMode(RecoveryMode.POINT_IN_TIME))) {
      assertBatches(db, damaged - 1, "point-in-time recovery before the damaged record");
      commit(db.table("a"), damaged, damaged);
    }
    try (Database db = Database.open(dir, QUIET)) {
      assertBatches(db, damaged, "the repaired log opens in strict mode and keeps new commits");
    }
  }

  /** Damage done to catalog.json or a manifest.json. */
  static Stream<Arguments> metadataDamages() {
    List<Arguments> cases = new ArrayList<>();
    for (String file : List.of("catalog.json", "tables/a/manifest.json")) {
      cases.add(Arguments.of(file + " with a flipped byte in its body", file, "flip body"));
      cases.add(Arguments.of(file + " with a flipped byte in its header", file, "flip header"));
      cases.add(Arguments.of(file + " cut in half", file, "half"));
      cases.add(Arguments.of(file + " without its last byte", file, "last"));
      cases.add(Arguments.of(file + " emptied", file, "empty"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metadataDamages")
  void damagedCatalogOrManifestIsCorruptionNamingTheFile(String name, String file, String how)
      throws IOException {
    try (Database db = Database.open(dir, QUIET)) {
      Table a = BatchRows.createTables(db, 100)[0];
      commit(a, 1, 4);
      a.flush();
    }
    Path path = dir.resolve(file);
    byte[] bytes = Files.readAllBytes(path);
    switch (how) {
      case "flip body" -> flip(path, bytes.length - 20);
      case "flip header" -> flip(path, 12);
      case "half" -> Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      case "last" -> Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 2));
      default -> Files.write(path, new byte[0]);
    }
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> Database.open(dir, QUIET), name);
    assertEquals(path, e.file(), e.getMessage());
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    assertThrows(
        CorruptionException.class,
        () -> Database.open(dir, QUIET),
        "a refused open releases the directory lock, so the next one fails the same way");
  }

  @Test
  void missingBlockFileIsCorruptionNamingIt() throws IOException {
    Path block;
    try (Database db = Database.open(dir, QUIET)) {
      Table a = BatchRows.createTables(db, 100)[0];
      commit(a, 1, 4);
      a.flush();
      block = Path.of(a.blocks().get(0).file());
    }
    Files.delete(block);
    CorruptionException e = assertThrows(CorruptionException.class, () -> Database.open(dir));
    assertEquals(block, e.file(), e.getMessage());
    assertTrue(e.getMessage().contains(block.toString()), e.getMessage());
  }

  @Test
  void flippedByteInABlockFileFailsReadsAndTheCheck(Random random) throws IOException {
    Path block;
    try (Database db = Database.open(dir, QUIET)) {
      Table a = BatchRows.createTables(db, 100_000)[0];
      commit(a, 1, 40);
      a.flush();
      assertEquals(1, a.stats().coldBlocks());
      block = Path.of(a.blocks().get(0).file());
    }
    long size = Files.size(block);
    List<Long> offsets = new ArrayList<>(List.of(0L, 5L, size / 2, size - 40, size - 5, size - 1));
    for (int i = 0; i < 14; i++) {
      offsets.add((long) random.nextInt((int) size));
    }
    for (long offset : offsets) {
      flip(block, offset);
      try (Database db = Database.open(dir, QUIET)) {
        String what = "byte " + offset + " of " + size + " flipped";
        CorruptionException e =
            assertThrows(CorruptionException.class, () -> BatchRows.census(db.table("a")), what);
        assertEquals(block, e.file(), what + ": " + e.getMessage());
        IntegrityReport report = db.check();
        assertFalse(report.ok(), what);
        assertTrue(
            report.problems().stream().anyMatch(p -> p.contains(block.toString())),
            what + ": " + report.problems());
      }
      flip(block, offset);
    }
    try (Database db = Database.open(dir, QUIET)) {
      assertBatches(db, 40, "the restored block");
    }
  }

  @Test
  void leftoverTemporaryAndUnpublishedFilesAreRemovedOnOpen() throws IOException {
    Path blocks = dir.resolve("tables/a/blocks");
    try (Database db = Database.open(dir, QUIET)) {
      Table a = BatchRows.createTables(db, 100)[0];
      commit(a, 1, 4);
      a.flush();
    }
    List<Path> leftovers =
        List.of(
            dir.resolve("catalog.json.tmp"),
            dir.resolve("tables/a/manifest.json.tmp"),
            blocks.resolve("99.parquet"),
            blocks.resolve("100.parquet.tmp"));
    for (Path leftover : leftovers) {
      Files.write(leftover, new byte[] {1, 2, 3});
    }
    Files.copy(Path.of(firstBlock(blocks)), blocks.resolve("98.parquet"));
    try (Database db = Database.open(dir, QUIET)) {
      for (Path leftover : leftovers) {
        assertFalse(Files.exists(leftover), leftover + " was not removed");
      }
      assertFalse(Files.exists(blocks.resolve("98.parquet")), "an unpublished block");
      assertBatches(db, 4, "after cleaning up");
    }
  }

  private static String firstBlock(Path blocks) throws IOException {
    try (Stream<Path> files = Files.list(blocks)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .findFirst()
          .orElseThrow()
          .toString();
    }
  }

  @Test
  void aMillionRowsInTheWalAreReplayed() {
    int batches = 100;
    int rows = 10_000;
    Database db = Database.open(dir, QUIET);
    Table a = BatchRows.createTables(db, 2_000_000)[0];
    for (long id = 1; id <= batches; id++) {
      a.append(BatchRows.part(a, id, rows, BatchRows.A));
    }
    db.engine().closeAbruptly();
    long start = System.nanoTime();
    try (Database reopened = Database.open(dir, QUIET)) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("replayed " + batches * rows + " WAL rows in " + millis + " ms");
      assertEquals(batches * (long) rows, reopened.table("a").stats().memoryRows());
      BatchRows.Census census = BatchRows.Census.of(reopened);
      assertEquals(List.of(), census.problems());
      assertEquals(batches, census.a.size());
      assertEquals(batches * (long) rows, census.rows());
    }
  }

  @Test
  void aTableWithoutNewRowsDoesNotHoldBackTheReleasedWal() {
    DatabaseOptions small = QUIET.withWalSegmentBytes(8192);
    try (Database db = Database.open(dir, small)) {
      Table[] tables = BatchRows.createTables(db, 100);
      commit(tables[1], 1, 2);
      tables[1].flush();
      commit(tables[0], 3, 40);
      tables[0].flush();
      assertTrue(
          db.engine().wal().segments().get(0).firstLsn() > 3,
          "segments holding b's rows were released: " + db.engine().wal().segments());
    }
    try (Database db = Database.open(dir, small)) {
      BatchRows.Census census = BatchRows.Census.of(db);
      assertEquals(List.of(), census.problems());
      assertEquals(38, census.a.size());
      assertEquals(2, census.b.size());
    }
  }

  @Test
  void aTableCreatedAfterWalSegmentsWereReleasedDoesNotBlockTheNextOpen() {
    DatabaseOptions small = QUIET.withWalSegmentBytes(8192);
    Database db = Database.open(dir, small);
    Table a = db.createTable("a", BatchRows.SCHEMA, BatchRows.options(100));
    commit(a, 1, 30);
    a.flush();
    db.createTable("b", BatchRows.SCHEMA, BatchRows.options(100));
    db.engine().closeAbruptly();
    try (Database reopened = Database.open(dir, small)) {
      assertBatches(reopened, 30, "after reopening");
      assertEquals(0, reopened.table("b").stats().rowCount());
    }
  }

  /** Flips every bit of the byte at {@code offset}. */
  static void flip(Path file, long offset) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.flip();
      byte value = one.get();
      channel.write(ByteBuffer.wrap(new byte[] {(byte) ~value}), offset);
    }
  }
}
