package io.backtracedb.wal;

import io.backtracedb.CorruptionException;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Opens a log directory: scans the segments in order, replays intact records, tells a torn tail
 * from corruption, repairs what the recovery mode allows, and leaves a writer ready for appends.
 *
 * <p>The rules (see {@code docs/format/wal.md}): damage with no intact data anywhere after it is a
 * torn tail, cut off and logged; damage followed by an intact record in the same segment or by a
 * later segment holding data is corruption, which {@link RecoveryMode#STRICT} refuses and {@link
 * RecoveryMode#POINT_IN_TIME} cuts off together with everything after it. Used once, by {@link
 * Wal#open}.
 */
final class WalRecovery {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  /** What the scan of one segment decided. */
  private enum Verdict {
    /** Every byte after the header is an intact record. */
    INTACT,
    /** The segment is cut at {@code cutOffset}; later segments are deleted. */
    CUT,
    /** The segment itself (its header) is unusable; it and later segments are deleted. */
    DROP
  }

  /** The state recovery hands to the {@link Wal}. */
  record Result(List<SegmentInfo> sealed, SegmentWriter active, RecoveryReport report) {}

  private final FileIO io;
  private final Path directory;
  private final boolean durable;
  private final RecoveryMode mode;
  private final long replayAfterLsn;
  private final RecordConsumer consumer;

  private final List<SegmentInfo> sealed = new ArrayList<>();
  // The LSN the next record must carry; -1 until the first segment header is read.
  private long expectedLsn = -1;
  // Set by scan(): where the segment's intact records end, and its header's first LSN.
  private long cutOffset;
  private long segmentFirstLsn;
  private int segmentsScanned;
  private long records;
  private long replayed;
  private Path damagedFile;
  private long damageOffset = -1;
  private String damage;
  private long bytesDropped;
  private long recordsDropped;
  private int segmentsDeleted;

  WalRecovery(
      FileIO io,
      Path directory,
      boolean durable,
      RecoveryMode mode,
      long replayAfterLsn,
      RecordConsumer consumer) {
    this.io = io;
    this.directory = directory;
    this.durable = durable;
    this.mode = mode;
    this.replayAfterLsn = replayAfterLsn;
    this.consumer = consumer;
  }

  /** The segment files of {@code directory} in sequence order; other files are ignored. */
  static List<Path> segmentFiles(FileIO io, Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path file : io.list(directory)) {
      if (WalFormat.parseSegmentName(file) >= 0) {
        files.add(file);
      }
    }
    files.sort(Comparator.comparingLong(WalFormat::parseSegmentName));
    return files;
  }

  Result run() throws IOException {
    if (!io.exists(directory)) {
      io.createDirectories(directory);
      if (durable && directory.getParent() != null) {
        io.syncDirectory(directory.getParent());
      }
    }
    List<Path> files = segmentFiles(io, directory);
    SegmentWriter active = null;
    for (int i = 0; i < files.size() && active == null; i++) {
      Path file = files.get(i);
      long sequence = WalFormat.parseSegmentName(file);
      Verdict verdict = scan(files, i);
      if (verdict == Verdict.INTACT && i < files.size() - 1) {
        sealed.add(
            new SegmentInfo(
                sequence, file, segmentFirstLsn, expectedLsn - 1, cutOffset, SegmentInfo.SEALED));
      } else if (verdict == Verdict.DROP) {
        deleteFrom(files, i);
        active = create(sequence);
      } else {
        deleteFrom(files, i + 1);
        active =
            SegmentWriter.reopen(
                io, file, sequence, segmentFirstLsn, expectedLsn - 1, cutOffset, durable);
      }
    }
    if (active == null) {
      active = create(WalFormat.FIRST_SEQUENCE);
    }
    active = catchUpWithReplayPoint(active);
    RecoveryReport report =
        new RecoveryReport(
            segmentsScanned,
            records,
            replayed,
            active.lastLsn(),
            damagedFile,
            damageOffset,
            damage,
            bytesDropped,
            recordsDropped,
            segmentsDeleted);
    return new Result(sealed, active, report);
  }

  /** Scans segment {@code files[index]}, replaying its records; sets {@link #cutOffset}. */
  private Verdict scan(List<Path> files, int index) throws IOException {
    Path file = files.get(index);
    segmentsScanned++;
    try (SegmentReader reader = SegmentReader.open(io, file, -1)) {
      SegmentReader.Header header = reader.readHeader();
      if (!header.intact()) {
        boolean followed =
            header.torn() && (reader.containsRecords(header) || laterData(files, index + 1));
        boolean torn = header.torn() && !followed;
        return damaged(files, index, reader, 0, header.damage(), torn, followed);
      }
      long sequence = WalFormat.parseSegmentName(file);
      if (header.sequence() != sequence) {
        String detail = "segment header names segment " + header.sequence();
        return damaged(files, index, reader, 0, detail, false, false);
      }
      String lsnProblem = checkFirstLsn(file, header.firstLsn());
      if (lsnProblem != null) {
        return damaged(files, index, reader, 0, lsnProblem, false, false);
      }
      segmentFirstLsn = header.firstLsn();
      long offset = WalFormat.SEGMENT_HEADER_SIZE;
      while (offset < reader.size()) {
        String problem = reader.readRecord(offset, expectedLsn);
        if (problem != null) {
          boolean mismatch = reader.lsnMismatch();
          boolean followed =
              !mismatch
                  && (reader.findRecord(offset + 1, expectedLsn) >= 0
                      || laterData(files, index + 1));
          boolean torn = !mismatch && !followed;
          if (torn && reader.isZeroFrom(offset)) {
            problem += " (zero-filled tail)";
          }
          cutOffset = offset;
          return damaged(files, index, reader, offset, problem, torn, followed);
        }
        records++;
        if (reader.lsn() > replayAfterLsn) {
          consumer.accept(reader.lsn(), reader.payload());
          replayed++;
        }
        offset += reader.recordSize();
        expectedLsn++;
      }
      cutOffset = offset;
      return Verdict.INTACT;
    }
  }

  /** Checks a segment's first LSN against the log so far; returns the problem or null. */
  private String checkFirstLsn(Path file, long firstLsn) {
    if (expectedLsn < 0) {
      if (firstLsn > replayAfterLsn + 1) {
        throw new CorruptionException(
            file,
            0,
            "the log starts at LSN "
                + firstLsn
                + " but records after LSN "
                + replayAfterLsn
                + " are needed: earlier segments are missing");
      }
      expectedLsn = firstLsn;
      return null;
    }
    if (firstLsn == expectedLsn) {
      return null;
    }
    if (firstLsn > expectedLsn && firstLsn <= replayAfterLsn + 1) {
      // Only records at or below the replay point are missing: the log was moved past them.
      LOG.log(
          System.Logger.Level.DEBUG,
          "WAL segment {0} starts at LSN {1} after a gap from {2}, all at or below the replay point",
          file,
          firstLsn,
          expectedLsn);
      expectedLsn = firstLsn;
      return null;
    }
    return "LSN discontinuity: segment starts at LSN "
        + firstLsn
        + ", the previous segment ended at "
        + (expectedLsn - 1);
  }

  /**
   * Handles damage at {@code offset} of segment {@code files[index]}: a torn tail is cut; anything
   * else is corruption, refused in STRICT mode and cut in POINT_IN_TIME mode.
   */
  private Verdict damaged(
      List<Path> files,
      int index,
      SegmentReader reader,
      long offset,
      String detail,
      boolean tornTail,
      boolean followedByData)
      throws IOException {
    boolean inHeader = offset == 0;
    if (!tornTail && mode == RecoveryMode.STRICT) {
      String why =
          followedByData ? "; intact data follows, so this is not an interrupted write" : "";
      throw new CorruptionException(reader.path(), offset, detail + why);
    }
    damagedFile = reader.path();
    damageOffset = offset;
    damage = detail;
    long dropped = reader.size() - offset;
    if (!inHeader) {
      // A segment dropped whole is counted when deleteFrom deletes it.
      bytesDropped += dropped;
    }
    if (!tornTail) {
      long lsn = expectedLsn < 0 ? 0 : expectedLsn;
      recordsDropped +=
          countRecords(reader, inHeader ? WalFormat.SEGMENT_HEADER_SIZE : offset + 1, lsn);
      for (int j = index + 1; j < files.size(); j++) {
        recordsDropped += countRecords(files.get(j));
      }
    }
    LOG.log(
        tornTail ? System.Logger.Level.WARNING : System.Logger.Level.ERROR,
        "{0} WAL segment {1} at offset {2}: {3}; {4} bytes dropped{5}",
        tornTail ? "Truncated a torn tail of" : "Point-in-time recovery cut",
        reader.path(),
        offset,
        detail,
        dropped,
        tornTail ? "" : ", plus " + recordsDropped + " intact records after it");
    return inHeader ? Verdict.DROP : Verdict.CUT;
  }

  /** Whether any segment from {@code files[from]} on holds data. */
  private boolean laterData(List<Path> files, int from) throws IOException {
    for (int j = from; j < files.size(); j++) {
      if (SegmentReader.containsData(io, files.get(j))) {
        return true;
      }
    }
    return false;
  }

  private long countRecords(Path file) throws IOException {
    try (SegmentReader reader = SegmentReader.open(io, file, -1)) {
      SegmentReader.Header header = reader.readHeader();
      long minLsn = header.intact() ? header.firstLsn() : Math.max(expectedLsn, 0);
      return countRecords(reader, WalFormat.SEGMENT_HEADER_SIZE, minLsn);
    }
  }

  /**
   * Counts intact records found walking forward from {@code from}, LSNs at least {@code minLsn}.
   */
  private static long countRecords(SegmentReader reader, long from, long minLsn)
      throws IOException {
    long count = 0;
    long offset = reader.findRecord(from, minLsn);
    while (offset >= 0) {
      count++;
      long next = offset + reader.recordSize();
      offset = reader.findRecord(next, reader.lsn() + 1);
    }
    return count;
  }

  /** Deletes segments {@code files[from]} onwards, counting what they held. */
  private void deleteFrom(List<Path> files, int from) throws IOException {
    if (from >= files.size()) {
      return;
    }
    for (int j = files.size() - 1; j >= from; j--) {
      Path file = files.get(j);
      bytesDropped += io.size(file);
      io.delete(file);
      segmentsDeleted++;
    }
    if (durable) {
      io.syncDirectory(directory);
    }
  }

  /** A fresh active segment whose first record continues the log. */
  private SegmentWriter create(long sequence) throws IOException {
    long firstLsn = expectedLsn < 0 ? replayAfterLsn + 1 : expectedLsn;
    return SegmentWriter.create(io, directory, sequence, firstLsn, durable);
  }

  /**
   * Makes sure the next LSN is above the replay point: if the log ends below it (its tail was lost
   * although the caller had already made those records durable elsewhere), new records must not
   * reuse LSNs the caller considers done, so the log continues in a segment starting after it.
   */
  private SegmentWriter catchUpWithReplayPoint(SegmentWriter active) throws IOException {
    if (active.lastLsn() >= replayAfterLsn) {
      return active;
    }
    long sequence = active.sequence();
    if (active.hasRecords()) {
      sealed.add(active.info(SegmentInfo.SEALED));
      sequence++;
    }
    active.close();
    expectedLsn = replayAfterLsn + 1;
    return create(sequence);
  }
}
