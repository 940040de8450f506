package io.backtracedb.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCacheTest {
  private static final PageLayout LAYOUT = new PageLayout(4096, false);

  private static Node page(int id) {
    return new Node(LAYOUT, id, true, 0, 4);
  }

  @Test
  void answersWhatWasPutRemovedAndEvicted() throws IOException {
    NodeCache cache = new NodeCache();
    Node one = page(1);
    Node two = page(2);
    Node three = page(70_000);
    cache.put(one);
    cache.put(two);
    cache.put(three);
    assertSame(three, cache.get(70_000));
    assertNull(cache.get(3));
    assertNull(cache.get(69_999));

    cache.remove(2);
    assertNull(cache.get(2));
    assertEquals(2, cache.size());

    Node replacement = page(1);
    cache.putIfAbsent(replacement);
    assertSame(one, cache.get(1), "putIfAbsent keeps the cached page");
    cache.put(replacement);
    assertSame(replacement, cache.get(1), "put replaces it");

    // 1 was used last: 70000 is the least recently used and leaves first.
    List<Integer> evicted = new ArrayList<>();
    cache.evictBeyond(1, node -> evicted.add(node.pageId));
    assertEquals(List.of(70_000), evicted);
    assertNull(cache.get(70_000));
    assertSame(replacement, cache.get(1));
  }

  @Test
  void aPageWhoseEvictionFailsStaysCached() {
    NodeCache cache = new NodeCache();
    cache.put(page(5));
    cache.put(page(6));
    assertThrows(
        IOException.class,
        () ->
            cache.evictBeyond(
                0,
                node -> {
                  throw new IOException("disk full writing page " + node.pageId);
                }));
    assertEquals(2, cache.size());
    assertEquals(5, cache.get(5).pageId);
    assertEquals(6, cache.get(6).pageId);
  }
}
