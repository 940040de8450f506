package io.backtracedb.index;

import java.util.Arrays;

/**
 * One leaf or internal page in memory: its entries as parallel arrays, links, and the bytes its
 * cells take on disk.
 *
 * <p>An entry is (key, address), ordered by the key's bytes (unsigned) and then by address. A leaf
 * holds entries; an internal page holds {@code count} separators and {@code count + 1} children,
 * where child {@code i} holds the entries {@code e} with {@code sep[i-1] <= e < sep[i]}. A key
 * longer than the layout's inline maximum lives in an overflow chain whose first page is in {@link
 * #overflow} (0 for an inline key, and for a long key whose chain is not written yet).
 *
 * <p>Not thread-safe; owned by the page cache of one tree.
 */
final class Node implements LeafView {
  final int pageId;
  final boolean leaf;

  /** 0 for a leaf, the distance to the leaves for an internal page. */
  final int level;

  int count;
  byte[][] keys;
  long[] addresses;
  int[] overflow;

  /**
   * Leaves of a tree whose cells carry payloads: each entry's payload, null where the entry has
   * none (the payload did not fit its cell, or none was given). Null in every other page.
   */
  byte[][] payloads;

  /** Internal pages: {@code count + 1} child page ids. */
  int[] children;

  /** Leaves: the previous and next leaf, 0 at either end. */
  int prev;

  int next;

  /** Bytes the cells take on disk. */
  int usedBytes;

  boolean dirty;

  private final PageLayout layout;

  /**
   * The first eight bytes of each key as an unsigned big-endian number (zeros past a shorter key's
   * end), for {@link #keyBound}: built by its first search, dropped by any change to the keys. A
   * search compares these in one array and reads a key itself only where two heads are equal.
   */
  private long[] heads;

  Node(PageLayout layout, int pageId, boolean leaf, int level, int capacity) {
    this.layout = layout;
    this.pageId = pageId;
    this.leaf = leaf;
    this.level = level;
    int cap = Math.max(capacity, 4);
    keys = new byte[cap][];
    addresses = new long[cap];
    overflow = new int[cap];
    if (!leaf) {
      children = new int[cap + 1];
    } else if (layout.payloads()) {
      payloads = new byte[cap][];
    }
  }

