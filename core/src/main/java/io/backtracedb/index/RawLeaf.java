package io.backtracedb.index;

import static io.backtracedb.index.BTreeFormat.PAGE_HEADER;
import static io.backtracedb.index.BTreeFormat.P_USED;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A leaf page read for a cursor and searched in its bytes: a walk over the cell headers finds where
 * each cell starts and checks every field's range as {@link NodeCodec#decode} does, as far as a
 * search or the cursor needs, and keys and payloads are copied out only for the entries a cursor
 * visits. A point lookup in a leaf that is not cached thus costs a page read and part of a walk
 * over the cell headers instead of an object per cell. The order of the cells is not compared here:
 * the page's checksum vouches for what the writer wrote, and both a decode for a change and the
 * integrity check compare it.
 *
 * <p>The bytes are read where the page lies in the file's mapping ({@link PageFile#mapped}), or
 * from a copy read into the heap when the file is not mapped. They and the offsets live in a {@link
 * Slot} the tree reuses from page to page (it keeps two, so that a cursor stepping from one leaf to
 * the next holds both), which keeps a cold lookup from allocating a page. A view whose slot has
 * since been loaded with another page reads its page again on its next use. Used under the tree's
 * lock; a change to the tree invalidates the cursors that hold a view.
 */
final class RawLeaf implements LeafView {
  /** Reads eight bytes of a key as one big-endian long, as the page's buffer does. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final TreeFile tree;
  private final Slot slot;
  private final int pageId;
  private long stamp;

  RawLeaf(TreeFile tree, Slot slot) {
    this.tree = tree;
    this.slot = slot;
    this.pageId = slot.pageId;
    this.stamp = slot.stamp;
  }

  /**
   * A page's bytes and the offsets of its cells, loaded again for each leaf read. The cells are
   * walked only as far as a search or the cursor needs ({@link #extendTo}): a point lookup stops
   * about halfway on average. Every cell walked has its fields' ranges checked, and reaching the
   * last cell checks that the cells end where the header says.
   */
  static final class Slot {
    /** Cells walked at a time by a search before it compares the last of them. */
    private static final int CHUNK = 16;

    private final int pageSize;

    /** The page being read: a page of the file's mapping, or {@link #heap}. */
    private ByteBuffer buffer;

    /** The page read into the heap when the file is not mapped; made on first use. */
    private ByteBuffer heap;

    private int pageId;
    private long stamp;
    private int count;
    private int prev;
    private int next;
    private boolean payloads;

    /** Cells whose offsets are known: 0..parsed-1. */
    private int parsed;

    /** Where the next cell to walk starts. */
    private int pos;

    /** Where the cells end, as the header says. */
    private int end;

    private int pageCount;
    private PageLayout layout;
    private NodeCodec codec;
    private NodeCodec.ChainReader chains;

    /** Per cell: where its inline key (or overflow page number) starts. */
    private int[] keyAt = new int[0];

    /** Per cell: its key's length in bytes. */
    private int[] keyLength = new int[0];

    /** Per cell: where its payload starts, -1 when it has none. */
    private int[] payloadAt = new int[0];

    /** Keys kept in overflow chains, read when their cell is walked; null until one is. */
    private byte[][] longKeys;

    Slot(int pageSize) {
      this.pageSize = pageSize;
    }

    /** Makes {@code page} (a whole page, position 0) the bytes {@link #parse} reads next. */
    void use(ByteBuffer page) {
      buffer = page;
    }

    /** Makes the slot's own array the bytes {@link #parse} reads next; returns it to read into. */
    byte[] heapPage() {
      if (heap == null) {
        heap = ByteBuffer.wrap(new byte[pageSize]);
      }
      buffer = heap;
      return heap.array();
    }

    /**
     * Makes this slot the leaf whose bytes it was given (read as {@code pageId}), tagged with
     * {@code stamp}; its header is checked now, its cells as they are walked.
     *
     * @throws io.backtracedb.CorruptionException as {@link NodeCodec#decode} does
     */
    void parse(
        int pageId,
        int pageCount,
        PageLayout layout,
        NodeCodec codec,
        NodeCodec.ChainReader chains,
        long stamp)
        throws IOException {
      this.pageId = 0; // not a valid leaf until the header is checked
      NodeCodec.Header header = codec.header(buffer, pageId, 0, pageCount);
      int count = header.count();
      if (keyAt.length < count) {
        keyAt = new int[count];
        keyLength = new int[count];
        payloadAt = new int[count];
      }
      this.pageCount = pageCount;
      this.layout = layout;
      this.codec = codec;
      this.chains = chains;
      this.payloads = layout.payloads();
      this.longKeys = null;
      this.count = count;
      this.parsed = 0;
      this.pos = PAGE_HEADER;
      this.end = PAGE_HEADER + header.used();
      this.prev = header.linkA();
      this.next = header.linkB();
      this.pageId = pageId;
      this.stamp = stamp;
      if (count == 0) {
        extendTo(0);
      }
    }

