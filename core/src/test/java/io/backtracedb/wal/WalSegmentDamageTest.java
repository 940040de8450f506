package io.backtracedb.wal;

import static io.backtracedb.wal.WalTesting.appendUpTo;
import static io.backtracedb.wal.WalTesting.options;
import static io.backtracedb.wal.WalTesting.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CorruptionException;
import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Damage in logs of several segments, and random bit flips checked against an exact oracle. */
@ExtendWith(SeedExtension.class)
class WalSegmentDamageTest {
  static final long RECORDS = 30;
  static final FileIO IO = LocalFileIO.INSTANCE;

  @TempDir Path root;
  private Path dir;
  private List<SegmentInfo> segments;
  private final List<byte[]> originals = new ArrayList<>();

  @BeforeEach
  void writeLog() throws IOException {
    dir = root.resolve("wal");
    try (Wal wal =
        WalTesting.open(IO, dir, options(Durability.SYNC, 200), 0, new WalTesting.Replay())) {
      appendUpTo(wal, RECORDS);
      segments = wal.segments();
    }
    assertTrue(segments.size() >= 4, segments.toString());
    for (SegmentInfo segment : segments) {
      originals.add(Files.readAllBytes(segment.file()));
    }
  }

  private void restore() throws IOException {
    for (Path file : IO.list(dir)) {
      Files.delete(file);
    }
    for (int i = 0; i < segments.size(); i++) {
      Files.write(segments.get(i).file(), originals.get(i));
    }
  }

  /** The offset of record {@code lsn} inside its segment. */
  private long start(long lsn) {
    SegmentInfo segment = segmentOf(lsn);
    long offset = WalFormat.SEGMENT_HEADER_SIZE;
    for (long i = segment.firstLsn(); i < lsn; i++) {
      offset += WalFormat.recordSize(payload(i).length);
    }
    return offset;
  }

  private SegmentInfo segmentOf(long lsn) {
    return segments.stream()
        .filter(s -> s.firstLsn() <= lsn && lsn <= s.lastLsn())
        .findFirst()
        .orElseThrow();
  }

