package io.backtracedb.index;

import static io.backtracedb.index.IndexTestSupport.assertEntries;
import static io.backtracedb.index.IndexTestSupport.assertSameContent;
import static io.backtracedb.index.IndexTestSupport.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.index.IndexTestSupport.Entry;
import io.backtracedb.index.IndexTestSupport.Width;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random inserts, deletes, lookups, range scans, flushes and reopens against a sorted-set oracle,
 * for every key type, with small pages and a small cache so that splits, merges, evictions and
 * overflow chains all happen in a few thousand operations.
 */
class BTreeModelTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("BIGINT", ColumnType.BIGINT, 3000, Width.SHORT, 2),
        Arguments.of("INTEGER few keys", ColumnType.INTEGER, 40, Width.SHORT, 2),
        Arguments.of("DOUBLE", ColumnType.DOUBLE, 800, Width.SHORT, 2),
        Arguments.of("VARCHAR", ColumnType.VARCHAR, 2000, Width.SHORT, 2),
        Arguments.of("VARCHAR wide keys", ColumnType.VARCHAR, 2000, Width.WIDE, 4),
        Arguments.of("VARCHAR mixed widths", ColumnType.VARCHAR, 3000, Width.MIXED, 3),
        Arguments.of("VARCHAR long keys", ColumnType.VARCHAR, 300, Width.LONG, 2),
        Arguments.of("TIMESTAMP", ColumnType.TIMESTAMP, 5000, Width.SHORT, 2),
        Arguments.of("DATE", ColumnType.DATE, 500, Width.SHORT, 2),
        Arguments.of("BOOLEAN", ColumnType.BOOLEAN, 2, Width.SHORT, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void randomOperationsMatchASortedSetAcrossFlushesAndReopens(
      String label, ColumnType type, int domain, Width width, int minHeight) throws IOException {
    long seed = IndexTestSupport.seed();
    try {
      int reached = run(new Random(seed), type, domain, width);
      assertTrue(reached >= minHeight, "the tree only grew to height " + reached);
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError(label + " failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  /** Runs the phases; returns the greatest height the tree reached. */
  private int run(Random random, ColumnType type, int domain, Width width) throws IOException {
    int maxHeight = 0;
    Path path = dir.resolve("model.btree");
    BTreeOptions options = BTreeOptions.of("model", type).withPageSize(4096).withCachePages(16);
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options);
    try {
      for (int phase = 0; phase < 6; phase++) {
        // Grow in early phases, shrink in later ones, so merges and root demotion happen too.
        int insertShare = phase < 3 ? 70 : 30;
        for (int op = 0; op < (width == Width.LONG ? 500 : 1200); op++) {
          int dice = random.nextInt(100);
          if (dice < insertShare) {
            Object key = IndexTestSupport.randomKey(random, type, domain, width);
            long address = random.nextInt(50);
            boolean added = oracle.add(new Entry(key, address));
            assertEquals(added, tree.insert(key, address), "insert " + key + " @" + address);
          } else if (dice < 90) {
            Entry victim = pickOrInvent(random, oracle, type, domain, width);
            boolean removed = oracle.remove(victim);
            assertEquals(removed, tree.delete(victim.key(), victim.address()), "delete " + victim);
          } else if (dice < 95) {
            Object key = IndexTestSupport.randomKey(random, type, domain, width);
            assertArrayEquals(expectedAddresses(oracle, key), tree.lookup(key), "lookup " + key);
          } else {
            checkRandomRange(random, oracle, tree, type, domain, width);
          }
        }
        assertSameContent(oracle, tree, "phase " + phase);
        maxHeight = Math.max(maxHeight, tree.height());
        switch (phase % 3) {
          case 0 -> tree.flush(phase + 1);
          case 1 -> {
            tree.close();
            tree = BTree.open(LocalFileIO.INSTANCE, path, options);
            assertSameContent(oracle, tree, "reopened after phase " + phase);
          }
          default -> {
            tree.flush(100 + phase);
            tree.close();
            assertEquals(
                100 + phase, BTree.readHeader(LocalFileIO.INSTANCE, path).appliedPosition());
            tree = BTree.open(LocalFileIO.INSTANCE, path, options);
          }
        }
      }
      // Delete everything in random order, checking the structure as it shrinks level by level;
      // the tree ends as one empty leaf and stays usable.
      List<Entry> remaining = new ArrayList<>(oracle);
      Collections.shuffle(remaining, random);
      int deleted = 0;
      for (Entry e : remaining) {
        assertEquals(true, tree.delete(e.key(), e.address()), "final delete " + e);
        oracle.remove(e);
        if (++deleted % 400 == 0) {
          assertSameContent(oracle, tree, "after " + deleted + " final deletes");
        }
      }
      assertSameContent(oracle, tree, "emptied");
      assertEquals(1, tree.height());
      return maxHeight;
    } finally {
      tree.close();
    }
  }

  private static Entry pickOrInvent(
      Random random, NavigableSet<Entry> oracle, ColumnType type, int domain, Width width) {
    if (!oracle.isEmpty() && random.nextInt(4) != 0) {
      Entry probe = new Entry(IndexTestSupport.randomKey(random, type, domain, width), 0);
      Entry found = oracle.ceiling(probe);
      return found != null ? found : oracle.first();
    }
    return new Entry(IndexTestSupport.randomKey(random, type, domain, width), random.nextInt(50));
  }

  private static long[] expectedAddresses(NavigableSet<Entry> oracle, Object key) {
    return oracle
        .subSet(new Entry(key, Long.MIN_VALUE), true, new Entry(key, Long.MAX_VALUE), true)
        .stream()
        .mapToLong(Entry::address)
        .toArray();
  }

  private static void checkRandomRange(
      Random random,
      NavigableSet<Entry> oracle,
      BTree tree,
      ColumnType type,
      int domain,
      Width width) {
    Object low = IndexTestSupport.randomKey(random, type, domain, width);
    Object high = IndexTestSupport.randomKey(random, type, domain, width);
    if (IndexTestSupport.compareKeys(low, high) > 0) {
      Object t = low;
      low = high;
      high = t;
    }
    boolean hasLow = random.nextInt(5) != 0;
    boolean hasHigh = random.nextInt(5) != 0;
    boolean lowInclusive = random.nextBoolean();
    boolean highInclusive = random.nextBoolean();
    boolean descending = random.nextBoolean();
    List<Entry> expected = new ArrayList<>();
    for (Entry e : oracle) {
      int cl = hasLow ? IndexTestSupport.compareKeys(e.key(), low) : 1;
      int ch = hasHigh ? IndexTestSupport.compareKeys(e.key(), high) : -1;
      if ((cl > 0 || (cl == 0 && lowInclusive)) && (ch < 0 || (ch == 0 && highInclusive))) {
        expected.add(e);
      }
    }
    if (descending) {
      Collections.reverse(expected);
    }
    KeyBound lower = hasLow ? new KeyBound(low, lowInclusive) : null;
    KeyBound upper = hasHigh ? new KeyBound(high, highInclusive) : null;
    assertEntries(
        expected,
        drain(tree.scan(lower, upper, descending)),
        "scan " + lower + " .. " + upper + (descending ? " descending" : ""));
  }
}
