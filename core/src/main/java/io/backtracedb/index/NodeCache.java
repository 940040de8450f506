package io.backtracedb.index;

import java.io.IOException;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Decoded pages of one index file by page id, least recently used first. A bit per page id answers
 * "not cached" without probing the map: a cold lookup asks for a leaf that is almost never cached,
 * and a probe of the map's scattered entries costs a cache miss or more where one bit costs none.
 *
 * <p>Not thread-safe: used under the tree's lock.
 */
final class NodeCache {
  private final LinkedHashMap<Integer, Node> nodes = new LinkedHashMap<>(64, 0.75f, true);
  private final BitSet held = new BitSet();

  /** What to do with a page before it leaves the cache, such as writing it when dirty. */
  @FunctionalInterface
  interface Eviction {
    void evict(Node node) throws IOException;
  }

  /** The cached page {@code pageId} (now the most recently used), or null. */
  Node get(int pageId) {
    return held.get(pageId) ? nodes.get(pageId) : null;
  }

  /** Caches {@code node} under its page id, replacing what was cached there. */
  void put(Node node) {
    nodes.put(node.pageId, node);
    held.set(node.pageId);
  }

  /** Caches {@code node} unless its page id is cached already. */
  void putIfAbsent(Node node) {
    if (nodes.putIfAbsent(node.pageId, node) == null) {
      held.set(node.pageId);
    }
  }

  /** Drops page {@code pageId} from the cache, if cached. */
  void remove(int pageId) {
    nodes.remove(pageId);
    held.clear(pageId);
  }

  /** Pages cached now. */
  int size() {
    return nodes.size();
  }

  /** The cached pages, least recently used first. */
  Collection<Node> values() {
    return nodes.values();
  }

  /**
   * Drops least recently used pages until at most {@code limit} remain, handing each to {@code
   * eviction} first; a page whose eviction throws stays cached.
   */
  void evictBeyond(int limit, Eviction eviction) throws IOException {
    Iterator<Node> it = nodes.values().iterator();
    while (nodes.size() > limit && it.hasNext()) {
      Node node = it.next();
      eviction.evict(node);
      it.remove();
      held.clear(node.pageId);
    }
  }
}
