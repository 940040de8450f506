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
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corruption catalogue for one segment of {@value #RECORDS} records: every damage either keeps
 * exactly the records before it (a torn tail, or point-in-time recovery) or is refused with a
 * {@link CorruptionException} naming the segment and the offset; never a wrong payload.
 */
class WalCorruptionTest {
  static final int RECORDS = 6;
  static final int MIDDLE = 3;

  @TempDir Path root;
  private Path dir;
  private Path segment;
  private byte[] original;

  /**
   * A damage and its expected outcome: {@code kept} records survive, or (when {@code kept < 0}) a
   * corruption error at {@code offset}.
   */
  record Case(String name, UnaryOperator<byte[]> damage, RecoveryMode mode, int kept, long offset) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeEach
  void writeSegment() throws IOException {
    dir = root.resolve("wal");
    try (Wal wal =
        WalTesting.open(
            LocalFileIO.INSTANCE,
            dir,
            options(Durability.SYNC, 1 << 20),
            0,
            new WalTesting.Replay())) {
      appendUpTo(wal, RECORDS);
    }
    segment = dir.resolve(WalFormat.segmentName(1));
    original = Files.readAllBytes(segment);
    assertEquals(end(RECORDS), original.length);
  }

  /** The offset where record {@code lsn} starts. */
  static int start(long lsn) {
    int offset = WalFormat.SEGMENT_HEADER_SIZE;
    for (long i = 1; i < lsn; i++) {
      offset += (int) WalFormat.recordSize(payload(i).length);
    }
    return offset;
  }

  /** The offset where record {@code lsn} ends. */
  static int end(long lsn) {
    return start(lsn + 1);
  }

  static UnaryOperator<byte[]> flip(int offset, int mask) {
    return bytes -> {
      byte[] copy = bytes.clone();
      copy[offset] ^= (byte) mask;
      return copy;
    };
  }

  static UnaryOperator<byte[]> zero(int from, int to) {
    return bytes -> {
      byte[] copy = bytes.clone();
      Arrays.fill(copy, from, to, (byte) 0);
      return copy;
    };
  }

  static UnaryOperator<byte[]> append(byte[] tail) {
    return bytes -> {
      byte[] copy = Arrays.copyOf(bytes, bytes.length + tail.length);
      System.arraycopy(tail, 0, copy, bytes.length, tail.length);
      return copy;
    };
  }

  static String field(int inRecord) {
    if (inRecord < WalFormat.RECORD_LENGTH_OFFSET) {
      return "crc";
    } else if (inRecord < WalFormat.RECORD_LSN_OFFSET) {
      return "length";
    } else if (inRecord < WalFormat.RECORD_TYPE_OFFSET) {
      return "lsn";
    }
    return inRecord == WalFormat.RECORD_TYPE_OFFSET ? "type" : "payload";
  }

  static Stream<Case> catalogue() {
    List<Case> cases = new ArrayList<>();
    int full = end(RECORDS);
    for (int length = full; length >= 0; length--) {
      int keep = length;
      int kept = 0;
      while (kept < RECORDS && end(kept + 1) <= length) {
        kept++;
      }
      cases.add(
          new Case(
              "truncated to " + length + " of " + full + " bytes",
              bytes -> Arrays.copyOf(bytes, keep),
              RecoveryMode.STRICT,
              kept,
              -1));
    }
    for (int at = start(RECORDS); at < full; at++) {
      int inRecord = at - start(RECORDS);
      for (int mask : masksFor(inRecord)) {
        cases.add(
            new Case(
                "last record: " + field(inRecord) + " byte " + inRecord + " ^ " + mask,
                flip(at, mask),
                RecoveryMode.STRICT,
                RECORDS - 1,
                -1));
      }
    }
    for (int at = start(MIDDLE); at < end(MIDDLE); at++) {
      int inRecord = at - start(MIDDLE);
      for (int mask : masksFor(inRecord)) {
        String name = "middle record: " + field(inRecord) + " byte " + inRecord + " ^ " + mask;
        cases.add(new Case(name, flip(at, mask), RecoveryMode.STRICT, -1, start(MIDDLE)));
        cases.add(
            new Case(
                name + ", point in time",
                flip(at, mask),
                RecoveryMode.POINT_IN_TIME,
                MIDDLE - 1,
                -1));
      }
    }
    for (int at = 0; at < WalFormat.SEGMENT_HEADER_SIZE; at++) {
      cases.add(new Case("header byte " + at + " ^ 1", flip(at, 1), RecoveryMode.STRICT, -1, 0));
    }
    cases.add(
        new Case("header zeroed with records after it", zero(0, 28), RecoveryMode.STRICT, -1, 0));
    cases.add(
        new Case("bad magic, point in time", flip(0, 0xFF), RecoveryMode.POINT_IN_TIME, 0, -1));
    cases.add(
        new Case("zero-filled tail", append(new byte[100]), RecoveryMode.STRICT, RECORDS, -1));
    cases.add(
        new Case(
            "garbage tail",
            append(
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}),
            RecoveryMode.STRICT,
            RECORDS,
            -1));
    cases.add(
        new Case(
            "last record zeroed",
            zero(start(RECORDS), full),
            RecoveryMode.STRICT,
            RECORDS - 1,
            -1));
    cases.add(
        new Case(
            "middle record zeroed",
            zero(start(MIDDLE), end(MIDDLE)),
            RecoveryMode.STRICT,
            -1,
            start(MIDDLE)));
    cases.add(
        new Case(
            "last record repeated (LSN discontinuity)",
            bytes -> append(Arrays.copyOfRange(bytes, start(RECORDS), full)).apply(bytes),
            RecoveryMode.STRICT,
            -1,
            full));
    cases.add(
        new Case(
            "middle record swapped with the next (LSN discontinuity)",
            bytes -> swapWithNext(bytes, MIDDLE),
            RecoveryMode.STRICT,
            -1,
            start(MIDDLE)));
    return cases.stream();
  }

  private static int[] masksFor(int inRecord) {
    boolean length =
        inRecord >= WalFormat.RECORD_LENGTH_OFFSET && inRecord < WalFormat.RECORD_LSN_OFFSET;
    return length ? new int[] {0x01, 0x80, 0xFF} : new int[] {0x01};
  }

  private static byte[] swapWithNext(byte[] bytes, int lsn) {
    byte[] copy = bytes.clone();
    byte[] first = Arrays.copyOfRange(bytes, start(lsn), end(lsn));
    byte[] second = Arrays.copyOfRange(bytes, start(lsn + 1), end(lsn + 1));
    System.arraycopy(second, 0, copy, start(lsn), second.length);
    System.arraycopy(first, 0, copy, start(lsn) + second.length, first.length);
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void damageIsTruncatedAsATornTailOrRefusedAsCorruption(Case damage) throws IOException {
    byte[] damaged = damage.damage().apply(original);
    Files.write(segment, damaged);
    WalTesting.Replay replay = new WalTesting.Replay();
    WalOptions options = options(Durability.SYNC, 1 << 20);
    if (damage.kept() < 0) {
      CorruptionException error =
          assertThrows(
              CorruptionException.class,
              () -> Wal.open(LocalFileIO.INSTANCE, dir, options, damage.mode(), 0, replay));
      assertEquals(segment, error.file());
      assertEquals(damage.offset(), error.offset());
      assertTrue(
          error.getMessage().contains(segment.getFileName().toString())
              && error.getMessage().contains("offset " + damage.offset()),
          error.getMessage());
      assertArrayEquals(damaged, Files.readAllBytes(segment), "a refused log is not modified");
      assertNoWrongPayload(replay.records);
      return;
    }
    try (Wal wal = Wal.open(LocalFileIO.INSTANCE, dir, options, damage.mode(), 0, replay)) {
      assertEquals(range(damage.kept()), List.copyOf(replay.records.keySet()));
      assertNoWrongPayload(replay.records);
      RecoveryReport report = wal.recoveryReport();
      assertEquals(damage.kept(), wal.lastLsn());
      if (damaged.length != end(damage.kept()) || damage.mode() == RecoveryMode.POINT_IN_TIME) {
        assertEquals(segment, report.damagedFile(), report.toString());
      }
      if (report.damagedFile() != null) {
        long dropped = damaged.length - (report.damageOffset() == 0 ? 0 : end(damage.kept()));
        assertEquals(dropped, report.bytesDropped(), report.toString());
      }
      assertEquals(damage.kept() + 1, wal.append(ByteBuffer.wrap(payload(damage.kept() + 1))));
    }
    Map<Long, byte[]> again = WalTesting.replayAll(LocalFileIO.INSTANCE, dir, RecoveryMode.STRICT);
    assertEquals(range(damage.kept() + 1), List.copyOf(again.keySet()));
    assertNoWrongPayload(again);
  }

  private static List<Long> range(long last) {
    return LongStream.rangeClosed(1, last).boxed().toList();
  }

  static void assertNoWrongPayload(Map<Long, byte[]> records) {
    records.forEach((lsn, bytes) -> assertArrayEquals(payload(lsn), bytes, "payload of " + lsn));
  }
}
