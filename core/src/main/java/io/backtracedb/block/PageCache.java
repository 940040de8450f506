package io.backtracedb.block;

import io.backtracedb.CacheStats;
import io.backtracedb.column.ColumnVector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Data pages of cold blocks decoded whole, shared by the readers of one database, so that lookups
 * that come back to a page (a prepared point lookup run over and over, an index probe into a hot
 * range) neither read, decompress nor decode it again. Filled only by the page-by-page path of
 * {@link BlockRowReader}; scans that decode whole row groups do not pass through it, so a large
 * scan cannot flush it. A page is admitted on its second miss within a window of recent misses
 * ({@link #admit}): lookups spread thinly over a large table read only the rows they need.
 *
 * <p>Bounded by the estimated heap bytes of the vectors it holds. Eviction is CLOCK (second
 * chance): a page read since the hand last passed it is kept for another round, the others are
 * dropped, oldest first. Lookups take no lock, so concurrent point lookups do not queue on it.
 * Keyed by the {@link BlockLayout} instance, which stands for one file as it was when its layout
 * was read: a block replaced by compaction, or a table dropped and created again under the same
 * name, gets a new layout and never finds another file's pages. A page is verified (stripe and page
 * checksums) when it is read, before it enters the cache. Vectors in the cache are never modified.
 * Thread-safe.
 */
public final class PageCache {
  /** The default bound, in bytes of decoded values. */
  public static final long DEFAULT_BYTES = 64L << 20;

  /** Bytes counted per entry beside its vector: the key, the map node and the vector object. */
  private static final long ENTRY_OVERHEAD = 160;

  /** A page of one file. */
  private static final class Key {
    private final BlockLayout layout;
    private final int group;
    private final int field;
    private final int page;
    private final int hash;

    Key(BlockLayout layout, int group, int field, int page) {
      this.layout = layout;
      this.group = group;
      this.field = field;
      this.page = page;
      long mixed = mix(layout, group, field, page);
      this.hash = (int) (mixed ^ (mixed >>> 32));
    }

    /** 64 well-mixed bits of a page's place. */
    static long mix(BlockLayout layout, int group, int field, int page) {
      long mixed =
          (System.identityHashCode(layout) * 0x9E3779B97F4A7C15L)
              ^ ((long) group << 42 | (long) field << 24 | page);
      mixed = (mixed ^ (mixed >>> 33)) * 0xFF51AFD7ED558CCDL;
      return mixed ^ (mixed >>> 33);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.layout == layout
          && key.page == page
          && key.field == field
          && key.group == group;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** A cached page and whether it was read since the clock hand last passed it. */
  private static final class Entry {
    final Key key;
    final ColumnVector vector;
    final long bytes;
    volatile boolean referenced;

    Entry(Key key, ColumnVector vector, long bytes) {
      this.key = key;
      this.vector = vector;
      this.bytes = bytes;
    }
  }

  private final long capacity;
  private final ConcurrentHashMap<Key, Entry> pages = new ConcurrentHashMap<>();

  /** The entries in the order the clock hand visits them; guarded by {@code this}. */
  private final ArrayDeque<Entry> clock = new ArrayDeque<>();

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Bytes of the entries in {@link #clock}; guarded by {@code this}. */
  private long bytes;

  /**
   * A cache holding at most about {@code capacityBytes} of decoded pages.
   *
   * @throws IllegalArgumentException when {@code capacityBytes} is not positive
   */
  public PageCache(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException(
          "page cache capacity must be positive, got " + capacityBytes);
    }
    this.capacity = capacityBytes;
  }

  /**
   * Pages missed recently, by fingerprint, direct-mapped: a page enters the cache on its second
   * miss within this window, so that lookups spread over a table too large to cache, each touching
   * a page once, do not pay for decoding whole pages and churning the cache. Races only lose or
   * repeat an admission.
   */
  private final long[] missed = new long[1 << 14];

  /**
   * Whether the page, just missed, should be decoded whole and cached: it was missed recently.
   * Otherwise it is remembered as missed.
   */
  boolean admit(BlockLayout layout, int group, int field, int page) {
    long fingerprint = Key.mix(layout, group, field, page) | 1;
    int slot = (int) (fingerprint >>> 40) & (missed.length - 1);
    if (missed[slot] == fingerprint) {
      return true;
    }
    missed[slot] = fingerprint;
    return false;
  }

  /** The page, decoded whole, or null when it is not cached. */
  ColumnVector get(BlockLayout layout, int group, int field, int page) {
    Entry entry = pages.get(new Key(layout, group, field, page));
    if (entry == null) {
      misses.increment();
      return null;
    }
    hits.increment();
    if (!entry.referenced) {
      entry.referenced = true;
    }
    return entry.vector;
  }

  /**
   * Keeps {@code vector}, every row of the page, which the caller no longer modifies; pages not
   * read recently are dropped to make room. A page larger than the whole cache is not kept.
   */
  void put(BlockLayout layout, int group, int field, int page, ColumnVector vector) {
    long size = vector.heapBytes() + ENTRY_OVERHEAD;
    if (size > capacity) {
      return;
    }
    Key key = new Key(layout, group, field, page);
    Entry entry = new Entry(key, vector, size);
    synchronized (this) {
      if (pages.putIfAbsent(key, entry) != null) {
        return;
      }
      clock.addLast(entry);
      bytes += size;
      while (bytes > capacity) {
        Entry oldest = clock.pollFirst();
        if (oldest.referenced && oldest != entry) {
          oldest.referenced = false;
          clock.addLast(oldest);
        } else {
          pages.remove(oldest.key, oldest);
          bytes -= oldest.bytes;
        }
      }
    }
  }

  /** Drops every page of the file {@code layout} describes (a block that was deleted). */
  public synchronized void forget(BlockLayout layout) {
    Iterator<Entry> entries = clock.iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      if (entry.key.layout == layout) {
        entries.remove();
        pages.remove(entry.key, entry);
        bytes -= entry.bytes;
      }
    }
  }

  /** The cache's size and counters now. */
  public synchronized CacheStats stats() {
    return new CacheStats(capacity, bytes, clock.size(), hits.sum(), misses.sum());
  }
}
