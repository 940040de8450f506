package io.backtracedb.engine;

import io.backtracedb.Schema;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Chooses and merges runs of small adjacent cold blocks. */
final class Compaction {
  private Compaction() {}

  /**
   * Runs of two or more adjacent blocks each under half of {@code block_rows} and together at most
   * {@code block_rows}. Adjacent means neighbours in time order (the time column's minimum), or in
   * id order for tables without a time column, so a merged block covers a narrow time range.
   */
  static List<List<ColdBlock>> runs(TableStore store) {
    long limit = store.options().blockRows();
    List<List<ColdBlock>> runs = new ArrayList<>();
    List<ColdBlock> run = new ArrayList<>();
    long rows = 0;
    List<ColdBlock> ordered = new ArrayList<>(store.state().cold());
    if (store.timeOrdinal >= 0) {
      ordered.sort(
          Comparator.comparing(
                  (ColdBlock block) -> timeMin(block, store.timeOrdinal),
                  Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
              .thenComparingLong(block -> block.meta().id()));
    }
    for (ColdBlock block : ordered) {
      long count = block.meta().rowCount();
      boolean small = count < limit / 2;
      if (!small || rows + count > limit) {
        if (run.size() >= 2) {
          runs.add(run);
        }
        run = new ArrayList<>();
        rows = 0;
      }
      if (small) {
        run.add(block);
        rows += count;
      }
    }
    if (run.size() >= 2) {
      runs.add(run);
    }
    return runs;
  }

  private static Long timeMin(ColdBlock block, int ordinal) {
    Object min = block.meta().column(ordinal).min();
    return min instanceof Long value ? value : null;
  }

  /** Reads a run's rows, writes them as one block sorted by time, and publishes it. */
  static void merge(BlockMaintenance maintenance, TableStore store, List<ColdBlock> run)
      throws IOException {
    Schema schema = store.schema();
    long total = 0;
    long minLsn = Long.MAX_VALUE;
    long maxLsn = 0;
    for (ColdBlock block : run) {
      total += block.meta().rowCount();
      minLsn = Math.min(minLsn, block.meta().minLsn());
      maxLsn = Math.max(maxLsn, block.meta().maxLsn());
    }
    int rows = Math.toIntExact(total);
    ColumnVector[] merged = new ColumnVector[schema.size()];
    for (int i = 0; i < merged.length; i++) {
      merged[i] = ColumnVector.create(schema.column(i).type(), rows);
    }
    boolean[] all = new boolean[schema.size()];
    Arrays.fill(all, true);
    for (ColdBlock block : run) {
      try (ScanBlock.BatchCursor cursor =
          store.scanBlock(block, null).open(all, null, null, new ScanCounters())) {
        for (ColumnBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
          append(merged, batch);
        }
      }
    }
    List<ColumnStats> stats = new ArrayList<>(merged.length);
    for (ColumnVector vector : merged) {
      stats.add(ColumnStats.of(vector, 0, rows));
    }
    int[] order = null;
    // A series table orders each series' samples itself (SeriesFiles).
    if (store.timeOrdinal >= 0 && store.series() == null) {
      ColumnVector time = merged[store.timeOrdinal];
      order = TimeSort.order(((LongVector) time).values(), time, rows);
    }
    long id = store.allocateBlockId();
    BlockMeta meta = maintenance.writeBlock(store, id, merged, rows, order, minLsn, maxLsn, stats);
    CrashPoints.reach(CrashPoints.COMPACT_BEFORE_MANIFEST);
    ColdBlock replacement = new ColdBlock(meta, store.blockPath(meta), maintenance.io());
    maintenance.replaceBlocks(store, run, List.of(replacement));
  }

  private static void append(ColumnVector[] merged, ColumnBatch batch) {
    int[] selection = batch.selection();
    for (int i = 0; i < merged.length; i++) {
      ColumnVector source = batch.vector(i);
      if (selection == null) {
        merged[i].appendRange(source, batch.start(), batch.end());
      } else {
        for (int k = 0; k < batch.selectedCount(); k++) {
          merged[i].appendFrom(source, selection[k]);
        }
      }
    }
  }
}
