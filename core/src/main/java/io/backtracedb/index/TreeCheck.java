package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks a whole index and checks what a lookup relies on: key order inside and across pages,
 * separators bounding their subtrees, one level for every leaf, leaves linked both ways in key
 * order, the entry count, overflow chains, the free list, every page checksum, and that each page
 * is used exactly once. Also measures the index and lists its pages. Changes nothing.
 */
final class TreeCheck {
  private static final byte OWNER_TREE = 1;
  private static final byte OWNER_OVERFLOW = 2;
  private static final byte OWNER_FREE = 3;

  private final TreeFile file;
  private final List<String> problems = new ArrayList<>();
  private final byte[] owner;
  private final List<List<PageInfo>> levels = new ArrayList<>();
  private final List<PageInfo> otherPages = new ArrayList<>();
  private final List<LeafLinks> leaves = new ArrayList<>();
  private long entries;
  private long leafBytes;
  private long internalBytes;
  private int internalPages;
  private int overflowPages;

  TreeCheck(TreeFile file) {
    this.file = file;
    this.owner = new byte[file.pageCount];
  }

  IndexCheck run() throws IOException {
    for (int i = 0; i < file.height; i++) {
      levels.add(new ArrayList<>());
    }
    visit(file.root, file.height - 1, null, 0, null, 0, true);
    checkLeafChain();
    if (entries != file.entryCount) {
      problems.add("leaves hold " + entries + " entries, the header counts " + file.entryCount);
    }
    int freePages = walkFreeList();
    for (int page = 1; page < owner.length; page++) {
      if (owner[page] == 0) {
        problems.add("page " + page + " is neither in the tree nor on the free list");
      }
    }
    List<PageInfo> pages = new ArrayList<>();
    for (int level = levels.size() - 1; level >= 0; level--) {
      pages.addAll(levels.get(level));
    }
    pages.addAll(otherPages);
    int cellSpace = file.layout.cellSpace();
    IndexStats stats =
        new IndexStats(
            entries,
            file.height,
            file.pageCount,
            leaves.size(),
            internalPages,
            overflowPages,
            freePages,
            (long) file.pageCount * file.layout.pageSize(),
            leaves.isEmpty() ? 0 : (double) leafBytes / ((long) leaves.size() * cellSpace),
            internalPages == 0 ? 0 : (double) internalBytes / ((long) internalPages * cellSpace));
    return new IndexCheck(file.path, List.copyOf(problems), stats, List.copyOf(pages));
  }

  /**
   * Checks the subtree at {@code pageId}, whose entries must lie in [low, high) (null: unbounded).
   */
  private void visit(
      int pageId,
      int level,
      byte[] low,
      long lowAddress,
      byte[] high,
      long highAddress,
      boolean isRoot)
      throws IOException {
    if (!claim(pageId, OWNER_TREE, "tree page")) {
      return;
    }
    Node node;
    try {
      node = file.node(pageId, level);
      if (!node.dirty) {
        file.pages().read(pageId); // the checksum of the copy on disk
      }
    } catch (CorruptionException e) {
      problems.add(e.getMessage());
      return;
    }
    if (node.leaf ? node.count == 0 && !isRoot : node.count == 0) {
      problems.add("page " + pageId + " is empty");
    }
    if (!node.fits()) {
      problems.add("page " + pageId + " holds more cell bytes than a page");
    }
    for (int i = 0; i < node.count; i++) {
      byte[] key = node.keys[i];
      if (!file.keys.isValid(key)) {
        problems.add("page " + pageId + " cell " + i + " is not a " + file.keyType() + " key");
      }
      if (i > 0 && node.compareAt(i - 1, key, node.addresses[i]) >= 0) {
        problems.add("page " + pageId + " cell " + i + " is not above cell " + (i - 1));
      }
      if (node.overflow[i] != 0 || file.layout.overflows(key.length)) {
        checkChain(pageId, i, node);
      }
      byte[] payload = node.payload(i);
      if (payload != null && file.layout.keptPayload(key.length, payload) == null) {
        problems.add("page " + pageId + " cell " + i + " holds a payload larger than a cell may");
      }
    }
    if (node.count > 0) {
      if (low != null && node.compareAt(0, low, lowAddress) < 0) {
        problems.add("page " + pageId + " starts below its separator in the parent");
      }
      if (high != null && node.compareAt(node.count - 1, high, highAddress) >= 0) {
        problems.add("page " + pageId + " ends at or above its separator in the parent");
      }
    }
    String first = node.count == 0 ? null : file.keys.describe(node.keys[0]);
    String last = node.count == 0 ? null : file.keys.describe(node.keys[node.count - 1]);
    if (node.leaf) {
      leaves.add(
          new LeafLinks(
              pageId,
              node.prev,
              node.next,
              node.count == 0 ? null : node.keys[0],
              node.count == 0 ? null : node.keys[node.count - 1]));
      file.trim();
      entries += node.count;
      leafBytes += node.usedBytes;
      checkUniqueWithin(node);
      levels
          .get(0)
          .add(
              new PageInfo(
                  pageId,
                  "leaf",
                  0,
                  node.count,
                  first,
                  last,
                  node.prev,
                  node.next,
                  node.usedBytes));
      return;
    }
    internalPages++;
    internalBytes += node.usedBytes;
    levels
        .get(level)
        .add(
            new PageInfo(
                pageId,
                "internal",
                level,
                node.count,
                first,
                last,
                node.children[0],
                0,
                node.usedBytes));
    // Copy what the children need: visiting them may evict this page from the cache.
    int count = node.count;
    int[] children = Arrays.copyOf(node.children, count + 1);
    byte[][] keys = Arrays.copyOf(node.keys, count);
    long[] addresses = Arrays.copyOf(node.addresses, count);
    for (int i = 0; i <= count; i++) {
      visit(
          children[i],
          level - 1,
          i == 0 ? low : keys[i - 1],
          i == 0 ? lowAddress : addresses[i - 1],
          i == count ? high : keys[i],
          i == count ? highAddress : addresses[i],
          false);
    }
  }

