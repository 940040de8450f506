package io.backtracedb.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.column.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;

/** Shared pieces of the index tests: random keys per type, the oracle's order, comparisons. */
final class IndexTestSupport {
  private IndexTestSupport() {}

  /** An entry as the oracle holds it: a key in the engine's representation and an address. */
  record Entry(Object key, long address) {}

  /** The engine's order of keys (NULL first, doubles as Values.compareDoubles), then address. */
  static final Comparator<Entry> ORDER =
      (a, b) -> {
        int c = compareKeys(a.key(), b.key());
        return c != 0 ? c : Long.compare(a.address(), b.address());
      };

  static int compareKeys(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return Values.compare(a, b);
  }

  /** A fresh oracle. */
  static NavigableSet<Entry> oracle() {
    return new TreeSet<>(ORDER);
  }

  /** The seed of a randomized test: {@code -Dbacktrace.seed} or a fresh one. */
  static long seed() {
    Long fixed = Long.getLong("backtrace.seed");
    return fixed != null ? fixed : new Random().nextLong();
  }

  /** How long VARCHAR keys are. */
  enum Width {
    /** A few characters. */
    SHORT,
    /** 250 to 470 characters: inline, but few per page, so trees grow deep. */
    WIDE,
    /** 0 to 470 characters: separators of very different sizes replace each other. */
    MIXED,
    /** One key in five needs overflow pages (900 to 5,900 characters). */
    LONG
  }

  /**
   * A random key of {@code type} from a domain of about {@code domain} values (so keys repeat),
   * NULL now and then; {@code width} sets the length of VARCHAR keys.
   */
  static Object randomKey(Random random, ColumnType type, int domain, Width width) {
    if (random.nextInt(40) == 0) {
      return null;
    }
    int n = random.nextInt(domain);
    return switch (type) {
      case BOOLEAN -> n % 2 == 0;
      case INTEGER, DATE ->
          random.nextInt(20) == 0
              ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
              : n - domain / 2;
      case BIGINT, TIMESTAMP ->
          random.nextInt(20) == 0
              ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
              : (long) (n - domain / 2) * 1_000_003L;
      case DOUBLE -> randomDouble(random, n, domain);
      case VARCHAR -> randomString(random, n, width);
    };
  }

  private static double randomDouble(Random random, int n, int domain) {
    return switch (random.nextInt(16)) {
      case 0 -> Double.NaN;
      case 1 -> -0.0;
      case 2 -> 0.0;
      case 3 -> Double.NEGATIVE_INFINITY;
      case 4 -> Double.POSITIVE_INFINITY;
      case 5 -> random.nextBoolean() ? Double.MIN_VALUE : -Double.MAX_VALUE;
      default -> (n - domain / 2) * 0.25;
    };
  }

  private static String randomString(Random random, int n, Width width) {
    StringBuilder s = new StringBuilder("k").append(n);
    if (random.nextInt(10) == 0) {
      s.append('\u00e9').append('\u4e2d'); // 2- and 3-byte encodings
    }
    if (random.nextInt(30) == 0) {
      s.append("\ud83d\ude00"); // a surrogate pair sorts below U+E000..U+FFFF in UTF-16 order
    }
    if (random.nextInt(30) == 0) {
      s.append('\uffee');
    }
    int length =
        switch (width) {
          case SHORT -> 0;
          case WIDE -> 250 + (n * 7919) % 220;
          case MIXED -> n % 3 == 0 ? 0 : (n * 7919) % 470;
          case LONG -> n % 5 == 0 ? 900 + (n * 7919) % 5_000 : 0;
        };
    // The padding is a function of n: the same n gives the same key, so wide keys repeat too.
    Random fixed = new Random(n);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + fixed.nextInt(26)));
    }
    return s.toString();
  }

  /** The entries of a scan, in the order it returned them. */
  static List<Entry> drain(IndexScan scan) {
    List<Entry> out = new ArrayList<>();
    while (scan.next()) {
      out.add(new Entry(scan.key(), scan.address()));
    }
    return out;
  }

  /** Asserts two entry lists are equal in the engine's order of keys (-0.0 equals 0.0). */
  static void assertEntries(List<Entry> expected, List<Entry> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + ": entry count");
    for (int i = 0; i < expected.size(); i++) {
      Entry e = expected.get(i);
      Entry a = actual.get(i);
      assertTrue(
          ORDER.compare(e, a) == 0, what + ": entry " + i + " expected " + e + " but was " + a);
    }
  }

  /** Asserts the tree holds exactly the oracle's entries and passes its check. */
  static void assertSameContent(NavigableSet<Entry> oracle, BTree tree, String what) {
    assertEntries(new ArrayList<>(oracle), drain(tree.scan(null, null, false)), what + " (scan)");
    assertEquals(oracle.size(), tree.size(), what + ": size");
    IndexCheck check = tree.check();
    assertTrue(check.ok(), what + ": check found " + check.problems());
    assertEquals(oracle.size(), check.stats().entries(), what + ": checked entries");
  }
}
