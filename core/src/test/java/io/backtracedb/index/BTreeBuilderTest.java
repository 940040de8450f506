package io.backtracedb.index;

import static io.backtracedb.index.IndexTestSupport.assertEntries;
import static io.backtracedb.index.IndexTestSupport.assertSameContent;
import static io.backtracedb.index.IndexTestSupport.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.index.IndexTestSupport.Entry;
import io.backtracedb.index.IndexTestSupport.Width;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BTreeBuilderTest {
  @TempDir Path dir;

  private BTree build(String name, BTreeOptions options, Iterable<Entry> entries, double fill)
      throws IOException {
    try (BTreeBuilder builder =
        BTree.build(LocalFileIO.INSTANCE, dir.resolve(name + ".btree"), options, fill)) {
      for (Entry e : entries) {
        builder.append(e.key(), e.address());
      }
      return builder.finish(7);
    }
  }

  private BTree insertAll(String name, BTreeOptions options, Iterable<Entry> entries)
      throws IOException {
    BTree tree = BTree.create(LocalFileIO.INSTANCE, dir.resolve(name + ".btree"), options);
    for (Entry e : entries) {
      tree.insert(e.key(), e.address());
    }
    return tree;
  }

  @Test
  void bulkBuildHoldsTheSameEntriesAsInsertingOneByOne() throws IOException {
    long seed = IndexTestSupport.seed();
    try {
      Random random = new Random(seed);
      for (Width width : Width.values()) {
        NavigableSet<Entry> oracle = IndexTestSupport.oracle();
        for (int i = 0; i < 3000; i++) {
          oracle.add(
              new Entry(
                  IndexTestSupport.randomKey(random, ColumnType.VARCHAR, 1500, width),
                  random.nextInt(1000)));
        }
        BTreeOptions options = BTreeOptions.of("b", ColumnType.VARCHAR).withPageSize(4096);
        try (BTree built = build("built-" + width, options, oracle, 0.9);
            BTree inserted = insertAll("inserted-" + width, options, oracle)) {
          assertSameContent(oracle, built, "built " + width);
          assertEntries(
              drain(inserted.scan(null, null, false)),
              drain(built.scan(null, null, false)),
              "same");
          assertEntries(
              drain(inserted.scan(null, null, true)), drain(built.scan(null, null, true)), "desc");
          assertEquals(7, built.appliedPosition());
          for (int i = 0; i < 50; i++) {
            Object key = IndexTestSupport.randomKey(random, ColumnType.VARCHAR, 1500, width);
            assertArrayEquals(inserted.lookup(key), built.lookup(key), "lookup " + key);
          }
          // A built tree takes changes like any other.
          for (Entry e : new ArrayList<>(oracle).subList(0, 1000)) {
            assertTrue(built.delete(e.key(), e.address()));
            oracle.remove(e);
          }
          built.insert("zzz", 1);
          oracle.add(new Entry("zzz", 1));
          assertSameContent(oracle, built, "built then changed " + width);
        }
      }
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @Test
  void bulkBuildOfManyWideKeysGrowsSeveralLevels() throws IOException {
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    Random random = new Random(3);
    for (int i = 0; i < 4000; i++) {
      oracle.add(
          new Entry(IndexTestSupport.randomKey(random, ColumnType.VARCHAR, 5000, Width.WIDE), i));
    }
    BTreeOptions options = BTreeOptions.of("wide", ColumnType.VARCHAR).withPageSize(4096);
    try (BTree tree = build("wide", options, oracle, 1.0)) {
      assertTrue(tree.height() >= 4, "height " + tree.height());
      assertSameContent(oracle, tree, "wide");
    }
  }

  @Test
  void emptyBuildGivesAnEmptyUsableTree() throws IOException {
    BTreeOptions options = BTreeOptions.of("e", ColumnType.BIGINT);
    try (BTree tree = build("e", options, List.of(), 0.9)) {
      assertEquals(0, tree.size());
      assertEquals(1, tree.height());
      assertEquals(2, tree.pageCount());
      assertTrue(tree.check().ok());
      assertEquals(0, drain(tree.scan(null, null, false)).size());
      tree.insert(1L, 1);
      assertArrayEquals(new long[] {1}, tree.lookup(1L));
    }
  }

  @Test
  void oneEntryBuildsARootLeaf() throws IOException {
    BTreeOptions options = BTreeOptions.of("one", ColumnType.BIGINT);
    try (BTree tree = build("one", options, List.of(new Entry(5L, 9)), 0.9)) {
      assertEquals(1, tree.height());
      assertArrayEquals(new long[] {9}, tree.lookup(5L));
      assertTrue(tree.delete(5L, 9));
      assertEquals(0, tree.size());
      assertTrue(tree.check().ok());
    }
  }

  @Test
  void exactlyOnePageOfEntriesFitsInTheRootLeafAndOneMoreSplitsIt() throws IOException {
    // A BIGINT cell is 12 fixed bytes plus a 9-byte key; 8168 bytes of cells hold 388 of them.
    int perPage = (8192 - 24) / 21;
    List<Entry> page = new ArrayList<>();
    for (long k = 0; k < perPage; k++) {
      page.add(new Entry(k, k));
    }
    BTreeOptions options = BTreeOptions.of("p", ColumnType.BIGINT);
    try (BTree built = build("built", options, page, 1.0);
        BTree inserted = insertAll("inserted", options, page)) {
      assertEquals(1, built.height());
      assertEquals(1, inserted.height());
      assertEquals(1.0, built.check().stats().leafFill(), 0.01);
      inserted.insert((long) perPage, 0);
      assertEquals(2, inserted.height());
      assertTrue(inserted.check().ok());
    }
    page.add(new Entry((long) perPage, 0));
    try (BTree built = build("built-plus-one", options, page, 1.0)) {
      assertEquals(2, built.height());
      assertEquals(perPage + 1, built.size());
      assertTrue(built.check().ok());
    }
  }

  @Test
  void deletingEverythingThenReinsertingReusesTheFreedPages() throws IOException {
    BTreeOptions options = BTreeOptions.of("r", ColumnType.BIGINT);
    List<Entry> entries = new ArrayList<>();
    for (long k = 0; k < 20_000; k++) {
      entries.add(new Entry(k, k));
    }
    try (BTree tree = build("r", options, entries, 0.9)) {
      int pages = tree.pageCount();
      for (Entry e : entries) {
        assertTrue(tree.delete(e.key(), e.address()));
      }
      assertEquals(1, tree.height());
      IndexCheck emptied = tree.check();
      assertTrue(emptied.ok(), emptied.problems().toString());
      assertEquals(pages - 2, emptied.stats().freePages(), "all but the header and root are free");
      for (Entry e : entries) {
        assertTrue(tree.insert(e.key(), e.address()));
      }
      assertTrue(tree.pageCount() <= pages + 2, "freed pages were reused: " + tree.pageCount());
      assertTrue(tree.check().ok());
      assertEquals(20_000, tree.size());
    }
  }

  @Test
  void lowerFillFactorLeavesRoomInEveryLeaf() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (long k = 0; k < 10_000; k++) {
      entries.add(new Entry(k, 0));
    }
    BTreeOptions options = BTreeOptions.of("f", ColumnType.BIGINT);
    try (BTree full = build("full", options, entries, 1.0);
        BTree roomy = build("roomy", options, entries, 0.6)) {
      double fullFill = full.check().stats().leafFill();
      double roomyFill = roomy.check().stats().leafFill();
      assertTrue(fullFill > 0.97, "fill " + fullFill);
      assertTrue(roomyFill > 0.55 && roomyFill < 0.62, "fill " + roomyFill);
    }
  }

  @Test
  void entriesOutOfOrderAreRefused() throws IOException {
    BTreeOptions options = BTreeOptions.of("o", ColumnType.BIGINT);
    try (BTreeBuilder builder =
        BTree.build(LocalFileIO.INSTANCE, dir.resolve("o.btree"), options, 0.9)) {
      builder.appendLong(5, 1);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> builder.appendLong(4, 1));
      assertTrue(e.getMessage().contains("'o'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> builder.appendLong(5, 1));
      builder.appendLong(5, 2);
    }
  }

  @Test
  void uniqueBuildRefusesARepeatedKey() throws IOException {
    BTreeOptions options = BTreeOptions.of("ub", ColumnType.BIGINT).asUnique();
    try (BTreeBuilder builder =
        BTree.build(LocalFileIO.INSTANCE, dir.resolve("ub.btree"), options, 0.9)) {
      builder.append(null, 1);
      builder.append(null, 2);
      builder.append(5L, 1);
      assertThrows(UniqueViolationException.class, () -> builder.append(5L, 2));
    }
  }
}
