package io.backtracedb.scan;

import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Serves {@code ORDER BY time [DESC] LIMIT n}: the scan visits blocks newest first (or oldest
 * first) by their time statistics and stops before a block that cannot hold any of the {@code n}
 * best rows matched so far. The rows it returns are a superset of the answer, never missing one:
 * the caller still sorts and cuts them.
 */
final class TimeOrder {
  private final int timeColumn;
  private final boolean descending;
  private final long limit;

  /**
   * The {@code limit} best times matched so far: a heap whose head is the worst of them (the
   * smallest when descending), so a block whose best time is worse than the head cannot help.
   */
  private final PriorityQueue<Long> best;

  TimeOrder(int timeColumn, boolean descending, long limit) {
    this.timeColumn = timeColumn;
    this.descending = descending;
    this.limit = limit;
    Comparator<Long> worstFirst =
        descending ? Comparator.naturalOrder() : Comparator.reverseOrder();
    this.best = new PriorityQueue<>(worstFirst);
  }

  /** {@code blocks} in visiting order: by greatest max time (descending) or least min time. */
  <B extends ScanBlock> List<B> order(List<B> blocks) {
    List<B> ordered = new ArrayList<>(blocks);
    Comparator<B> byBest = Comparator.comparingLong(block -> bestTime(block));
    ordered.sort(descending ? byBest.reversed() : byBest);
    return ordered;
  }

  /** The best time {@code block} may hold: its max (descending) or min; unknown counts as best. */
  private long bestTime(ScanBlock block) {
    ColumnStats stats = block.stats(timeColumn);
    Object bound = stats == null ? null : (descending ? stats.max() : stats.min());
    if (bound instanceof Number number) {
      return number.longValue();
    }
    return descending ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  /** Whether {@code block}, and so every block after it, cannot improve on the rows matched. */
  boolean exhausted(ScanBlock block) {
    if (limit == 0) {
      return true;
    }
    if (best.size() < limit) {
      return false;
    }
    long worst = best.peek();
    long candidate = bestTime(block);
    return descending ? candidate < worst : candidate > worst;
  }

  /** Records the times of a batch's selected rows. */
  void offer(ColumnBatch batch) {
    var vector = batch.vector(timeColumn);
    int count = batch.selectedCount();
    for (int i = 0; i < count; i++) {
      int row = batch.selectedRow(i);
      if (vector.isNull(row)) {
        continue;
      }
      long time =
          vector instanceof LongVector longs ? longs.get(row) : ((IntVector) vector).get(row);
      if (best.size() < limit) {
        best.add(time);
      } else if (descending ? time > best.peek() : time < best.peek()) {
        best.poll();
        best.add(time);
      }
    }
  }

  /** The time column's ordinal, which the scan must decode. */
  int timeColumn() {
    return timeColumn;
  }
}
