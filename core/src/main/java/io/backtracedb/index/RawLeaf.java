package io.backtracedb.index;

import static io.backtracedb.index.BTreeFormat.PAGE_HEADER;
import static io.backtracedb.index.BTreeFormat.P_USED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A leaf page read for a cursor and searched in its bytes: one pass finds where each cell starts
 * and checks every field's range as {@link NodeCodec#decode} does, but keys and payloads are copied
 * out only for the entries a cursor visits. A point lookup in a leaf that is not cached thus costs
 * a page read and a walk over the cell headers instead of an object per cell. The order of the
 * cells is not compared here: the page's checksum vouches for what the writer wrote, and both a
 * decode for a change and the integrity check compare it.
 *
 * <p>The bytes and offsets live in a {@link Slot} the tree reuses from page to page (it keeps two,
 * so that a cursor stepping from one leaf to the next holds both), which keeps a cold lookup from
 * allocating a page. A view whose slot has since been loaded with another page reads its page again
 * on its next use. Used under the tree's lock; a change to the tree invalidates the cursors that
 * hold a view.
 */
final class RawLeaf implements LeafView {
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

  /** A page's bytes and the offsets of its cells, loaded again for each leaf read. */
  static final class Slot {
    private final byte[] page;
    private final ByteBuffer buffer;
    private int pageId;
    private long stamp;
    private int count;
    private int prev;
    private int next;
    private boolean payloads;

    /** Per cell: where its inline key (or overflow page number) starts. */
    private int[] keyAt = new int[0];

    /** Per cell: its key's length in bytes. */
    private int[] keyLength = new int[0];

    /** Per cell: where its payload starts, -1 when it has none. */
    private int[] payloadAt = new int[0];

    /** Keys kept in overflow chains, read at load time; null when the leaf has none. */
    private byte[][] longKeys;

    Slot(int pageSize) {
      page = new byte[pageSize];
      buffer = ByteBuffer.wrap(page);
    }

    /** The array a page is read into before {@link #parse}. */
    byte[] page() {
      return page;
    }

    /**
     * Makes this slot the leaf whose bytes {@link #page()} holds (read as {@code pageId}), tagged
     * with {@code stamp}.
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
      ByteBuffer buffer = this.buffer;
      long base = (long) pageId * layout.pageSize();
      NodeCodec.Header header = codec.header(buffer, pageId, 0, pageCount);
      int count = header.count();
      int used = header.used();
      if (keyAt.length < count) {
        keyAt = new int[count];
        keyLength = new int[count];
        payloadAt = new int[count];
      }
      payloads = layout.payloads();
      longKeys = null;
      this.pageId = 0; // not a valid leaf until the parse completes
      int end = PAGE_HEADER + used;
      int pos = PAGE_HEADER;
      for (int i = 0; i < count; i++) {
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
      }
      if (pos != end) {
        throw codec.corrupt(base + P_USED, pageId, "cells end at " + pos + ", header says " + end);
      }
      this.count = count;
      this.prev = header.linkA();
      this.next = header.linkB();
      this.pageId = pageId;
      this.stamp = stamp;
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
    if (s.longKeys != null && s.longKeys[i] != null) {
      return s.longKeys[i];
    }
    return Arrays.copyOfRange(s.page, s.keyAt[i], s.keyAt[i] + s.keyLength[i]);
  }

  @Override
  public long address(int i) {
    Slot s = slot();
    int at = s.keyAt[i] - 8;
    long value = 0;
    for (int b = 0; b < 8; b++) {
      value = (value << 8) | (s.page[at + b] & 0xFF);
    }
    return value;
  }

  @Override
  public byte[] payload(int i) {
    Slot s = slot();
    if (!s.payloads || s.payloadAt[i] < 0) {
      return null;
    }
    int at = s.payloadAt[i];
    int size = ((s.page[at - 2] & 0xFF) << 8) | (s.page[at - 1] & 0xFF);
    return Arrays.copyOfRange(s.page, at, at + size);
  }

  @Override
  public int keyBound(byte[] key, boolean strict) {
    Slot s = slot();
    int lo = 0;
    int hi = s.count;
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

  /** Compares entry {@code i}'s key with {@code key}, unsigned byte by byte. */
  private static int compareKey(Slot s, int i, byte[] key) {
    if (s.longKeys != null && s.longKeys[i] != null) {
      return Arrays.compareUnsigned(s.longKeys[i], key);
    }
    return Arrays.compareUnsigned(
        s.page, s.keyAt[i], s.keyAt[i] + s.keyLength[i], key, 0, key.length);
  }
}
