package io.backtracedb.index;

import java.io.IOException;

/**
 * Inserting an entry: descend to its leaf, insert the cell, split full pages bottom-up, grow a new
 * root when the old one splits.
 */
final class TreeInsert {
  private TreeInsert() {}

  /**
   * Inserts (key, address) with {@code payload} (kept when the tree's cells carry payloads and it
   * fits); returns false, changing nothing, when the entry is already there. The unique check is
   * the caller's.
   */
  static boolean insert(TreeFile tree, byte[] key, long address, byte[] payload)
      throws IOException {
    int height = tree.height;
    Node[] path = new Node[height];
    int[] slots = new int[height];
    Node node = tree.node(tree.root, height - 1);
    for (int d = 0; d < height - 1; d++) {
      path[d] = node;
      slots[d] = node.childFor(key, address);
      node = tree.node(node.children[slots[d]], node.level - 1);
    }
    path[height - 1] = node;
    int pos = node.lowerBound(key, address);
    if (pos < node.count && node.compareAt(pos, key, address) == 0) {
      return false;
    }
    tree.beginChange();
    node.insert(
        pos, key, address, tree.writeChain(key), 0, tree.layout.keptPayload(key.length, payload));
    tree.dirty(node);
    tree.entryCount++;
    if (!node.fits()) {
      // Appending past the last entry of the last leaf (ascending keys): split at the new entry so
      // the left page stays full instead of half empty.
      boolean append = node.next == 0 && pos == node.count - 1;
      split(tree, path, slots, height - 1, append ? node.count - 1 : node.splitPoint());
    }
    return true;
  }

  /**
   * Splits {@code path[d]} at cell {@code at} and inserts the separator into its parent, splitting
   * upwards as needed. {@code slots[i]} is the child index taken at {@code path[i]}.
   */
  static void split(TreeFile tree, Node[] path, int[] slots, int d, int at) throws IOException {
    Node node = path[d];
    Node right;
    byte[] sepKey;
    long sepAddress;
    int sepChain;
    if (node.leaf) {
      right = tree.newNode(true, 0, node.count - at);
      for (int i = at; i < node.count; i++) {
        right.appendEntryOf(node, i);
      }
      node.truncate(at);
      right.prev = node.pageId;
      right.next = node.next;
      if (node.next != 0) {
        Node after = tree.node(node.next, 0);
        after.prev = right.pageId;
        tree.dirty(after);
      }
      node.next = right.pageId;
      sepKey = right.keys[0];
      sepAddress = right.addresses[0];
      // The separator is a copy of the right page's first key: a long one gets its own chain.
      sepChain = tree.writeChain(sepKey);
    } else {
      right = tree.newNode(false, node.level, node.count - at);
      sepKey = node.keys[at];
      sepAddress = node.addresses[at];
      sepChain = node.overflow[at];
      right.children[0] = node.children[at + 1];
      for (int i = at + 1; i < node.count; i++) {
        right.append(node.keys[i], node.addresses[i], node.overflow[i], node.children[i + 1]);
      }
      node.truncate(at);
    }
    tree.dirty(node);
    if (d == 0) {
      Node root = tree.newNode(false, node.level + 1, 4);
      root.children[0] = node.pageId;
      root.append(sepKey, sepAddress, sepChain, right.pageId);
      tree.root = root.pageId;
      tree.height++;
      return;
    }
    Node parent = path[d - 1];
    parent.insert(slots[d - 1], sepKey, sepAddress, sepChain, right.pageId);
    tree.dirty(parent);
    if (!parent.fits()) {
      split(tree, path, slots, d - 1, parent.splitPoint());
    }
  }
}