    /**
     * Walks the cells up to {@code n} (exclusive), checking each as {@link NodeCodec#decode} does.
     */
    void extendTo(int n) throws IOException {
      ByteBuffer buffer = this.buffer;
      long base = (long) pageId * layout.pageSize();
      int pos = this.pos;
      int end = this.end;
      for (int i = parsed; i < n; i++) {
        if (!(pos + BTreeFormat.LEAF_CELL_FIXED <= end)) {
          throw codec.corrupt(base + pos, pageId, "cell " + i + " runs past the cells");
        }
        int length = buffer.getInt(pos);
        if (!(length >= 1 && length <= BTreeFormat.MAX_KEY_LENGTH)) {
          throw codec.corrupt(base + pos, pageId, "key length " + length);
        }
        pos += BTreeFormat.LEAF_CELL_FIXED;
        keyAt[i] = pos;
        keyLength[i] = length;
        if (layout.overflows(length)) {
          if (!(pos + 4 <= end)) {
            throw codec.corrupt(base + pos, pageId, "cell " + i + " runs past the cells");
          }
          int chain = buffer.getInt(pos);
          if (!(chain != 0 && NodeCodec.validLink(chain, pageId, pageCount))) {
            throw codec.corrupt(base + pos, pageId, "overflow page " + chain);
          }
          if (longKeys == null) {
            longKeys = new byte[count][];
          }
          longKeys[i] = chains.read(chain, length, pageId);
          pos += 4;
        } else {
          if (!(pos + length <= end)) {
            throw codec.corrupt(base + pos, pageId, "key of cell " + i + " runs past the cells");
          }
          pos += length;
        }
        if (payloads) {
          if (!(pos + BTreeFormat.PAYLOAD_LENGTH <= end)) {
            throw codec.corrupt(
                base + pos, pageId, "payload length of cell " + i + " past the cells");
          }
          int size = buffer.getShort(pos) & 0xFFFF;
          pos += BTreeFormat.PAYLOAD_LENGTH;
          if (size == BTreeFormat.NO_PAYLOAD) {
            payloadAt[i] = -1;
          } else {
            if (!(pos + size <= end)) {
              throw codec.corrupt(
                  base + pos, pageId, "payload of cell " + i + " runs past the cells");
            }
            payloadAt[i] = pos;
            pos += size;
          }
        }
        this.pos = pos;
        this.parsed = i + 1;
      }
      if (n == count && pos != end) {
        throw codec.corrupt(base + P_USED, pageId, "cells end at " + pos + ", header says " + end);
      }
    }
  }

  /** Walks {@code s}'s cells up to and including {@code i}. */
  private void reach(Slot s, int i) {
    java.util.Objects.checkIndex(i, s.count);
    if (i >= s.parsed) {
      try {
        s.extendTo(i + 1);
      } catch (IOException e) { // reading a long key's overflow chain
        throw tree.readError(e);
      }
    }
  }

  /** The slot, holding this view's page again if it was loaded with another one since. */
  private Slot slot() {
    if (slot.stamp != stamp || slot.pageId != pageId) {
      tree.reloadLeaf(slot, pageId);
      stamp = slot.stamp;
    }
    return slot;
  }

  @Override
  public int pageId() {
    return pageId;
  }

  @Override
  public int count() {
    return slot().count;
  }

  @Override
  public int prev() {
    return slot().prev;
  }

  @Override
  public int next() {
    return slot().next;
  }

  @Override
  public byte[] key(int i) {
    Slot s = slot();
    reach(s, i);
    if (s.longKeys != null && s.longKeys[i] != null) {
      return s.longKeys[i];
    }
    byte[] key = new byte[s.keyLength[i]];
    s.buffer.get(s.keyAt[i], key);
    return key;
  }

  @Override
  public long address(int i) {
    Slot s = slot();
    reach(s, i);
    return s.buffer.getLong(s.keyAt[i] - Long.BYTES);
  }

  @Override
  public byte[] payload(int i) {
    Slot s = slot();
    reach(s, i);
    if (!s.payloads || s.payloadAt[i] < 0) {
      return null;
    }
    int at = s.payloadAt[i];
    byte[] payload = new byte[s.buffer.getShort(at - BTreeFormat.PAYLOAD_LENGTH) & 0xFFFF];
    s.buffer.get(at, payload);
    return payload;
  }

  @Override
  public int keyBound(byte[] key, boolean strict) {
    Slot s = slot();
    int lo = 0;
    // Walk a chunk of cells at a time until the last one walked is not before the bound (or all
    // are walked); the bound then lies among the cells walked, past those known to be before it.
    while (s.parsed < s.count) {
      int upTo = Math.min(s.count, s.parsed + Slot.CHUNK);
      reach(s, upTo - 1);
      int c = compareKey(s, upTo - 1, key);
      if (!(c < 0 || (strict && c == 0))) {
        break;
      }
      lo = upTo;
    }
    int hi = s.parsed;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareKey(s, mid, key);
      if (c < 0 || (strict && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Compares entry {@code i}'s key with {@code key}, unsigned byte by byte, eight bytes at a time
   * while both have them; only the sign of the result means anything.
   */
  private static int compareKey(Slot s, int i, byte[] key) {
    if (s.longKeys != null && s.longKeys[i] != null) {
      return Arrays.compareUnsigned(s.longKeys[i], key);
    }
    ByteBuffer bytes = s.buffer;
    int at = s.keyAt[i];
    int length = s.keyLength[i];
    int common = Math.min(length, key.length);
    int k = 0;
    for (; k + Long.BYTES <= common; k += Long.BYTES) {
      long mine = bytes.getLong(at + k);
      long theirs = (long) LONGS.get(key, k);
      if (mine != theirs) {
        return Long.compareUnsigned(mine, theirs);
      }
    }
    for (; k < common; k++) {
      int c = Integer.compare(bytes.get(at + k) & 0xFF, key[k] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(length, key.length);
  }
}
