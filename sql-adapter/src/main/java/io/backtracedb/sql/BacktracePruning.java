package io.backtracedb.sql;

import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Table;
import io.backtracedb.TableReader;

/**
 * Counts, for EXPLAIN, the blocks a scan would read after min/max pruning, and names the index that
 * would serve it with the keys it would look up.
 */
final class BacktracePruning {
  private BacktracePruning() {}

  /**
   * What a scan would read now.
   *
   * @param blocks {@code S/T}: blocks left to read out of the live blocks
   * @param index the index that serves the scan and its keys ({@code t_id: [42..42]}), or null;
   *     with parameters, the index the scan considers when it starts ({@code ... if selective})
   */
  record Plan(String blocks, String index) {}

  /** The blocks a scan of {@code spec} would read now, and the index serving it. */
  static Plan describe(BacktraceTable table, BacktraceScanSpec spec) {
    Table engineTable = table.table();
    Predicate predicate = spec.predicate();
    int total = engineTable.blocks().size();
    if (spec.indexLimit() != null) {
      // Walked in order when the scan starts, unless the filter makes that costlier than a scan.
      BacktraceScanSpec.IndexLimit limit = spec.indexLimit();
      String column = engineTable.schema().column(limit.column()).name();
      String index = null;
      for (io.backtracedb.IndexInfo info : engineTable.indexes()) {
        if (info.column().equals(column) && info.state().equals("ready")) {
          index =
              info.name()
                  + ": "
                  + (limit.descending() ? "DESC" : "ASC")
                  + (limit.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
          break;
        }
      }
      return new Plan(total + "/" + total, index);
    }
    if (predicate == null) {
      return new Plan(total + "/" + total, null);
    }
    if (containsParam(predicate)) {
      // The values decide, when the scan starts, whether the index costs less than the scan.
      String candidate = engineTable.indexFor(predicate);
      return new Plan(
          total + "/" + total,
          candidate == null
              ? null
              : candidate + indexOnly(engineTable, candidate, spec) + " if selective");
    }
    try (TableReader reader = engineTable.reader().where(predicate)) {
      ScanStats pruned = reader.prune();
      // With an index, the scan sees only the blocks it chose: count against all live blocks.
      long of = pruned.index() == null ? pruned.blocksTotal() : total;
      String index =
          pruned.index() == null
              ? null
              : pruned.index()
                  + ": "
                  + pruned.indexRange()
                  + indexOnly(engineTable, pruned.index(), spec);
      return new Plan(pruned.blocksRead() + "/" + of, index);
    }
  }

  /**
   * {@code " (index-only)"} when the index named at the start of {@code described} is covering and
   * holds every column the scan reads (its output and its filter's), so the cold rows it finds come
   * from the index, not the blocks; empty otherwise.
   */
  private static String indexOnly(Table table, String described, BacktraceScanSpec spec) {
    for (io.backtracedb.IndexInfo info : table.indexes()) {
      if (!described.equals(info.name()) && !described.startsWith(info.name() + ":")) {
        continue;
      }
      if (info.include().isEmpty()) {
        return "";
      }
      io.backtracedb.Schema schema = table.schema();
      boolean[] read = new boolean[schema.size()];
      for (int column : spec.columns()) {
        read[column] = true;
      }
      if (spec.predicate() != null) {
        io.backtracedb.scan.PredicateBinder.markColumns(spec.predicate(), schema, read);
      }
      for (int c = 0; c < read.length; c++) {
        String name = schema.column(c).name();
        if (read[c] && !name.equals(info.column()) && !info.include().contains(name)) {
          return "";
        }
      }
      return " (index-only)";
    }
    return "";
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
