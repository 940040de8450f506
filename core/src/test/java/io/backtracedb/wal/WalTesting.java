package io.backtracedb.wal;

import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.FileIO;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Payloads and replay helpers shared by the WAL tests. */
final class WalTesting {

  private WalTesting() {}

  /** A payload that names its LSN, {@code 5 + lsn % 40} bytes long so records differ in size. */
  static byte[] payload(long lsn) {
    StringBuilder text = new StringBuilder("r").append(lsn).append(':');
    while (text.length() < 5 + lsn % 40) {
      text.append((char) ('a' + text.length() % 26));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Options with the given durability and segment size. */
  static WalOptions options(Durability durability, long segmentSize) {
    return WalOptions.defaults().withDurability(durability).withSegmentSize(segmentSize);
  }

  /** Records replayed by an open, LSN to payload, in order. */
  static final class Replay implements RecordConsumer {
    final Map<Long, byte[]> records = new LinkedHashMap<>();

    @Override
    public void accept(long lsn, ByteBuffer payload) {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      records.put(lsn, copy);
    }
  }

  /** Opens the log, collecting what it replays into {@code replay}. */
  static Wal open(FileIO io, Path dir, WalOptions options, long after, Replay replay) {
    return Wal.open(io, dir, options, RecoveryMode.STRICT, after, replay);
  }

  /** Opens, replays everything and closes; returns what was replayed. */
  static Map<Long, byte[]> replayAll(FileIO io, Path dir, RecoveryMode mode) {
    Replay replay = new Replay();
    Wal.open(io, dir, options(Durability.NONE, 1 << 20), mode, 0, replay).close();
    return replay.records;
  }

  /** Appends records with the test payloads until {@code lastLsn}. */
  static void appendUpTo(Wal wal, long lastLsn) {
    while (wal.lastLsn() < lastLsn) {
      wal.append(ByteBuffer.wrap(payload(wal.lastLsn() + 1)));
    }
  }
}
