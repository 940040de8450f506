package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import java.io.IOException;
import java.util.ConcurrentModificationException;

/**
 * A position among a tree's entries, in (key, address) order, that moves both ways along the linked
 * leaves.
 *
 * <p>Seek methods position the cursor and return whether it is on an entry; {@link #next} and
 * {@link #previous} move it and return the same. Once it has run off either end it stays invalid
 * until the next seek. A change to the tree (insert, delete) invalidates every cursor: their next
 * move throws {@link ConcurrentModificationException}. Each call takes the tree's lock; one cursor
 * belongs to one thread.
 *
 * <p>Moving between leaves checks that the two leaves link to each other and that keys keep
 * ascending, so a damaged file gives a {@link CorruptionException} rather than wrong entries.
 */
public final class BTreeCursor {
  private final TreeFile file;
  private LeafView leaf;
  private int index;
  private long expectedModCount;

  BTreeCursor(TreeFile file) {
    this.file = file;
  }

  /** Moves to the first entry whose key is >= {@code key}. */
  public boolean seek(Object key) {
    return seekEncoded(encode(key), false);
  }

  /** Moves to the first entry whose key is > {@code key}. */
  public boolean seekAfter(Object key) {
    return seekEncoded(encode(key), true);
  }

  /** Moves to the last entry whose key is <= {@code key}. */
  public boolean seekAtOrBefore(Object key) {
    return seekBackEncoded(encode(key), true);
  }

  /** Moves to the last entry whose key is < {@code key}. */
  public boolean seekBefore(Object key) {
    return seekBackEncoded(encode(key), false);
  }

  /** Moves to the first entry of the tree. */
  public boolean seekFirst() {
    return run(
        () -> {
          descendToEdge(true);
          return settleForward();
        });
  }

  /** Moves to the last entry of the tree. */
  public boolean seekLast() {
    return run(
        () -> {
          descendToEdge(false);
          index = leaf.count() - 1;
          return settleBackward();
        });
  }

  /** Moves to the next entry; false (and invalid) past the last one or when not on an entry. */
  public boolean next() {
    synchronized (file) {
      if (!positioned()) {
        return false;
      }
      return run(
          () -> {
            index++;
            return settleForward();
          });
    }
  }

  /** Moves to the previous entry; false (and invalid) before the first one or when not on one. */
  public boolean previous() {
    synchronized (file) {
      if (!positioned()) {
        return false;
      }
      return run(
          () -> {
            index--;
            return settleBackward();
          });
    }
  }

  /** Whether the cursor is on an entry. */
  public boolean valid() {
    return leaf != null;
  }

  /** The current entry's key, in the engine's representation (null for the NULL key). */
  public Object key() {
    synchronized (file) {
      checkOnEntry();
      return file.keys.decode(leaf.key(index));
    }
  }

  /** The current entry's address. */
  public long address() {
    synchronized (file) {
      checkOnEntry();
      return leaf.address(index);
    }
  }

  /**
   * The current entry's payload, or null when it has none; the array belongs to the tree and must
   * not be changed.
   */
  public byte[] payload() {
    synchronized (file) {
      checkOnEntry();
      return leaf.payload(index);
    }
  }

  /** The current entry's encoded key; the array belongs to the tree and must not be changed. */
  byte[] keyBytes() {
    synchronized (file) {
      checkOnEntry();
      return leaf.key(index);
    }
  }

  boolean seekEncoded(byte[] key, boolean strict) {
    return run(
        () -> {
          descend(key, strict);
          return settleForward();
        });
  }

  boolean seekBackEncoded(byte[] key, boolean inclusive) {
    // The last entry <= key is the one before the first entry > key (and likewise for <).
    return run(
        () -> {
          descend(key, inclusive);
          index--;
          return settleBackward();
        });
  }

  private void descend(byte[] key, boolean strict) throws IOException {
    if (file.height == 1) {
      leaf = file.leaf(file.root);
    } else {
      Node node = file.node(file.root, file.height - 1);
      while (node.level > 1) {
        node = file.node(node.children[node.childForKey(key, strict)], node.level - 1);
      }
      leaf = file.leaf(node.children[node.childForKey(key, strict)]);
    }
    index = leaf.keyBound(key, strict);
  }

  private void descendToEdge(boolean first) throws IOException {
    if (file.height == 1) {
      leaf = file.leaf(file.root);
    } else {
      Node node = file.node(file.root, file.height - 1);
      while (node.level > 1) {
        node = file.node(node.children[first ? 0 : node.count], node.level - 1);
      }
      leaf = file.leaf(node.children[first ? 0 : node.count]);
    }
    index = 0;
  }

  /** From a position at or past the end of a leaf, moves forward to a real entry or off the end. */
  private boolean settleForward() throws IOException {
    while (leaf != null && index >= leaf.count()) {
      if (leaf.next() == 0) {
        leaf = null;
        break;
      }
      LeafView after = file.leaf(leaf.next());
      checkLinked(leaf, after);
      leaf = after;
      index = 0;
    }
    return leaf != null;
  }

  /** From a position at or before the start of a leaf, moves back to a real entry or off. */
  private boolean settleBackward() throws IOException {
    while (leaf != null && index < 0) {
      if (leaf.prev() == 0) {
        leaf = null;
        break;
      }
      LeafView before = file.leaf(leaf.prev());
      checkLinked(before, leaf);
      leaf = before;
      index = before.count() - 1;
    }
    return leaf != null;
  }

  private void checkLinked(LeafView left, LeafView right) {
    boolean linked = left.next() == right.pageId() && right.prev() == left.pageId();
    boolean ordered =
        left.count() > 0
            && right.count() > 0
            && Entries.compare(
                    left.key(left.count() - 1),
                    left.address(left.count() - 1),
                    right.key(0),
                    right.address(0))
                < 0;
    if (!linked || !ordered) {
      throw new CorruptionException(
          file.path,
          file.pages().offsetOf(right.pageId()),
          "leaves "
              + left.pageId()
              + " and "
              + right.pageId()
              + (linked ? " are out of key order or empty" : " do not link to each other"));
    }
  }

  /** A cursor step that may read pages. */
  @FunctionalInterface
  private interface Step {
    boolean run() throws IOException;
  }

  private boolean run(Step step) {
    synchronized (file) {
      file.failIfBroken();
      boolean on;
      try {
        on = step.run();
      } catch (IOException e) {
        leaf = null;
        throw file.readError(e);
      } catch (RuntimeException e) {
        leaf = null;
        throw e;
      }
      expectedModCount = file.modCount;
      try {
        file.trim();
      } catch (IOException e) {
        throw file.breakOn("write", e);
      }
      return on;
    }
  }

  /** Whether the cursor is on an entry of the unchanged tree; throws if the tree changed. */
  private boolean positioned() {
    if (leaf != null && expectedModCount != file.modCount) {
      leaf = null;
      throw new ConcurrentModificationException(
          "index '" + file.name + "' changed since the cursor was positioned; seek again");
    }
    return leaf != null;
  }

  private void checkOnEntry() {
    if (leaf == null) {
      throw new IllegalStateException("cursor of index '" + file.name + "' is not on an entry");
    }
    if (expectedModCount != file.modCount) {
      throw new ConcurrentModificationException(
          "index '" + file.name + "' changed since the cursor was positioned; seek again");
    }
  }

  private byte[] encode(Object key) {
    try {
      return file.keys.encode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot seek in index '" + file.name + "': key " + e.getMessage(), e);
    }
  }
}
