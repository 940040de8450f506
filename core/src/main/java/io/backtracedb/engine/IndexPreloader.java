package io.backtracedb.engine;

import io.backtracedb.index.BTree;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads index files into memory on a background thread as they open ({@link BTree#preload}), while
 * the files preloaded stay within the database's {@code index.preload_bytes} in all. A lookup then
 * finds its leaf in memory the first time it reaches it, instead of waiting for the disk or a page
 * fault. An index is charged its file's size until it closes or its tree is replaced; a file that
 * would take the total past the budget is not preloaded, and its pages are read as lookups reach
 * them.
 */
final class IndexPreloader {
  private static final System.Logger LOG = System.getLogger(IndexPreloader.class.getName());

  private final long budget;
  private final Path directory;
  private final Map<TableIndex, Long> charged = new IdentityHashMap<>();
  private long used;
  private ExecutorService thread;
  private boolean closed;

  IndexPreloader(long budget, Path directory) {
    this.budget = budget;
    this.directory = directory;
  }

  /**
   * Preloads {@code tree}, the file of {@code index} now, in the background when its {@code bytes}
   * fit in what is left of the budget once the index's earlier file is no longer charged.
   */
  synchronized void submit(TableIndex index, BTree tree, long bytes) {
    release(index);
    if (closed || bytes > budget - used) {
      return;
    }
    charged.put(index, bytes);
    used += bytes;
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread preload = new Thread(runnable, "backtrace-index-preload " + directory);
                preload.setDaemon(true);
                return preload;
              });
    }
    thread.execute(() -> preload(index.name(), tree));
  }

  private static void preload(String name, BTree tree) {
    try {
      tree.preload();
    } catch (RuntimeException e) {
      // Lookups read the file as they would have without it; the error shows there if it lasts.
      LOG.log(System.Logger.Level.INFO, "cannot preload index '" + name + "': " + e.getMessage());
    }
  }

  /** No longer charges {@code index}: it closed, or its tree is about to be replaced. */
  synchronized void release(TableIndex index) {
    Long bytes = charged.remove(index);
    if (bytes != null) {
      used -= bytes;
    }
  }

  /** Bytes charged now (tests read it). */
  synchronized long used() {
    return used;
  }

  /**
   * Starts no more preloads. One under way stops at its next slice, once the engine closes the
   * index's tree.
   */
  synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
