package io.backtracedb.engine;

import io.backtracedb.Schema;
import io.backtracedb.block.BlockLayout;
import io.backtracedb.block.PageCache;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link BlockLayout}s of the cold blocks read most recently, so that a lookup reads a block's
 * footer and page indexes once rather than on every query. Bounded by a number of blocks; the least
 * recently used is dropped first, and with it the record of which of its stripes were verified.
 * Keyed by block identity: a block replaced by compaction, or a table dropped and created again
 * under the same name, never finds another file's layout. Thread-safe.
 */
final class BlockLayouts {
  /**
   * Blocks whose layouts are kept: a layout holds per-page entries of every column (tens of bytes
   * each), so a 1M-row block with 10,000-row pages costs tens of kilobytes.
   */
  static final int DEFAULT_CAPACITY = 256;

  /** Marks a block whose file cannot be read page by page, so it is not tried again. */
  private static final Object UNAVAILABLE = new Object();

  private final int capacity;
  private final Map<ColdBlock, Object> cache;
  private final PageCache pages;

  /**
   * Layouts of at most {@code capacity} blocks, and {@code pages} (null: none) for the pages that
   * readers of those blocks decode.
   */
  BlockLayouts(int capacity, PageCache pages) {
    this.pages = pages;
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity cannot be less than 1, got " + capacity);
    }
    this.capacity = capacity;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ColdBlock, Object> eldest) {
            boolean full = size() > BlockLayouts.this.capacity;
            if (full && pages != null && eldest.getValue() instanceof BlockLayout layout) {
              pages.forget(layout);
            }
            return full;
          }
        };
  }

  /**
   * The layout of {@code block}, read on first use (the caller holds a reference to the block);
   * null when its file cannot be read page by page.
   *
   * @throws io.backtracedb.CorruptionException when the file's tail is damaged
   * @throws IOException when the device fails
   */
  BlockLayout get(ColdBlock block, Schema schema) throws IOException {
    Object cached;
    synchronized (this) {
      cached = cache.get(block);
    }
    if (cached == null) {
      // Read outside the lock: two readers may both load a layout, and the first one stays.
      BlockLayout loaded = BlockLayout.load(block.io(), block.path(), schema, block.meta().tail());
      synchronized (this) {
        cached = cache.putIfAbsent(block, loaded == null ? UNAVAILABLE : loaded);
        if (cached == null) {
          cached = loaded == null ? UNAVAILABLE : loaded;
        }
      }
    }
    return cached == UNAVAILABLE ? null : (BlockLayout) cached;
  }

  /** The cache of decoded pages the readers of these layouts share, or null. */
  PageCache pages() {
    return pages;
  }

  /** Blocks with a cached layout (for tests). */
  synchronized int size() {
    return cache.size();
  }
}
