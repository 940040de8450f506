package io.backtracedb.wal;

import io.backtracedb.StorageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The background thread of {@link io.backtracedb.Durability#ASYNC} mode: forces the log once per
 * interval when records were written since the last force. A failed force fails the log (the next
 * append reports it) and ends the thread.
 */
final class PeriodicSync {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  private final Wal wal;
  private final long intervalNanos;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;

  PeriodicSync(Wal wal, Duration interval, Path directory) {
    this.wal = wal;
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::run, "backtrace-wal-sync " + directory);
    thread.setDaemon(true);
  }

  /** Starts the thread. */
  void start() {
    thread.start();
  }

  /** Stops the thread and waits for a force in progress to finish. */
  void stop() {
    stopped.countDown();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!stopped.await(intervalNanos, TimeUnit.NANOSECONDS)) {
        wal.syncWritten();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StorageException e) {
      LOG.log(System.Logger.Level.DEBUG, "WAL background sync stopped after a failure", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "WAL background sync stopped unexpectedly", e);
    }
  }
}
