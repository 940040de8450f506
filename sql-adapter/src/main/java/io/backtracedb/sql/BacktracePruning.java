package io.backtracedb.sql;

import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Table;
import io.backtracedb.TableReader;

/** Counts, for EXPLAIN, the blocks a scan would read after min/max pruning. */
final class BacktracePruning {
  private BacktracePruning() {}

  /** {@code S/T}: blocks left to read out of live blocks, now. */
  static String describe(BacktraceTable table, Predicate predicate) {
    Table engineTable = table.table();
    if (predicate == null || containsParam(predicate)) {
      int total = engineTable.blocks().size();
      return total + "/" + total;
    }
    try (TableReader reader = engineTable.reader().where(predicate)) {
      ScanStats pruned = reader.prune();
      return pruned.blocksRead() + "/" + pruned.blocksTotal();
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
