package io.backtracedb.index;

import static io.backtracedb.index.BTreeFormat.PAGE_HEADER;
import static io.backtracedb.index.BTreeFormat.P_COUNT;
import static io.backtracedb.index.BTreeFormat.P_KIND;
import static io.backtracedb.index.BTreeFormat.P_LEVEL;
import static io.backtracedb.index.BTreeFormat.P_LINK_A;
import static io.backtracedb.index.BTreeFormat.P_LINK_B;
import static io.backtracedb.index.BTreeFormat.P_PAGE_ID;
import static io.backtracedb.index.BTreeFormat.P_USED;

import io.backtracedb.CorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Leaf, internal, overflow and free pages to bytes and back. Decoding checks every field against
 * the page it was read from, so a page that passes its checksum but does not belong where it was
 * found (a stale or misplaced page) is refused rather than read.
 */
final class NodeCodec {

  /** Reads the full key of an overflow chain. */
  @FunctionalInterface
  interface ChainReader {
    byte[] read(int firstPage, int length, int ownerPage) throws IOException;
  }

  private final PageLayout layout;
  private final Path path;

  NodeCodec(PageLayout layout, Path path) {
    this.layout = layout;
    this.path = path;
  }

  /** A leaf or internal page as bytes; every long key must already have its overflow chain. */
  ByteBuffer encode(Node node) {
    ByteBuffer page = ByteBuffer.allocate(layout.pageSize());
    page.put(P_KIND, node.leaf ? BTreeFormat.KIND_LEAF : BTreeFormat.KIND_INTERNAL);
    page.put(P_LEVEL, (byte) node.level);
    page.putShort(P_COUNT, (short) node.count);
    page.putInt(P_PAGE_ID, node.pageId);
    page.putInt(P_LINK_A, node.leaf ? node.prev : node.children[0]);
    page.putInt(P_LINK_B, node.leaf ? node.next : 0);
    page.putInt(P_USED, node.usedBytes);
    page.position(PAGE_HEADER);
    for (int i = 0; i < node.count; i++) {
      byte[] key = node.keys[i];
      page.putInt(key.length);
      page.putLong(node.addresses[i]);
      if (!node.leaf) {
        page.putInt(node.children[i + 1]);
      }
      if (layout.overflows(key.length)) {
        if (node.overflow[i] == 0) {
          throw new IllegalStateException("long key without overflow chain in page " + node.pageId);
        }
        page.putInt(node.overflow[i]);
      } else {
        page.put(key);
      }
      if (node.leaf && layout.payloads()) {
        byte[] payload = node.payloads[i];
        page.putShort((short) (payload == null ? BTreeFormat.NO_PAYLOAD : payload.length));
        if (payload != null) {
          page.put(payload);
        }
      }
    }
    if (page.position() - PAGE_HEADER != node.usedBytes) {
      throw new IllegalStateException("cell bytes of page " + node.pageId + " miscounted");
    }
    page.position(0);
    return page;
  }

  /**
   * The fields of a leaf or internal page's header.
   *
   * @param leaf whether it is a leaf
   * @param level its level, 0 for a leaf
   * @param count its cells
   * @param used bytes of cells after the header
   * @param linkA a leaf's previous leaf, an internal page's first child
   * @param linkB a leaf's next leaf, 0 in an internal page
   */
  record Header(boolean leaf, int level, int count, int used, int linkA, int linkB) {}