  private void flip(Path file, long offset, int mask) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= (byte) mask;
    Files.write(file, bytes);
  }

  private Map<Long, byte[]> replay(RecoveryMode mode) {
    return WalTesting.replayAll(IO, dir, mode);
  }

  private static void assertRecords(long last, Map<Long, byte[]> records) {
    assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), List.copyOf(records.keySet()));
    records.forEach((lsn, bytes) -> assertArrayEquals(payload(lsn), bytes, "payload of " + lsn));
  }

  @Test
  void damagedLastRecordOfASealedSegmentIsCorruptionWhenLaterSegmentsHoldRecords()
      throws IOException {
    SegmentInfo first = segments.get(0);
    long offset = start(first.lastLsn());
    flip(first.file(), offset + WalFormat.RECORD_HEADER_SIZE, 0x04);
    CorruptionException error =
        assertThrows(CorruptionException.class, () -> replay(RecoveryMode.STRICT));
    assertEquals(first.file(), error.file());
    assertEquals(offset, error.offset());
    assertTrue(error.getMessage().contains("intact data follows"), error.getMessage());
    assertRecords(first.lastLsn() - 1, replay(RecoveryMode.POINT_IN_TIME));
    assertEquals(1, IO.list(dir).size(), "point-in-time recovery deleted the later segments");
  }

  @Test
  void tornTailOfTheLastSegmentIsTruncated() throws IOException {
    SegmentInfo last = segments.get(segments.size() - 1);
    long cut = start(RECORDS) + 5;
    try (FileIO.WritableFile file = IO.openForAppend(last.file())) {
      file.truncate(cut);
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal = WalTesting.open(IO, dir, options(Durability.SYNC, 200), 0, replay)) {
      assertRecords(RECORDS - 1, replay.records);
      assertEquals(5, wal.recoveryReport().bytesDropped());
      assertEquals(last.file(), wal.recoveryReport().damagedFile());
      assertEquals(RECORDS, wal.append(ByteBuffer.wrap(payload(RECORDS))));
    }
    assertRecords(RECORDS, replay(RecoveryMode.STRICT));
  }

  @Test
  void missingMiddleSegmentIsCorruptionAndPointInTimeKeepsWhatPrecedesIt() throws IOException {
    Files.delete(segments.get(1).file());
    CorruptionException error =
        assertThrows(CorruptionException.class, () -> replay(RecoveryMode.STRICT));
    assertEquals(segments.get(2).file(), error.file());
    assertTrue(error.getMessage().contains("LSN discontinuity"), error.getMessage());

    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal =
        Wal.open(IO, dir, options(Durability.SYNC, 200), RecoveryMode.POINT_IN_TIME, 0, replay)) {
      assertRecords(segments.get(0).lastLsn(), replay.records);
      RecoveryReport report = wal.recoveryReport();
      assertEquals(RECORDS - segments.get(1).lastLsn(), report.recordsDropped(), report.toString());
      assertEquals(segments.size() - 2, report.segmentsDeleted(), report.toString());
      appendUpTo(wal, segments.get(0).lastLsn() + 3);
    }
    assertRecords(segments.get(0).lastLsn() + 3, replay(RecoveryMode.STRICT));
  }

  @Test
  void lastSegmentWithATornHeaderIsReplacedAndTheLogContinues() throws IOException {
    SegmentInfo last = segments.get(segments.size() - 1);
    byte[] bytes = Files.readAllBytes(last.file());
    Files.write(last.file(), Arrays.copyOf(bytes, 10));
    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal = WalTesting.open(IO, dir, options(Durability.SYNC, 200), 0, replay)) {
      assertRecords(last.firstLsn() - 1, replay.records);
      assertEquals(last.firstLsn(), wal.append(ByteBuffer.wrap(payload(last.firstLsn()))));
      assertEquals(last.sequence(), wal.segments().get(wal.segments().size() - 1).sequence());
    }
    assertRecords(last.firstLsn(), replay(RecoveryMode.STRICT));
  }

  @Test
  void damagedTailFollowedOnlyByAnEmptySegmentIsATornTail() throws IOException {
    SegmentInfo last = segments.get(segments.size() - 1);
    SegmentInfo previous = segments.get(segments.size() - 2);
    Files.write(
        last.file(), Arrays.copyOf(Files.readAllBytes(last.file()), WalFormat.SEGMENT_HEADER_SIZE));
    flip(previous.file(), start(previous.lastLsn()) + 20, 0x01);
    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal = WalTesting.open(IO, dir, options(Durability.SYNC, 200), 0, replay)) {
      assertRecords(previous.lastLsn() - 1, replay.records);
      assertEquals(1, wal.recoveryReport().segmentsDeleted());
      assertEquals(previous.sequence(), wal.segments().get(wal.segments().size() - 1).sequence());
    }
  }

  @Test
  void verifyReportsDamageInEverySegmentWithoutStoppingAtTheFirst() throws IOException {
    flip(segments.get(0).file(), start(2) + 18, 0x01);
    flip(segments.get(2).file(), start(segments.get(2).firstLsn()) + 1, 0x01);
    VerifyReport report = Wal.verify(IO, dir, 0);
    assertEquals(2, report.problems().size(), report.toString());
    assertEquals(segments.get(0).file(), report.problems().get(0).file());
    assertEquals(start(2), report.problems().get(0).offset());
    assertEquals(segments.get(2).file(), report.problems().get(1).file());
    assertEquals(RECORDS - 2, report.records());
  }

  @Test
  void randomBitFlipsGiveExactlyTheRecordsBeforeThemOrACorruptionError(Random random)
      throws IOException {
    for (int round = 0; round < 300; round++) {
      restore();
      int index = random.nextInt(segments.size());
      SegmentInfo segment = segments.get(index);
      long offset = random.nextInt((int) segment.bytes());
      int mask = 1 << random.nextInt(8);
      flip(segment.file(), offset, mask);
      String where = "round " + round + ": " + segment.file().getFileName() + " offset " + offset;

      long damagedLsn = segment.firstLsn() - 1;
      long damagedAt = 0;
      if (offset >= WalFormat.SEGMENT_HEADER_SIZE) {
        damagedLsn = segment.firstLsn();
        while (damagedLsn < segment.lastLsn() && start(damagedLsn + 1) <= offset) {
          damagedLsn++;
        }
        damagedAt = start(damagedLsn);
      }
      boolean tornTail = damagedLsn == RECORDS && offset >= WalFormat.SEGMENT_HEADER_SIZE;
      long keptByPointInTime =
          offset < WalFormat.SEGMENT_HEADER_SIZE ? segment.firstLsn() - 1 : damagedLsn - 1;
      if (tornTail) {
        assertRecords(RECORDS - 1, replay(RecoveryMode.STRICT));
      } else {
        CorruptionException error =
            assertThrows(CorruptionException.class, () -> replay(RecoveryMode.STRICT), where);
        assertEquals(segment.file(), error.file(), where);
        assertEquals(damagedAt, error.offset(), where);
        assertRecords(keptByPointInTime, replay(RecoveryMode.POINT_IN_TIME));
      }
    }
  }
}
