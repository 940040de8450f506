package io.backtracedb.wal;

import java.nio.file.Path;

/**
 * What opening a {@link Wal} found and repaired.
 *
 * @param segments segments scanned
 * @param records intact records read (replayed or skipped as at or below the replay point)
 * @param replayed records handed to the consumer
 * @param lastLsn the LSN of the last intact record kept (0 when there is none)
 * @param damagedFile the segment where damage was found, or null when the log was clean
 * @param damageOffset the byte offset of the damage in that segment, or -1
 * @param damage what was wrong there, or null
 * @param bytesDropped bytes cut off or deleted by the repair
 * @param recordsDropped intact records discarded (only in point-in-time recovery, where records
 *     after the damage are discarded), counted as far as they could be found
 * @param segmentsDeleted segment files deleted by the repair
 */
public record RecoveryReport(
    int segments,
    long records,
    long replayed,
    long lastLsn,
    Path damagedFile,
    long damageOffset,
    String damage,
    long bytesDropped,
    long recordsDropped,
    int segmentsDeleted) {

  /** Whether the log was opened without any repair. */
  public boolean clean() {
    return damagedFile == null && bytesDropped == 0 && segmentsDeleted == 0;
  }
}
