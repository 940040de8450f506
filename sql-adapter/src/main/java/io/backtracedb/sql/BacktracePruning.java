package io.backtracedb.sql;

import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Table;
import io.backtracedb.TableReader;

/** Counts, for EXPLAIN, the blocks a scan would read after min/max pruning. */
final class BacktracePruning {
  private BacktracePruning() {}

  /**
   * What a scan would read now.
   *
   * @param blocks {@code S/T}: blocks left to read out of the live blocks
   * @param index the index that chooses the cold blocks, or null
   */
  record Plan(String blocks, String index) {}

  /** The blocks a scan with {@code predicate} would read now, and the index serving it. */
  static Plan describe(BacktraceTable table, Predicate predicate) {
    Table engineTable = table.table();
    int total = engineTable.blocks().size();
    if (predicate == null || containsParam(predicate)) {
      return new Plan(total + "/" + total, null);
    }
    try (TableReader reader = engineTable.reader().where(predicate)) {
      ScanStats pruned = reader.prune();
      // With an index, the scan sees only the blocks it chose: count against all live blocks.
      long of = pruned.index() == null ? pruned.blocksTotal() : total;
      return new Plan(pruned.blocksRead() + "/" + of, pruned.index());
    }
  }

  private static boolean containsParam(Predicate p) {
    if (p instanceof Predicate.And and) {
      return and.parts().stream().anyMatch(BacktracePruning::containsParam);
    }
    if (p instanceof Predicate.Or or) {
      return or.parts().stream().anyMatch(BacktracePruning::containsParam);
    }
    if (p instanceof Predicate.Not not) {
      return containsParam(not.part());
    }
    return p instanceof Predicate.Compare c && c.value() instanceof BacktraceParam;
  }
}