  private void checkChain(int pageId, int cell, Node node) throws IOException {
    byte[] key = node.keys[cell];
    if (node.overflow[cell] == 0 || !file.layout.overflows(key.length)) {
      problems.add("page " + pageId + " cell " + cell + " has an overflow chain it should not");
      return;
    }
    byte[] stored = new byte[key.length];
    List<Integer> chain;
    try {
      chain = file.chainPages(node.overflow[cell], key.length, stored);
    } catch (CorruptionException e) {
      problems.add(e.getMessage());
      return;
    }
    if (!Arrays.equals(stored, key)) {
      problems.add("overflow chain of page " + pageId + " cell " + cell + " holds another key");
    }
    for (int i = 0; i < chain.size(); i++) {
      int page = chain.get(i);
      if (claim(page, OWNER_OVERFLOW, "overflow page")) {
        overflowPages++;
        int next = i + 1 < chain.size() ? chain.get(i + 1) : 0;
        int n = Math.min(file.layout.overflowSpace(), key.length - i * file.layout.overflowSpace());
        otherPages.add(new PageInfo(page, "overflow", -1, 0, null, null, 0, next, n));
      }
    }
  }

  private void checkUniqueWithin(Node leaf) {
    if (!file.unique) {
      return;
    }
    for (int i = 1; i < leaf.count; i++) {
      if (!isNull(leaf.keys[i]) && Arrays.equals(leaf.keys[i - 1], leaf.keys[i])) {
        problems.add(
            "unique index has key "
                + file.keys.describe(leaf.keys[i])
                + " twice in page "
                + leaf.pageId);
      }
    }
  }

  private void checkLeafChain() {
    for (int i = 0; i < leaves.size(); i++) {
      LeafLinks leaf = leaves.get(i);
      int expectedPrev = i == 0 ? 0 : leaves.get(i - 1).pageId;
      int expectedNext = i == leaves.size() - 1 ? 0 : leaves.get(i + 1).pageId;
      if (leaf.prev != expectedPrev || leaf.next != expectedNext) {
        problems.add(
            "leaf "
                + leaf.pageId
                + " links to "
                + leaf.prev
                + " and "
                + leaf.next
                + ", expected "
                + expectedPrev
                + " and "
                + expectedNext);
      }
      if (i > 0 && file.unique) {
        LeafLinks before = leaves.get(i - 1);
        byte[] last = before.lastKey;
        if (last != null
            && leaf.firstKey != null
            && !isNull(last)
            && Arrays.equals(last, leaf.firstKey)) {
          problems.add(
              "unique index has key "
                  + file.keys.describe(last)
                  + " in pages "
                  + before.pageId
                  + " and "
                  + leaf.pageId);
        }
      }
    }
  }

  private int walkFreeList() throws IOException {
    int page = file.freeHead();
    int seen = 0;
    while (page != 0) {
      if (seen == file.freeCount()) {
        problems.add("free list is longer than the " + file.freeCount() + " pages counted");
        return seen;
      }
      if (!claim(page, OWNER_FREE, "free page")) {
        return seen;
      }
      int next;
      try {
        next =
            file.codec()
                .checkKind(file.pages().read(page), page, BTreeFormat.KIND_FREE, file.pageCount);
      } catch (CorruptionException e) {
        problems.add(e.getMessage());
        return seen;
      }
      otherPages.add(new PageInfo(page, "free", -1, 0, null, null, 0, next, 0));
      seen++;
      page = next;
    }
    if (seen != file.freeCount()) {
      problems.add("free list holds " + seen + " pages, the header counts " + file.freeCount());
    }
    return seen;
  }

  /** Marks a page as used; false (with a problem) when it is out of range or used already. */
  private boolean claim(int page, byte kind, String what) {
    if (page < 1 || page >= owner.length) {
      problems.add(what + " " + page + " is outside the file's " + owner.length + " pages");
      return false;
    }
    if (owner[page] != 0) {
      problems.add(what + " " + page + " is used twice");
      return false;
    }
    owner[page] = kind;
    return true;
  }

  /** What the leaf chain check needs of one leaf. */
  private record LeafLinks(int pageId, int prev, int next, byte[] firstKey, byte[] lastKey) {}

  private static boolean isNull(byte[] key) {
    return key.length == 1 && key[0] == 0;
  }
}
