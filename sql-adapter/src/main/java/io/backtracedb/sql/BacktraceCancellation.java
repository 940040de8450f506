package io.backtracedb.sql;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;

/**
 * Whether one execution of a statement must stop: its statement was canceled ({@code
 * Statement.cancel()} sets the flag Calcite hands over as {@link DataContext.Variable#CANCEL_FLAG})
 * or its query timeout ({@link DataContext.Variable#TIMEOUT}) passed. A shared timer thread marks
 * the execution expired at its deadline, so the scan loop reads two flags per row and never the
 * clock; the flag belongs to this execution alone, so a late timer never stops a later one.
 */
final class BacktraceCancellation {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "backtrace-query-timeout");
            thread.setDaemon(true);
            return thread;
          });

  private final AtomicBoolean canceled;
  private final AtomicBoolean expired = new AtomicBoolean();
  private final long timeoutMillis;

  private BacktraceCancellation(AtomicBoolean canceled, long timeoutMillis) {
    this.canceled = canceled;
    this.timeoutMillis = timeoutMillis;
  }

  /** The cancellation of the execution {@code root} belongs to; its timeout starts now. */
  static BacktraceCancellation start(DataContext root) {
    AtomicBoolean canceled = root == null ? null : DataContext.Variable.CANCEL_FLAG.get(root);
    Long timeout = root == null ? null : DataContext.Variable.TIMEOUT.get(root);
    BacktraceCancellation cancellation =
        new BacktraceCancellation(canceled, timeout == null ? 0 : timeout);
    if (timeout != null && timeout > 0) {
      TIMER.schedule(() -> cancellation.expired.set(true), timeout, TimeUnit.MILLISECONDS);
    }
    return cancellation;
  }

  /** Throws {@link QueryCanceledException} when the execution must stop. */
  void check(String table) {
    if (expired.get()) {
      throw new QueryCanceledException(
          "query timeout of "
              + timeoutMillis / 1000.0
              + " s passed while reading table '"
              + table
              + "'",
          true);
    }
    if (canceled != null && canceled.get()) {
      throw new QueryCanceledException(
          "statement was canceled while reading table '" + table + "'", false);
    }
  }
}
