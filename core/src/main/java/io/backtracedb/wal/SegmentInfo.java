package io.backtracedb.wal;

import java.nio.file.Path;

/**
 * One segment of a {@link Wal}, as {@code sys.wal} shows it.
 *
 * @param sequence the segment's sequence number (its file name)
 * @param file the segment file
 * @param firstLsn the LSN of its first record (or of the next record, when it has none)
 * @param lastLsn the LSN of its last record, or {@code firstLsn - 1} when it has none
 * @param bytes its size in bytes, header included
 * @param state {@code "active"} for the segment being appended to, {@code "sealed"} otherwise
 */
public record SegmentInfo(
    long sequence, Path file, long firstLsn, long lastLsn, long bytes, String state) {

  /** The state of the segment that takes appends. */
  public static final String ACTIVE = "active";

  /** The state of a full segment that no longer changes. */
  public static final String SEALED = "sealed";

  /** The number of records in the segment. */
  public long records() {
    return lastLsn - firstLsn + 1;
  }
}
