package io.backtracedb;

import java.util.List;

/**
 * What {@link Database#check()} found.
 *
 * @param problems one line per problem, naming the file (and offset where known); empty when clean
 * @param walSegments WAL segments read
 * @param walRecords WAL records whose checksums were verified
 * @param blocks cold blocks read in full and compared with their manifest entries
 * @param rows rows decoded from those blocks
 */
public record IntegrityReport(
    List<String> problems, int walSegments, long walRecords, int blocks, long rows) {

  /** Copies the problem list. */
  public IntegrityReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing was wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
