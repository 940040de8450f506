package io.backtracedb.bench;

/**
 * The peers' figures from the baseline tables of PERFORMANCE.md (an earlier run on this machine
 * class), used only to place our figures: they are not measured by this harness.
 *
 * @param rows the size the baseline was measured at
 * @param bestQ1Ms the best peer's Q1 latency
 * @param bestQ1Peer which peer that was
 * @param duckDbQ3Ms DuckDB's Q3 latency
 * @param duckDbQ4Ms DuckDB's Q4 latency
 * @param duckDbMib DuckDB's bytes on disk after close, in MiB
 * @param questDbWriterRowsPerS QuestDB's TableWriter ingest rate (no fsync)
 */
record PeerBaseline(
    int rows,
    double bestQ1Ms,
    String bestQ1Peer,
    double duckDbQ3Ms,
    double duckDbQ4Ms,
    double duckDbMib,
    double questDbWriterRowsPerS) {

  /** Where the figures come from, for every table and chart that shows them. */
  static final String SOURCE = "baseline in PERFORMANCE.md, not measured in this run";

  private static final PeerBaseline QUICK =
      new PeerBaseline(1_000_000, 0.79, "SQLite", 22.1, 5.92, 8.5, 4_514_253);
  private static final PeerBaseline FULL =
      new PeerBaseline(10_000_000, 1.46, "QuestDB", 181, 81.3, 81.5, 9_548_471);

  /** The baseline measured at exactly {@code rows} rows, or null. */
  static PeerBaseline forRows(int rows) {
    if (rows == QUICK.rows) {
      return QUICK;
    }
    return rows == FULL.rows ? FULL : null;
  }

  /** DuckDB's bytes per row. */
  double duckDbBytesPerRow() {
    return duckDbMib * 1024 * 1024 / rows;
  }
}