  /**
   * The header of the tree page in {@code page}, read as page {@code pageId} at {@code level} (-1:
   * any level), every field checked against the page: kind, page id, level, cell bytes and count,
   * links (a leaf's may be 0; an internal page has a first child and at least one separator).
   *
   * @throws CorruptionException naming the file, the page and the offset of the bad field
   */
  Header header(ByteBuffer page, int pageId, int level, int pageCount) {
    long base = (long) pageId * layout.pageSize();
    byte kind = page.get(P_KIND);
    if (kind != BTreeFormat.KIND_LEAF && kind != BTreeFormat.KIND_INTERNAL) {
      throw corrupt(base + P_KIND, pageId, "expected a tree page, found page kind " + kind);
    }
    if (!(page.getInt(P_PAGE_ID) == pageId)) {
      throw corrupt(base + P_PAGE_ID, pageId, "page claims to be page " + page.getInt(P_PAGE_ID));
    }
    boolean leaf = kind == BTreeFormat.KIND_LEAF;
    int pageLevel = page.get(P_LEVEL) & 0xFF;
    if (!(leaf == (pageLevel == 0))) {
      throw corrupt(base + P_LEVEL, pageId, "level " + pageLevel + " of kind " + kind);
    }
    if (!(level < 0 || pageLevel == level)) {
      throw corrupt(
          base + P_LEVEL, pageId, "level " + pageLevel + " where level " + level + " belongs");
    }
    int count = page.getShort(P_COUNT) & 0xFFFF;
    int used = page.getInt(P_USED);
    if (!(used >= 0 && used <= layout.cellSpace())) {
      throw corrupt(base + P_USED, pageId, "cell bytes " + used);
    }
    if (!(count <= used / BTreeFormat.LEAF_CELL_FIXED)) {
      throw corrupt(base + P_COUNT, pageId, "count " + count);
    }
    int linkA = page.getInt(P_LINK_A);
    int linkB = page.getInt(P_LINK_B);
    if (leaf) {
      if (!(validLink(linkA, pageId, pageCount))) {
        throw corrupt(base + P_LINK_A, pageId, "previous leaf " + linkA);
      }
      if (!(validLink(linkB, pageId, pageCount))) {
        throw corrupt(base + P_LINK_B, pageId, "next leaf " + linkB);
      }
    } else {
      if (!(linkA != 0 && validLink(linkA, pageId, pageCount))) {
        throw corrupt(base + P_LINK_A, pageId, "first child " + linkA);
      }
      if (!(count >= 1)) {
        throw corrupt(base + P_COUNT, pageId, "internal page without separators");
      }
    }
    return new Header(leaf, pageLevel, count, used, linkA, linkB);
  }

  /**
   * The node stored in {@code page}, read as page {@code pageId} at {@code level} (-1: any level).
   *
   * @throws CorruptionException naming the file, the page and the offset of the bad field
   */
  Node decode(ByteBuffer page, int pageId, int level, int pageCount, ChainReader chains)
      throws IOException {
    long base = (long) pageId * layout.pageSize();
    Header header = header(page, pageId, level, pageCount);
    boolean leaf = header.leaf();
    int count = header.count();
    int used = header.used();
    Node node = new Node(layout, pageId, leaf, header.level(), count);
    if (leaf) {
      node.prev = header.linkA();
      node.next = header.linkB();
    } else {
      node.children[0] = header.linkA();
    }
    int end = PAGE_HEADER + used;
    int pos = PAGE_HEADER;
    byte[] raw = page.array();
    int at = page.arrayOffset();
    int fixed = leaf ? BTreeFormat.LEAF_CELL_FIXED : BTreeFormat.INTERNAL_CELL_FIXED;
    for (int i = 0; i < count; i++) {
      if (!(pos + fixed <= end)) {
        throw corrupt(base + pos, pageId, "cell " + i + " runs past the cells");
      }
      int length = page.getInt(pos);
      if (!(length >= 1 && length <= BTreeFormat.MAX_KEY_LENGTH)) {
        throw corrupt(base + pos, pageId, "key length " + length);
      }
      long address = page.getLong(pos + 4);
      int child = 0;
      if (!leaf) {
        child = page.getInt(pos + 12);
        if (!(child != 0 && validLink(child, pageId, pageCount))) {
          throw corrupt(base + pos + 12, pageId, "child " + child);
        }
      }
      pos += fixed;
      byte[] key;
      int chain = 0;
      if (layout.overflows(length)) {
        if (!(pos + 4 <= end)) {
          throw corrupt(base + pos, pageId, "cell " + i + " runs past the cells");
        }
        chain = page.getInt(pos);
        if (!(chain != 0 && validLink(chain, pageId, pageCount))) {
          throw corrupt(base + pos, pageId, "overflow page " + chain);
        }
        pos += 4;
        key = chains.read(chain, length, pageId);
      } else {
        if (!(pos + length <= end)) {
          throw corrupt(base + pos, pageId, "key of cell " + i + " runs past the cells");
        }
        key = Arrays.copyOfRange(raw, at + pos, at + pos + length);
        pos += length;
      }
      byte[] payload = null;
      if (leaf && layout.payloads()) {
        if (!(pos + BTreeFormat.PAYLOAD_LENGTH <= end)) {
          throw corrupt(base + pos, pageId, "payload length of cell " + i + " past the cells");
        }
        int size = page.getShort(pos) & 0xFFFF;
        pos += BTreeFormat.PAYLOAD_LENGTH;
        if (size != BTreeFormat.NO_PAYLOAD) {
          if (!(pos + size <= end)) {
            throw corrupt(base + pos, pageId, "payload of cell " + i + " runs past the cells");
          }
          payload = Arrays.copyOfRange(raw, at + pos, at + pos + size);
          pos += size;
        }
      }
      if (i > 0) {
        if (!(Entries.compare(node.keys[i - 1], node.addresses[i - 1], key, address) < 0)) {
          throw corrupt(base + pos, pageId, "cell " + i + " is not above cell " + (i - 1));
        }
      }
      node.appendDecoded(key, address, chain, child, payload);
    }
    if (!(pos == end)) {
      throw corrupt(base + P_USED, pageId, "cells end at " + pos + ", header says " + end);
    }
    // The cells parsed end exactly where the header says: their sizes sum to the bytes used.
    node.usedBytes = used;
    return node;
  }

