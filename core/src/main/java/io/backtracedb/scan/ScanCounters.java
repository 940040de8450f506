package io.backtracedb.scan;

import io.backtracedb.ScanStats;

/** Mutable counters a scan and its block readers add to; one per scan, single-threaded. */
public final class ScanCounters {
  long blocksTotal;
  long blocksSkipped;
  long rowsMatched;

  /** Row groups in opened cold blocks. */
  public long rowGroupsTotal;

  /** Row groups skipped inside opened cold blocks. */
  public long rowGroupsSkipped;

  /** Rows decoded and tested. */
  public long rowsRead;

  /** An immutable copy of the counters. */
  public ScanStats snapshot() {
    return new ScanStats(
        blocksTotal, blocksSkipped, rowGroupsTotal, rowGroupsSkipped, rowsRead, rowsMatched);
  }
}
