package io.backtracedb.wal;

import static io.backtracedb.wal.WalTesting.appendUpTo;
import static io.backtracedb.wal.WalTesting.options;
import static io.backtracedb.wal.WalTesting.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CorruptionException;
import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path root;
  private Path dir;
  private FaultInjectingFileIO io;

  @BeforeEach
  void setUp() {
    dir = root.resolve("wal");
    io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
  }

  private Wal open(WalOptions options, long after, WalTesting.Replay replay) {
    return WalTesting.open(io, dir, options, after, replay);
  }

  private static void assertReplayed(Map<Long, byte[]> records, long first, long last) {
    assertEquals(
        LongStream.rangeClosed(first, last).boxed().toList(), List.copyOf(records.keySet()));
    records.forEach((lsn, bytes) -> assertArrayEquals(payload(lsn), bytes, "payload of " + lsn));
  }

  @Test
  void appendedRecordsReplayInOrderAcrossRotations() {
    try (Wal wal = open(options(Durability.SYNC, 256), 0, new WalTesting.Replay())) {
      for (long lsn = 1; lsn <= 60; lsn++) {
        assertEquals(lsn, wal.append(ByteBuffer.wrap(payload(lsn))));
      }
      wal.sync(60);
      assertTrue(wal.segments().size() > 5, "rotated: " + wal.segments());
      for (SegmentInfo segment : wal.segments()) {
        assertTrue(segment.bytes() <= 256, segment.toString());
      }
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal = open(options(Durability.SYNC, 256), 0, replay)) {
      assertReplayed(replay.records, 1, 60);
      assertEquals(60, wal.lastLsn());
      assertEquals(60, wal.durableLsn());
      assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
      assertEquals(60, wal.recoveryReport().replayed());
    }
  }

  @Test
  void replayAfterLsnSkipsRecordsAtOrBelowIt() {
    try (Wal wal = open(options(Durability.NONE, 300), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 40);
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    try (Wal wal = open(options(Durability.NONE, 300), 25, replay)) {
      assertReplayed(replay.records, 26, 40);
      assertEquals(40, wal.recoveryReport().records());
      assertEquals(15, wal.recoveryReport().replayed());
    }
  }

  @Test
  void reopenedLogContinuesTheLsnSequence() {
    try (Wal wal = open(options(Durability.SYNC, 200), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 10);
    }
    try (Wal wal = open(options(Durability.SYNC, 200), 0, new WalTesting.Replay())) {
      assertEquals(11, wal.append(ByteBuffer.wrap(payload(11))));
      appendUpTo(wal, 20);
    }
    assertReplayed(WalTesting.replayAll(io, dir, RecoveryMode.STRICT), 1, 20);
  }

  @Test
  void emptyLogStartsRightAfterTheReplayPoint() {
    try (Wal wal = open(WalOptions.defaults(), 100, new WalTesting.Replay())) {
      assertEquals(100, wal.lastLsn());
      assertEquals(101, wal.append(ByteBuffer.wrap(payload(101))));
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    open(WalOptions.defaults(), 100, replay).close();
    assertReplayed(replay.records, 101, 101);
  }

  @Test
  void logEndingBelowTheReplayPointContinuesAboveIt() {
    try (Wal wal = open(options(Durability.SYNC, 1 << 20), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 10);
    }
    try (Wal wal = open(options(Durability.SYNC, 1 << 20), 20, new WalTesting.Replay())) {
      assertEquals(21, wal.append(ByteBuffer.wrap(payload(21))));
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    open(WalOptions.defaults(), 20, replay).close();
    assertReplayed(replay.records, 21, 21);
    CorruptionException error =
        assertThrows(
            CorruptionException.class,
            () -> open(WalOptions.defaults(), 5, new WalTesting.Replay()));
    assertTrue(error.getMessage().contains("discontinuity"), error.getMessage());
  }

  @Test
  void recordLargerThanASegmentGoesIntoASegmentOfItsOwn() {
    byte[] big = new byte[1000];
    big[999] = 7;
    try (Wal wal = open(options(Durability.SYNC, 128), 0, new WalTesting.Replay())) {
      wal.append(ByteBuffer.wrap(payload(1)));
      wal.append(ByteBuffer.wrap(big));
      wal.append(ByteBuffer.wrap(payload(3)));
      List<SegmentInfo> segments = wal.segments();
      assertEquals(3, segments.size());
      assertEquals(2, segments.get(1).firstLsn());
      assertEquals(2, segments.get(1).lastLsn());
    }
    Map<Long, byte[]> records = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    assertArrayEquals(big, records.get(2L));
  }

  @Test
  void segmentsDescribeSealedAndActiveSegments() throws IOException {
    try (Wal wal = open(options(Durability.SYNC, 200), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 20);
      List<SegmentInfo> segments = wal.segments();
      long next = 1;
      for (int i = 0; i < segments.size(); i++) {
        SegmentInfo segment = segments.get(i);
        boolean last = i == segments.size() - 1;
        assertEquals(last ? SegmentInfo.ACTIVE : SegmentInfo.SEALED, segment.state());
        assertEquals(next, segment.firstLsn());
        assertEquals(WalFormat.segmentName(i + 1), segment.file().getFileName().toString());
        assertEquals(i + 1, segment.sequence());
        assertEquals(Files.size(segment.file()), segment.bytes());
        next = segment.lastLsn() + 1;
      }
      assertEquals(21, next);
    }
  }

  @Test
  void releaseUpToDeletesOnlyFullyCoveredSealedSegments() {
    try (Wal wal = open(options(Durability.SYNC, 200), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 30);
      List<SegmentInfo> before = wal.segments();
      SegmentInfo first = before.get(0);
      io.clearCalls();
      assertEquals(0, wal.releaseUpTo(first.lastLsn() - 1));
      assertEquals(1, wal.releaseUpTo(first.lastLsn()));
      assertFalse(Files.exists(first.file()));
      assertEquals(1, io.count(Op.DELETE));
      assertEquals(1, io.count(Op.SYNC_DIRECTORY));
      assertEquals(before.subList(1, before.size()), wal.segments());

      assertEquals(before.size() - 2, wal.releaseUpTo(1000));
      List<SegmentInfo> after = wal.segments();
      assertEquals(1, after.size(), "the active segment stays: " + after);
      assertEquals(SegmentInfo.ACTIVE, after.get(0).state());
      assertTrue(wal.verify().clean(), wal.verify().toString());
      appendUpTo(wal, 35);
    }
    WalTesting.Replay replay = new WalTesting.Replay();
    long activeFirst;
    try (Wal wal = open(options(Durability.SYNC, 200), 30, replay)) {
      activeFirst = wal.segments().get(0).firstLsn();
    }
    assertReplayed(replay.records, 31, 35);
    assertTrue(activeFirst <= 31);
  }

  @Test
  void closeInNoneModeNeverForces() {
    try (Wal wal = open(options(Durability.NONE, 150), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 20);
      wal.sync(20);
      assertEquals(0, wal.durableLsn());
    }
    assertEquals(0, io.count(Op.FORCE));
    assertEquals(0, io.count(Op.SYNC_DIRECTORY));
    assertReplayed(WalTesting.replayAll(io, dir, RecoveryMode.STRICT), 1, 20);
  }

  @Test
  void closeInSyncModeForcesRecordsThatWereNotSynced() {
    Wal wal = open(options(Durability.SYNC, 1 << 20), 0, new WalTesting.Replay());
    appendUpTo(wal, 5);
    assertEquals(0, wal.durableLsn());
    long forces = io.count(Op.FORCE);
    wal.close();
    assertEquals(forces + 1, io.count(Op.FORCE));
    assertEquals(5, wal.durableLsn());
    wal.close();
  }

  @Test
  void appendAfterCloseIsRejected() {
    Wal wal = open(WalOptions.defaults(), 0, new WalTesting.Replay());
    wal.close();
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> wal.append(ByteBuffer.allocate(1)));
    assertTrue(error.getMessage().contains("closed"), error.getMessage());
  }

  @Test
  void syncOfAnLsnNotYetAppendedIsRejected() {
    try (Wal wal = open(WalOptions.defaults(), 0, new WalTesting.Replay())) {
      wal.append(ByteBuffer.allocate(3));
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> wal.sync(2));
      assertTrue(error.getMessage().contains("last appended LSN is 1"), error.getMessage());
    }
  }

  @Test
  void appendLeavesThePayloadBufferAsItWas() {
    try (Wal wal = open(WalOptions.defaults(), 0, new WalTesting.Replay())) {
      ByteBuffer payload = ByteBuffer.wrap(payload(1));
      payload.position(2);
      wal.append(payload);
      assertEquals(2, payload.position());
    }
    Map<Long, byte[]> records = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    byte[] expected = payload(1);
    assertArrayEquals(java.util.Arrays.copyOfRange(expected, 2, expected.length), records.get(1L));
  }

  @Test
  void emptyPayloadsAreRecordsToo() {
    try (Wal wal = open(WalOptions.defaults(), 0, new WalTesting.Replay())) {
      wal.append(ByteBuffer.allocate(0));
      wal.append(ByteBuffer.allocate(0));
    }
    Map<Long, byte[]> records = WalTesting.replayAll(io, dir, RecoveryMode.STRICT);
    assertEquals(List.of(1L, 2L), List.copyOf(records.keySet()));
    assertEquals(0, records.get(2L).length);
  }

  @Test
  void verifyFindsAFlippedByteWithoutChangingTheFile() throws IOException {
    try (Wal wal = open(options(Durability.SYNC, 1 << 20), 0, new WalTesting.Replay())) {
      appendUpTo(wal, 10);
      VerifyReport clean = wal.verify();
      assertTrue(clean.clean(), clean.toString());
      assertEquals(10, clean.records());
    }
    Path segment = dir.resolve(WalFormat.segmentName(1));
    byte[] bytes = Files.readAllBytes(segment);
    int offset = WalFormat.SEGMENT_HEADER_SIZE + (int) WalFormat.recordSize(payload(1).length);
    bytes[offset + WalFormat.RECORD_HEADER_SIZE + 1] ^= 0x10;
    Files.write(segment, bytes);

    VerifyReport report = Wal.verify(io, dir, 0);
    assertEquals(1, report.problems().size(), report.toString());
    VerifyReport.Problem problem = report.problems().get(0);
    assertEquals(segment, problem.file());
    assertEquals(offset, problem.offset());
    assertFalse(problem.tornTail());
    assertEquals(9, report.records(), "verification resumes after the damaged record");
    assertArrayEquals(bytes, Files.readAllBytes(segment));
  }

  @Test
  void optionsNameTheParameterTheyReject() {
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class, () -> WalOptions.defaults().withSegmentSize(10));
    assertTrue(size.getMessage().startsWith("segmentSize"), size.getMessage());
    IllegalArgumentException interval =
        assertThrows(
            IllegalArgumentException.class,
            () -> WalOptions.defaults().withSyncInterval(Duration.ZERO));
    assertTrue(interval.getMessage().startsWith("syncInterval"), interval.getMessage());
  }

  @Test
  void segmentNamesAreZeroPaddedSequenceNumbers() {
    assertEquals("00000000000000000001.wal", WalFormat.segmentName(1));
    assertEquals(42, WalFormat.parseSegmentName(Path.of("00000000000000000042.wal")));
    assertEquals(-1, WalFormat.parseSegmentName(Path.of("42.wal")));
    assertEquals(-1, WalFormat.parseSegmentName(Path.of("0000000000000000004x.wal")));
  }
}
