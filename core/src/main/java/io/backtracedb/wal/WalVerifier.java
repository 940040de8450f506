package io.backtracedb.wal;

import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log's segments and reports every damaged place without changing anything, resuming after
 * damage at the next intact record so that one bad record does not hide others.
 */
final class WalVerifier {

  private WalVerifier() {}

  /**
   * Checks {@code segments} in order, each read up to its {@link SegmentInfo#bytes()} (all of it
   * when negative); LSN gaps at or below {@code floorLsn + 1} are allowed.
   */
  static VerifyReport verify(FileIO io, List<SegmentInfo> segments, long floorLsn)
      throws IOException {
    List<VerifyReport.Problem> problems = new ArrayList<>();
    long records = 0;
    long expected = -1;
    for (int i = 0; i < segments.size(); i++) {
      SegmentInfo segment = segments.get(i);
      Path file = segment.file();
      try (SegmentReader reader = SegmentReader.open(io, file, segment.bytes())) {
        SegmentReader.Header header = reader.readHeader();
        if (!header.intact()) {
          boolean torn =
              header.torn() && !reader.containsRecords(header) && !laterData(io, segments, i + 1);
          problems.add(new VerifyReport.Problem(file, 0, header.damage(), torn));
          expected = -1;
          continue;
        }
        if (header.sequence() != segment.sequence()) {
          String detail = "segment header names segment " + header.sequence();
          problems.add(new VerifyReport.Problem(file, 0, detail, false));
        }
        long first = header.firstLsn();
        boolean gapAllowed = first > expected && first <= floorLsn + 1;
        if (expected < 0 && i == 0 && first > floorLsn + 1) {
          String detail =
              "the log starts at LSN " + first + " but records after " + floorLsn + " are needed";
          problems.add(new VerifyReport.Problem(file, 0, detail, false));
        } else if (expected >= 0 && first != expected && !gapAllowed) {
          String detail =
              "LSN discontinuity: segment starts at LSN "
                  + first
                  + ", the previous segment ended at "
                  + (expected - 1);
          problems.add(new VerifyReport.Problem(file, 0, detail, false));
        }
        expected = first;
        long offset = WalFormat.SEGMENT_HEADER_SIZE;
        while (offset < reader.size()) {
          String problem = reader.readRecord(offset, expected);
          if (problem == null || reader.lsnMismatch()) {
            if (problem != null) {
              problems.add(new VerifyReport.Problem(file, offset, problem, false));
            }
            records++;
            expected = reader.lsn() + 1;
            offset += reader.recordSize();
            continue;
          }
          long next = reader.findRecord(offset + 1, expected);
          boolean torn = next < 0 && !laterData(io, segments, i + 1);
          problems.add(new VerifyReport.Problem(file, offset, problem, torn));
          if (next < 0) {
            break;
          }
          offset = next;
          expected = reader.lsn();
        }
      }
    }
    return new VerifyReport(segments.size(), records, problems);
  }

  /** The segment files of a log no one has open, sizes unknown (read whole). */
  static List<SegmentInfo> listSegments(FileIO io, Path directory) throws IOException {
    List<SegmentInfo> segments = new ArrayList<>();
    for (Path file : WalRecovery.segmentFiles(io, directory)) {
      long sequence = WalFormat.parseSegmentName(file);
      segments.add(new SegmentInfo(sequence, file, -1, -1, -1, SegmentInfo.SEALED));
    }
    return segments;
  }

  private static boolean laterData(FileIO io, List<SegmentInfo> segments, int from)
      throws IOException {
    for (int j = from; j < segments.size(); j++) {
      if (SegmentReader.containsData(io, segments.get(j).file())) {
        return true;
      }
    }
    return false;
  }
}
