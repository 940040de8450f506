package io.backtracedb;

/** What opening a database does with a damaged write-ahead log. */
public enum RecoveryMode {
  /**
   * The default: a torn record at the very end of the log (a crash mid-write) is truncated and
   * logged; corruption followed by further records refuses to open with a {@link
   * CorruptionException} naming segment and offset.
   */
  STRICT,
  /**
   * Recovers to the last intact record before the first corruption and discards everything after
   * it, even records that were acknowledged. An explicit opt-in for a damaged log.
   */
  POINT_IN_TIME
}
