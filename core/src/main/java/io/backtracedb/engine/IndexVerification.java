package io.backtracedb.engine;

import io.backtracedb.BacktraceException;
import io.backtracedb.Predicate;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.index.IndexCheck;
import io.backtracedb.scan.PredicateBinder;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.TableScan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The index part of the integrity check: each ready index's tree passes its own check, and lookups
 * through the index of a sample of keys (taken from the cold blocks, NULL included) count the same
 * rows as scans without it.
 */
final class IndexVerification {
  /** Keys sampled per index: enough to touch several blocks, cheap enough to run at every check. */
  private static final int SAMPLE_KEYS = 16;

  private IndexVerification() {}

  static void run(Engine engine, TableStore store, List<String> problems) {
    if (store.indexes().isEmpty()) {
      return;
    }
    try (TableSnapshot snapshot = engine.snapshot(store)) {
      List<ColdBlock> cold = new ArrayList<>();
      for (ScanBlock block : snapshot.blocks()) {
        if (block instanceof ColdScanBlock scan) {
          cold.add(scan.block());
        }
      }
      for (TableIndex index : store.indexes()) {
        String where = "index '" + index.name() + "' of table '" + store.name() + "'";
        int before = problems.size();
        try {
          boolean checked =
              index.withTree(
                  tree -> {
                    IndexCheck check = tree.check();
                    for (String problem : check.problems()) {
                      problems.add(where + ": " + problem);
                    }
                  });
          if (checked && problems.size() > before) {
            // Damage the lookups have not met yet: they must not meet it either.
            index.markStale();
            continue;
          }
          if (!checked) {
            problems.add(
                where
                    + ": stale (damaged, missing or behind its table); lookups scan until REINDEX");
            continue;
          }
          for (Object key : sample(store, index, cold)) {
            Predicate predicate =
                key == null
                    ? new Predicate.IsNull(index.entry.column(), false)
                    : new Predicate.Compare(index.entry.column(), Predicate.Op.EQ, key);
            Predicate bound = PredicateBinder.bind(store.name(), store.schema(), predicate);
            IndexLookup.Selection selection =
                IndexLookup.select(store, bound, snapshot.blocks(), true);
            if (selection == null) {
              continue;
            }
            long viaIndex = count(store, selection.blocks(), bound);
            long viaScan = count(store, snapshot.blocks(), bound);
            if (viaIndex != viaScan) {
              problems.add(
                  where
                      + ": a lookup of "
                      + predicate
                      + " finds "
                      + viaIndex
                      + " rows, a scan "
                      + viaScan);
            }
          }
        } catch (IOException | BacktraceException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    }
  }

  private static Set<Object> sample(TableStore store, TableIndex index, List<ColdBlock> cold)
      throws IOException {
    Set<Object> keys = new LinkedHashSet<>();
    keys.add(null);
    if (cold.isEmpty()) {
      return keys;
    }
    List<ColdBlock> some = new ArrayList<>();
    for (int i = 0; i < cold.size(); i += Math.max(1, cold.size() / 4)) {
      some.add(cold.get(i));
    }
    IndexKeys.Entries entries = IndexKeys.read(some, store.schema(), index.ordinal);
    int step = Math.max(1, entries.size / SAMPLE_KEYS);
    for (int i = 0; i < entries.size && keys.size() <= SAMPLE_KEYS; i += step) {
      keys.add(entries.keys[i]);
    }
    return keys;
  }

  private static long count(TableStore store, List<ScanBlock> blocks, Predicate bound)
      throws IOException {
    long rows = 0;
    int[] columns = {0};
    try (TableScan scan = new TableScan(store.schema(), blocks, columns, bound)) {
      for (ColumnBatch batch = scan.next(); batch != null; batch = scan.next()) {
        rows += batch.selectedCount();
      }
    }
    return rows;
  }
}
