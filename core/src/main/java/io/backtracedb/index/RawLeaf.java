package io.backtracedb.index;

import static io.backtracedb.index.BTreeFormat.PAGE_HEADER;
import static io.backtracedb.index.BTreeFormat.P_USED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A leaf page read for a lookup and searched in its bytes: one pass finds where each cell starts
 * and checks every field's range as {@link NodeCodec#decode} does, but keys and payloads are copied
 * out only for the entries a cursor visits. A point lookup in a leaf that is not cached thus costs
 * a page read and a walk over the cell headers instead of an object per cell. The order of the
 * cells is not compared here: the page's checksum vouches for what the writer wrote, and both a
 * decode for a change and the integrity check compare it. Immutable; a change to the tree
 * invalidates the cursors that hold one.
 */
final class RawLeaf implements LeafView {
  private final byte[] page;
  private final int pageId;
  private final int count;
  private final int prev;
  private final int next;
  private final boolean payloads;

  /** Per cell: where its inline key (or overflow page number) starts. */
  private final int[] keyAt;

  /** Per cell: its key's length in bytes. */
  private final int[] keyLength;

  /** Per cell: where its payload starts, -1 when it has none. */
  private final int[] payloadAt;

  /** Keys kept in overflow chains, read at parse time; null when the leaf has none. */
  private final byte[][] longKeys;

  private RawLeaf(
      byte[] page,
      int pageId,
      int count,
      int prev,
      int next,
      boolean payloads,
      int[] keyAt,
      int[] keyLength,
      int[] payloadAt,
      byte[][] longKeys) {
    this.page = page;
    this.pageId = pageId;
    this.count = count;
    this.prev = prev;
    this.next = next;
    this.payloads = payloads;
    this.keyAt = keyAt;
    this.keyLength = keyLength;
    this.payloadAt = payloadAt;
    this.longKeys = longKeys;
  }

  /**
   * The leaf stored in {@code buffer} (a whole page read as {@code pageId}, array-backed).
   *
   * @throws io.backtracedb.CorruptionException as {@link NodeCodec#decode} does
   */
  static RawLeaf parse(
      ByteBuffer buffer,
      int pageId,
      int pageCount,
      PageLayout layout,
      NodeCodec codec,
      NodeCodec.ChainReader chains)
      throws IOException {
    long base = (long) pageId * layout.pageSize();
    NodeCodec.Header header = codec.header(buffer, pageId, 0, pageCount);
    int count = header.count();
    int used = header.used();
    int prev = header.linkA();
    int next = header.linkB();
    byte[] page = buffer.array();
    int[] keyAt = new int[count];
    int[] keyLength = new int[count];
    int[] payloadAt = layout.payloads() ? new int[count] : null;
    byte[][] longKeys = null;
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
      if (payloadAt != null) {
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
    return new RawLeaf(
        page, pageId, count, prev, next, payloadAt != null, keyAt, keyLength, payloadAt, longKeys);
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
    if (longKeys != null && longKeys[i] != null) {
      return longKeys[i];
    }
    return Arrays.copyOfRange(page, keyAt[i], keyAt[i] + keyLength[i]);
  }

  @Override
  public long address(int i) {
    int at = keyAt[i] - 8;
    long value = 0;
    for (int b = 0; b < 8; b++) {
      value = (value << 8) | (page[at + b] & 0xFF);
    }
    return value;
  }

  @Override
  public byte[] payload(int i) {
    if (!payloads || payloadAt[i] < 0) {
      return null;
    }
    int at = payloadAt[i];
    int size = ((page[at - 2] & 0xFF) << 8) | (page[at - 1] & 0xFF);
    return Arrays.copyOfRange(page, at, at + size);
  }

  @Override
  public int keyBound(byte[] key, boolean strict) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareKey(mid, key);
      if (c < 0 || (strict && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Compares entry {@code i}'s key with {@code key}, unsigned byte by byte. */
  private int compareKey(int i, byte[] key) {
    if (longKeys != null && longKeys[i] != null) {
      return Arrays.compareUnsigned(longKeys[i], key);
    }
    return Arrays.compareUnsigned(page, keyAt[i], keyAt[i] + keyLength[i], key, 0, key.length);
  }
}
