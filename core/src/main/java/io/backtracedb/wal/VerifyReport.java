package io.backtracedb.wal;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link Wal#verify()}: what was checked and every problem found.
 *
 * @param segments segments read
 * @param records intact records checked
 * @param problems every damaged place, in log order; empty when the log is intact
 */
public record VerifyReport(int segments, long records, List<Problem> problems) {

  /** Copies the problem list. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether no problem was found. */
  public boolean clean() {
    return problems.isEmpty();
  }

  /**
   * One damaged place in the log.
   *
   * @param file the segment file
   * @param offset the byte offset in it
   * @param detail what failed to check
   * @param tornTail whether this is damage at the very end of the log with nothing valid after it,
   *     which the next open truncates as an interrupted write rather than reporting corruption
   */
  public record Problem(Path file, long offset, String detail, boolean tornTail) {}
}
