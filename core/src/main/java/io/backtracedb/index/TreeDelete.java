package io.backtracedb.index;

import java.io.IOException;

/**
 * Deleting an entry: remove its cell, then rebalance bottom-up. A page filled below a third is
 * merged with a sibling when both fit in one page, and shares the sibling's cells otherwise; an
 * internal root left with one child is replaced by that child.
 */
final class TreeDelete {
  private TreeDelete() {}

  /** Deletes (key, address); returns false, changing nothing, when it is not in the tree. */
  static boolean delete(TreeFile tree, byte[] key, long address) throws IOException {
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
    if (pos == node.count || node.compareAt(pos, key, address) != 0) {
      return false;
    }
    tree.beginChange();
    tree.freeChain(node.overflow[pos], node.keys[pos].length);
    node.remove(pos);
    tree.dirty(node);
    tree.entryCount--;
    rebalance(tree, path, slots, height - 1);
    return true;
  }

  private static void rebalance(TreeFile tree, Node[] path, int[] slots, int d) throws IOException {
    for (; d > 0; d--) {
      Node node = path[d];
      if (!node.underflows()) {
        return;
      }
      Node parent = path[d - 1];
      int slot = slots[d - 1];
      // Pair the page with its left sibling, or its right one when it is the first child.
      int s = slot > 0 ? slot - 1 : slot;
      Node left = slot > 0 ? tree.node(parent.children[s], node.level) : node;
      Node right = slot > 0 ? node : tree.node(parent.children[s + 1], node.level);
      boolean merged =
          node.leaf
              ? leaves(tree, parent, s, left, right)
              : internals(tree, parent, s, left, right);
      tree.dirty(parent);
      if (!merged) {
        // A new separator can be longer than the old one: the parent may need a split.
        if (!parent.fits()) {
          TreeInsert.split(tree, path, slots, d - 1, parent.splitPoint());
        }
        return;
      }
    }
    Node root = path[0];
    if (!root.leaf && root.count == 0) {
      tree.root = root.children[0];
      tree.height--;
      tree.release(root);
    }
  }

  /** Merges or shares two sibling leaves under separator {@code s}; returns whether merged. */
  private static boolean leaves(TreeFile tree, Node parent, int s, Node left, Node right)
      throws IOException {
    tree.dirty(left);
    tree.dirty(right);
    if (left.usedBytes + right.usedBytes <= tree.layout.cellSpace()) {
      for (int i = 0; i < right.count; i++) {
        left.appendEntryOf(right, i);
      }
      left.next = right.next;
      if (right.next != 0) {
        Node after = tree.node(right.next, 0);
        after.prev = left.pageId;
        tree.dirty(after);
      }
      tree.freeChain(parent.overflow[s], parent.keys[s].length);
      parent.remove(s);
      tree.release(right);
      return true;
    }
    if (left.usedBytes < right.usedBytes) {
      while (right.count > 1 && right.cellSize(0) < right.usedBytes - left.usedBytes) {
        left.appendEntryOf(right, 0);
        right.remove(0);
      }
    } else {
      while (left.count > 1 && left.cellSize(left.count - 1) < left.usedBytes - right.usedBytes) {
        int last = left.count - 1;
        right.insert(
            0, left.keys[last], left.addresses[last], left.overflow[last], 0, left.payload(last));
        left.truncate(last);
      }
    }
    tree.freeChain(parent.overflow[s], parent.keys[s].length);
    replaceSeparator(parent, s, right.keys[0], right.addresses[0], tree.writeChain(right.keys[0]));
    return false;
  }

  /** Merges or shares two sibling internal pages under separator {@code s}. */
  private static boolean internals(TreeFile tree, Node parent, int s, Node left, Node right)
      throws IOException {
    tree.dirty(left);
    tree.dirty(right);
    byte[] sep = parent.keys[s];
    if (left.usedBytes + left.cellSize(sep) + right.usedBytes <= tree.layout.cellSpace()) {
      // The separator comes down between the two pages' cells, keeping its overflow chain.
      left.append(sep, parent.addresses[s], parent.overflow[s], right.children[0]);
      for (int i = 0; i < right.count; i++) {
        left.append(right.keys[i], right.addresses[i], right.overflow[i], right.children[i + 1]);
      }
      parent.remove(s);
      tree.release(right);
      return true;
    }
    if (left.usedBytes < right.usedBytes) {
      // Rotate left: the separator comes down to the end of left, right's first key goes up.
      while (right.count > 1
          && left.usedBytes + left.cellSize(parent.keys[s])
              <= right.usedBytes - right.cellSize(right.keys[0])) {
        left.append(parent.keys[s], parent.addresses[s], parent.overflow[s], right.children[0]);
        int newFirst = right.children[1];
        byte[] up = right.keys[0];
        long upAddress = right.addresses[0];
        int upChain = right.overflow[0];
        right.remove(0);
        right.children[0] = newFirst;
        replaceSeparator(parent, s, up, upAddress, upChain);
      }
    } else {
      // Rotate right: the separator comes down to the front of right, left's last key goes up.
      while (left.count > 1
          && right.usedBytes + right.cellSize(parent.keys[s])
              <= left.usedBytes - left.cellSize(left.keys[left.count - 1])) {
        int oldFirst = right.children[0];
        right.insert(0, parent.keys[s], parent.addresses[s], parent.overflow[s], oldFirst);
        right.children[0] = left.children[left.count];
        int last = left.count - 1;
        byte[] up = left.keys[last];
        long upAddress = left.addresses[last];
        int upChain = left.overflow[last];
        left.truncate(last);
        replaceSeparator(parent, s, up, upAddress, upChain);
      }
    }
    return false;
  }

  private static void replaceSeparator(Node parent, int s, byte[] key, long address, int chain) {
    int child = parent.children[s + 1];
    parent.remove(s);
    parent.insert(s, key, address, chain, child);
  }
}