  /** An overflow page holding {@code bytes [from, from + n)} of a key, followed by {@code next}. */
  ByteBuffer encodeOverflow(int pageId, int next, byte[] key, int from, int n) {
    ByteBuffer page = ByteBuffer.allocate(layout.pageSize());
    page.put(P_KIND, BTreeFormat.KIND_OVERFLOW);
    page.putInt(P_PAGE_ID, pageId);
    page.putInt(P_LINK_A, next);
    page.putInt(P_USED, n);
    page.put(PAGE_HEADER, key, from, n);
    return page;
  }

  /** A page on the free list, followed by {@code next}. */
  ByteBuffer encodeFree(int pageId, int next) {
    ByteBuffer page = ByteBuffer.allocate(layout.pageSize());
    page.put(P_KIND, BTreeFormat.KIND_FREE);
    page.putInt(P_PAGE_ID, pageId);
    page.putInt(P_LINK_A, next);
    return page;
  }

  /**
   * Checks that {@code page} is a page of {@code kind} stored as {@code pageId}; returns link A.
   */
  int checkKind(ByteBuffer page, int pageId, byte kind, int pageCount) {
    long base = (long) pageId * layout.pageSize();
    byte found = page.get(P_KIND);
    if (found != kind) {
      throw corrupt(base + P_KIND, pageId, "expected page kind " + kind + ", found " + found);
    }
    if (!(page.getInt(P_PAGE_ID) == pageId)) {
      throw corrupt(base + P_PAGE_ID, pageId, "page claims to be page " + page.getInt(P_PAGE_ID));
    }
    int next = page.getInt(P_LINK_A);
    if (!(validLink(next, pageId, pageCount))) {
      throw corrupt(base + P_LINK_A, pageId, "link " + next);
    }
    return next;
  }

  /** Whether {@code link} is 0 (none) or another page of the file. */
  static boolean validLink(int link, int self, int pageCount) {
    return link == 0 || (link >= 1 && link < pageCount && link != self);
  }

  CorruptionException corrupt(long offset, int pageId, String what) {
    return new CorruptionException(path, offset, "invalid page " + pageId + ": " + what);
  }
}