  @Override
  public int pageId() {
    return pageId;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int prev() {
    return prev;
  }

  @Override
  public int next() {
    return next;
  }

  @Override
  public byte[] key(int i) {
    return keys[i];
  }

  @Override
  public long address(int i) {
    return addresses[i];
  }

  /** The bytes one cell of {@code key} (with no payload) takes in a page of this kind. */
  int cellSize(byte[] key) {
    return leaf ? layout.leafCellSize(key.length, null) : layout.internalCellSize(key.length);
  }

  /** The bytes cell {@code i} takes, its payload included. */
  int cellSize(int i) {
    return leaf ? layout.leafCellSize(keys[i].length, payload(i)) : cellSize(keys[i]);
  }

  /** Entry {@code i}'s payload, or null when it has none. */
  @Override
  public byte[] payload(int i) {
    return payloads == null ? null : payloads[i];
  }

  /** Whether the cells fit in one page. */
  boolean fits() {
    return usedBytes <= layout.cellSpace();
  }

  /** Whether the page holds less than the fill below which a delete rebalances it. */
  boolean underflows() {
    return usedBytes < layout.underflowBytes();
  }

  /** Compares entry {@code i} with (key, address). */
  int compareAt(int i, byte[] key, long address) {
    return Entries.compare(keys[i], addresses[i], key, address);
  }

  /** The first index whose entry is >= (key, address), or {@code count}. */
  int lowerBound(byte[] key, long address) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareAt(mid, key, address) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The first index whose key is >= {@code key} (after {@code key} when {@code strict}), or {@code
   * count}: addresses are ignored, as if the probe carried an address below (or above) them all.
   */
  @Override
  public int keyBound(byte[] key, boolean strict) {
    long[] heads = heads();
    long head = head(key);
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      // Heads that differ order their keys: zeros past a key's end sort it before its extensions.
      int c =
          heads[mid] != head
              ? Long.compareUnsigned(heads[mid], head)
              : Arrays.compareUnsigned(keys[mid], key);
      if (c < 0 || (strict && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private long[] heads() {
    long[] built = heads;
    if (built == null) {
      built = new long[count];
      for (int i = 0; i < count; i++) {
        built[i] = head(keys[i]);
      }
      heads = built;
    }
    return built;
  }

  /** The first eight bytes of {@code key}, big-endian, zeros past its end. */
  private static long head(byte[] key) {
    long head = 0;
    int n = Math.min(key.length, Long.BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      head = (head << 8) | (i < n ? key[i] & 0xFF : 0);
    }
    return head;
  }

  /** Internal pages: the child that holds (key, address): the number of separators <= it. */
  int childFor(byte[] key, long address) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareAt(mid, key, address) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Internal pages: the child where the entries with key >= key (> key when strict) begin. */
  int childForKey(byte[] key, boolean strict) {
    return keyBound(key, strict);
  }

  /** Inserts a separator with its right child (internal) or an entry without payload (leaf). */
  void insert(int i, byte[] key, long address, int overflowPage, int rightChild) {
    insert(i, key, address, overflowPage, rightChild, null);
  }

  /**
   * Inserts an entry (leaf) or a separator with its right child (internal) at {@code i}; {@code
   * payload} is kept only in the leaves of a tree whose cells carry payloads.
   */
  void insert(int i, byte[] key, long address, int overflowPage, int rightChild, byte[] payload) {
    heads = null;
    ensureCapacity(count + 1);
    System.arraycopy(keys, i, keys, i + 1, count - i);
    System.arraycopy(addresses, i, addresses, i + 1, count - i);
    System.arraycopy(overflow, i, overflow, i + 1, count - i);
    keys[i] = key;
    addresses[i] = address;
    overflow[i] = overflowPage;
    if (!leaf) {
      System.arraycopy(children, i + 1, children, i + 2, count - i);
      children[i + 1] = rightChild;
    } else if (payloads != null) {
      System.arraycopy(payloads, i, payloads, i + 1, count - i);
      payloads[i] = payload;
    }
    count++;
    usedBytes += cellSize(i);
  }

  /** Removes entry (leaf) or separator and its right child (internal) {@code i}. */
  void remove(int i) {
    heads = null;
    usedBytes -= cellSize(i);
    System.arraycopy(keys, i + 1, keys, i, count - i - 1);
    System.arraycopy(addresses, i + 1, addresses, i, count - i - 1);
    System.arraycopy(overflow, i + 1, overflow, i, count - i - 1);
    if (!leaf) {
      System.arraycopy(children, i + 2, children, i + 1, count - i - 1);
    } else if (payloads != null) {
      System.arraycopy(payloads, i + 1, payloads, i, count - i - 1);
      payloads[count - 1] = null;
    }
    count--;
    keys[count] = null;
  }

  /** Appends a separator and its right child (internal) or an entry without payload (leaf). */
  void append(byte[] key, long address, int overflowPage, int rightChild) {
    insert(count, key, address, overflowPage, rightChild, null);
  }

  /**
   * Appends a cell read from disk into a node made with room for all of them, leaving {@link
   * #usedBytes} for the caller to set from the page header once every cell parsed.
   */
  void appendDecoded(byte[] key, long address, int overflowPage, int rightChild, byte[] payload) {
    heads = null;
    keys[count] = key;
    addresses[count] = address;
    overflow[count] = overflowPage;
    if (!leaf) {
      children[count + 1] = rightChild;
    } else if (payloads != null) {
      payloads[count] = payload;
    }
    count++;
  }

  /** Appends entry {@code i} of the leaf {@code from}, payload included. */
  void appendEntryOf(Node from, int i) {
    insert(count, from.keys[i], from.addresses[i], from.overflow[i], 0, from.payload(i));
  }

  /** Cuts the page to its first {@code n} entries (and {@code n + 1} children). */
  void truncate(int n) {
    heads = null;
    for (int i = n; i < count; i++) {
      usedBytes -= cellSize(i);
      keys[i] = null;
      if (payloads != null) {
        payloads[i] = null;
      }
    }
    count = n;
  }

  /** Recomputes {@link #usedBytes} from the cells. */
  void recomputeUsed() {
    int used = 0;
    for (int i = 0; i < count; i++) {
      used += cellSize(i);
    }
    usedBytes = used;
  }

  void ensureCapacity(int n) {
    if (n > keys.length) {
      int cap = Math.max(n, keys.length * 2);
      keys = Arrays.copyOf(keys, cap);
      addresses = Arrays.copyOf(addresses, cap);
      overflow = Arrays.copyOf(overflow, cap);
      if (!leaf) {
        children = Arrays.copyOf(children, cap + 1);
      } else if (payloads != null) {
        payloads = Arrays.copyOf(payloads, cap);
      }
    }
  }

  /**
   * The index at which to split cells {@code [0, count)} so that both halves fit in a page and are
   * close to equal in bytes; leaves keep at least one entry per side and internal pages at least
   * one separator per side (the separator at the split index moves up).
   */
  int splitPoint() {
    int half = usedBytes / 2;
    int acc = 0;
    int i = 0;
    while (i < count && acc + cellSize(i) <= half) {
      acc += cellSize(i);
      i++;
    }
    int min = 1;
    int max = leaf ? count - 1 : count - 2;
    return Math.max(min, Math.min(max, i));
  }
}
