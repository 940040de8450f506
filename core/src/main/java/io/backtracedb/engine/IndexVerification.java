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
            int[] columns = columnsOf(index);
            List<String> viaIndex = rows(store, selection.blocks(), bound, columns);
            List<String> viaScan = rows(store, snapshot.blocks(), bound, columns);
            if (viaIndex.size() != viaScan.size()) {
              problems.add(
                  where
                      + ": a lookup of "
                      + predicate
                      + " finds "
                      + viaIndex.size()
                      + " rows, a scan "
                      + viaScan.size());
            } else if (!viaIndex.equals(viaScan)) {
              problems.add(
                  where
                      + ": a lookup of "
                      + predicate
                      + " returns other values of its included columns than a scan");
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
    IndexKeys.Entries entries = IndexKeys.read(some, store.schema(), index.ordinal, null);
    int step = Math.max(1, entries.size / SAMPLE_KEYS);
    for (int i = 0; i < entries.size && keys.size() <= SAMPLE_KEYS; i += step) {
      keys.add(entries.keys[i]);
    }
    return keys;
  }

  /** The key and included columns of a covering index (read from it); column 0 otherwise. */
  private static int[] columnsOf(TableIndex index) {
    if (index.payload == null) {
      return new int[] {0};
    }
    int[] included = index.payload.ordinals();
    int[] columns = java.util.Arrays.copyOf(included, included.length + 1);
    columns[included.length] = index.ordinal;
    return columns;
  }

  /** The rows {@code bound} selects from {@code blocks}, as text of {@code columns}, sorted. */
  private static List<String> rows(
      TableStore store, List<ScanBlock> blocks, Predicate bound, int[] columns) throws IOException {
    List<String> rows = new ArrayList<>();
    try (TableScan scan = new TableScan(store.schema(), blocks, columns, bound)) {
      for (ColumnBatch batch = scan.next(); batch != null; batch = scan.next()) {
        for (int i = 0; i < batch.selectedCount(); i++) {
          int row = batch.selectedRow(i);
          StringBuilder text = new StringBuilder();
          for (int c : columns) {
            io.backtracedb.column.ColumnVector vector = batch.vector(c);
            text.append(vector.isNull(row) ? "NULL" : String.valueOf(vector.getObject(row)))
                .append('\u0001');
          }
          rows.add(text.toString());
        }
      }
    }
    java.util.Collections.sort(rows);
    return rows;
  }
}
