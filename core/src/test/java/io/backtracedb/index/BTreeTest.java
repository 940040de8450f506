package io.backtracedb.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.io.MemoryFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BTreeTest {
  @TempDir Path dir;

  private BTree create(String name, ColumnType type) throws IOException {
    return BTree.create(
        LocalFileIO.INSTANCE, dir.resolve(name + ".btree"), BTreeOptions.of(name, type));
  }

  @Test
  void uniqueIndexRejectsASecondAddressForAKeyAndNamesIndexAndKey() throws IOException {
    BTreeOptions options = BTreeOptions.of("orders_by_id", ColumnType.VARCHAR).asUnique();
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, dir.resolve("u.btree"), options)) {
      assertTrue(tree.insert("order-17", 100));
      UniqueViolationException e =
          assertThrows(UniqueViolationException.class, () -> tree.insert("order-17", 200));
      assertTrue(e.getMessage().contains("'orders_by_id'"), e.getMessage());
      assertTrue(e.getMessage().contains("VARCHAR 'order-17'"), e.getMessage());
      assertEquals("order-17", e.key());
      assertEquals("orders_by_id", e.index());
      // The failed insert changed nothing and the tree stays usable.
      assertArrayEquals(new long[] {100}, tree.lookup("order-17"));
      assertFalse(tree.insert("order-17", 100), "the same entry again is a no-op");
      assertTrue(tree.insert("order-18", 200));
      assertEquals(2, tree.size());
      assertTrue(tree.check().ok());
    }
  }

  @Test
  void preloadReadsAWholeLocalFileAndNothingElseAndLookupsStayRight() throws IOException {
    for (FileIO io : List.of(LocalFileIO.INSTANCE, new MemoryFileIO())) {
      Path path = dir.resolve("preload-" + io.getClass().getSimpleName() + ".btree");
      BTreeOptions options = BTreeOptions.of("p", ColumnType.BIGINT).withCachePages(16);
      try (BTree tree = BTree.create(io, path, options)) {
        for (long k = 0; k < 20_000; k++) {
          tree.insert(k * 3, k);
        }
        tree.flush(1);
      }
      BTree tree = BTree.open(io, path, options);
      boolean local = io instanceof LocalFileIO;
      long bytes = tree.fileBytes();
      assertTrue(bytes > BTree.PRELOAD_SLICE / 1024, "a file of many pages: " + bytes);
      assertEquals(local ? bytes : 0, tree.preload(), "only a local file is mapped");
      for (long k = 0; k < 20_000; k += 331) {
        assertArrayEquals(new long[] {k}, tree.lookup(k * 3), "key " + k * 3);
        assertArrayEquals(new long[0], tree.lookup(k * 3 + 1));
      }
      assertTrue(tree.check().ok());
      tree.close();
      assertEquals(0, tree.preload(), "a closed tree reads nothing");
    }
  }

  @Test
  void uniqueIndexAllowsManyNullKeys() throws IOException {
    BTreeOptions options = BTreeOptions.of("u", ColumnType.BIGINT).asUnique();
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, dir.resolve("u.btree"), options)) {
      assertTrue(tree.insert(null, 1));
      assertTrue(tree.insert(null, 2));
      assertArrayEquals(new long[] {1, 2}, tree.lookup(null));
      assertTrue(tree.check().ok());
    }
  }

  @Test
  void uniqueViolationIsFoundWhenTheKeySitsInAnotherLeaf() throws IOException {
    BTreeOptions options = BTreeOptions.of("u", ColumnType.BIGINT).asUnique();
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, dir.resolve("u.btree"), options)) {
      for (long k = 0; k < 5000; k++) {
        tree.insert(k, k);
      }
      assertTrue(tree.height() > 1);
      for (long k = 0; k < 5000; k += 97) {
        long key = k;
        assertThrows(UniqueViolationException.class, () -> tree.insert(key, key + 1));
      }
      assertEquals(5000, tree.size());
    }
  }

  @Test
  void lookupReturnsEveryAddressOfAKeySpreadOverManyLeaves() throws IOException {
    try (BTree tree = create("dups", ColumnType.INTEGER)) {
      for (int a = 2999; a >= 0; a--) {
        tree.insert(7, a);
        tree.insert(a % 5 == 0 ? 6 : 8, a);
      }
      long[] found = tree.lookup(7);
      assertEquals(3000, found.length);
      for (int i = 0; i < found.length; i++) {
        assertEquals(i, found[i]);
      }
      assertEquals(0, tree.lookup(5).length);
      assertTrue(tree.contains(7, 1234));
      assertFalse(tree.contains(7, 3000));
      assertTrue(tree.check().ok());
    }
  }

  @Test
  void cursorSeeksAndStepsBothWays() throws IOException {
    try (BTree tree = create("c", ColumnType.BIGINT)) {
      for (long k = 0; k < 2000; k += 2) {
        tree.insert(k, k * 10);
      }
      BTreeCursor cursor = tree.cursor();
      assertTrue(cursor.seek(501L));
      assertEquals(502L, cursor.key());
      assertTrue(cursor.seek(502L));
      assertEquals(502L, cursor.key());
      assertTrue(cursor.seekAfter(502L));
      assertEquals(504L, cursor.key());
      assertTrue(cursor.seekBefore(502L));
      assertEquals(500L, cursor.key());
      assertTrue(cursor.seekAtOrBefore(502L));
      assertEquals(502L, cursor.key());
      assertEquals(5020L, cursor.address());
      assertTrue(cursor.previous());
      assertEquals(500L, cursor.key());
      assertTrue(cursor.next());
      assertTrue(cursor.next());
      assertEquals(504L, cursor.key());
      assertFalse(cursor.seekAfter(1998L), "nothing after the last key");
      assertFalse(cursor.valid());
      assertFalse(cursor.next(), "an invalid cursor does not move");
      assertFalse(cursor.seekBefore(0L), "nothing before the first key");
      assertTrue(cursor.seekLast());
      assertEquals(1998L, cursor.key());
      assertFalse(cursor.next());
      assertTrue(cursor.seekFirst());
      assertEquals(0L, cursor.key());
      assertFalse(cursor.previous());
      // A walk over every entry crosses all the leaves in both directions.
      int forward = 0;
      for (boolean on = cursor.seekFirst(); on; on = cursor.next()) {
        forward++;
      }
      int backward = 0;
      for (boolean on = cursor.seekLast(); on; on = cursor.previous()) {
        backward++;
      }
      assertEquals(1000, forward);
      assertEquals(1000, backward);
    }
  }

  @Test
  void changingTheTreeInvalidatesOpenCursors() throws IOException {
    try (BTree tree = create("c", ColumnType.BIGINT)) {
      tree.insert(1L, 1);
      tree.insert(2L, 2);
      BTreeCursor cursor = tree.cursor();
      assertTrue(cursor.seekFirst());
      tree.insert(3L, 3);
      assertThrows(ConcurrentModificationException.class, cursor::next);
      assertTrue(cursor.seek(3L), "a new seek works on the changed tree");
      assertEquals(3L, cursor.key());
    }
  }

  @Test
  void doubleKeysFoldNegativeZeroAndSortNanLast() throws IOException {
    try (BTree tree = create("d", ColumnType.DOUBLE)) {
      tree.insert(-0.0, 1);
      tree.insert(0.0, 2);
      tree.insert(Double.NaN, 3);
      tree.insert(Double.POSITIVE_INFINITY, 4);
      tree.insert(-1.5, 5);
      tree.insert(null, 6);
      assertArrayEquals(new long[] {1, 2}, tree.lookup(0.0));
      assertArrayEquals(new long[] {1, 2}, tree.lookup(-0.0));
      List<Object> keys = new ArrayList<>();
      IndexScan scan = tree.scan(null, null, false);
      while (scan.next()) {
        keys.add(scan.key());
      }
      assertEquals(
          List.of(-1.5, 0.0, 0.0, Double.POSITIVE_INFINITY, Double.NaN), keys.subList(1, 6));
      assertNull(keys.get(0), "NULL sorts first");
      IndexScan above = tree.scan(KeyBound.exclusive(Double.POSITIVE_INFINITY), null, false);
      assertTrue(above.next());
      assertTrue(Double.isNaN((Double) above.key()));
    }
  }

  @Test
  void keysOfTheWrongTypeAreRefusedNamingTheIndex() throws IOException {
    try (BTree tree = create("by_qty", ColumnType.BIGINT)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> tree.insert("abc", 1));
      assertTrue(e.getMessage().contains("'by_qty'"), e.getMessage());
      assertTrue(e.getMessage().contains("expects BIGINT, got VARCHAR 'abc'"), e.getMessage());
      assertTrue(tree.insert(5, 1), "an Integer is widened to BIGINT");
      assertArrayEquals(new long[] {1}, tree.lookup(5L));
    }
  }

  @Test
  void flushMarksTheFileCleanWithTheAppliedPosition() throws IOException {
    Path path = dir.resolve("p.btree");
    BTreeOptions options = BTreeOptions.of("p", ColumnType.DATE);
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options)) {
      assertTrue(tree.isClean());
      tree.insert(19_000, 1);
      assertFalse(tree.isClean());
      assertFalse(BTree.readHeader(LocalFileIO.INSTANCE, path).clean());
      tree.flush(42);
      assertTrue(tree.isClean());
      IndexHeader header = BTree.readHeader(LocalFileIO.INSTANCE, path);
      assertTrue(header.clean());
      assertEquals(42, header.appliedPosition());
      assertEquals(1, header.entryCount());
      assertEquals(ColumnType.DATE, header.keyType());
    }
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      assertEquals(42, tree.appliedPosition());
      assertArrayEquals(new long[] {1}, tree.lookup(LocalDate.ofEpochDay(19_000)));
    }
  }

  @Test
  void theCacheStaysWithinItsSizeAndWritesEvictedPages() throws IOException {
    Path path = dir.resolve("small-cache.btree");
    BTreeOptions options = BTreeOptions.of("s", ColumnType.BIGINT).withCachePages(16);
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options)) {
      for (long k = 0; k < 20_000; k++) {
        tree.insert(k * 7919 % 20_000, k);
        assertTrue(tree.cachedPages() <= 16);
      }
      assertTrue(tree.pageCount() > 40, "the tree is larger than the cache");
    }
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      assertEquals(20_000, tree.size());
      assertTrue(tree.check().ok());
      assertEquals(1, tree.lookup(12_345L).length);
    }
  }

  @Test
  void pageDumpListsEveryPageWithItsKindKeysAndLinks() throws IOException {
    try (BTree tree = create("dump", ColumnType.BIGINT)) {
      for (long k = 0; k < 1000; k++) {
        tree.insert(k, k);
      }
      tree.delete(5L, 5);
      List<PageInfo> pages = tree.pages();
      assertEquals(tree.pageCount() - 1, pages.size(), "every page but the header");
      PageInfo root = pages.get(0);
      assertEquals("internal", root.kind());
      assertEquals(1, root.level());
      List<PageInfo> leaves = pages.stream().filter(p -> p.kind().equals("leaf")).toList();
      assertEquals("BIGINT 0", leaves.get(0).firstKey());
      assertEquals("BIGINT 999", leaves.get(leaves.size() - 1).lastKey());
      assertEquals(0, leaves.get(0).prev());
      assertEquals(leaves.get(1).pageId(), leaves.get(0).next());
      int entries = leaves.stream().mapToInt(PageInfo::keyCount).sum();
      assertEquals(999, entries);
      IndexStats stats = tree.check().stats();
      assertEquals(999, stats.entries());
      assertEquals(leaves.size(), stats.leafPages());
      assertTrue(stats.leafFill() > 0.5 && stats.leafFill() <= 1.0, "fill " + stats.leafFill());
    }
  }

  @Test
  void readersOnOtherThreadsSeeEveryEntryWhileAWriterInserts() throws Exception {
    BTreeOptions options = BTreeOptions.of("shared", ColumnType.BIGINT).withCachePages(16);
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, dir.resolve("shared.btree"), options)) {
      for (long k = 0; k < 2000; k++) {
        tree.insert(k * 2, k);
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          readers.add(
              pool.submit(
                  () -> {
                    int found = 0;
                    for (int i = 0; i < 4000; i++) {
                      long k = (i * 7919L) % 2000;
                      // Even keys were there before the writer started and are never deleted.
                      assertArrayEquals(new long[] {k}, tree.lookup(k * 2));
                      found++;
                    }
                    return found;
                  }));
        }
        Future<?> writer =
            pool.submit(
                () -> {
                  for (long k = 0; k < 4000; k++) {
                    tree.insert(k * 2 + 1, k);
                  }
                });
        writer.get();
        for (Future<Integer> reader : readers) {
          assertEquals(4000, reader.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(6000, tree.size());
      assertTrue(tree.check().ok());
    }
  }
}
