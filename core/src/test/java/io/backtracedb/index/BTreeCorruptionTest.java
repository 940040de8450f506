package io.backtracedb.index;

import static io.backtracedb.index.IndexTestSupport.assertEntries;
import static io.backtracedb.index.IndexTestSupport.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backtracedb.BacktraceException;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.index.IndexTestSupport.Entry;
import io.backtracedb.index.IndexTestSupport.Width;
import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged index files: every kind of damage gives a {@link CorruptionException} (at open, during a
 * scan, or from {@link BTree#check}) or the right entries, never wrong ones.
 */
class BTreeCorruptionTest {
  private static final int PAGE = 4096;
  private static final BTreeOptions OPTIONS =
      BTreeOptions.of("damaged", ColumnType.VARCHAR).withPageSize(PAGE).withCachePages(512);

  @TempDir static Path shared;
  @TempDir Path dir;

  private static byte[] original;
  private static List<Entry> expected;
  private static List<Object> probes;
  private static List<PageInfo> pageList;

  /** A tree with leaves, internal pages, overflow chains and free pages, flushed and closed. */
  @BeforeAll
  static void writeIndex() throws IOException {
    Path path = shared.resolve("base.btree");
    Random random = new Random(11);
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, path, OPTIONS)) {
      for (int i = 0; i < 500; i++) {
        Entry e =
            new Entry(
                IndexTestSupport.randomKey(random, ColumnType.VARCHAR, 200, Width.LONG),
                random.nextInt(100));
        oracle.add(e);
        tree.insert(e.key(), e.address());
      }
      for (Entry e : new ArrayList<>(oracle).subList(0, 100)) {
        tree.delete(e.key(), e.address());
        oracle.remove(e);
      }
      tree.flush(99);
      pageList = tree.pages();
    }
    original = Files.readAllBytes(path);
    expected = new ArrayList<>(oracle);
    probes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      probes.add(IndexTestSupport.randomKey(random, ColumnType.VARCHAR, 400, Width.LONG));
    }
    for (String kind : List.of("leaf", "internal", "overflow", "free")) {
      assertTrue(pageList.stream().anyMatch(p -> p.kind().equals(kind)), "no " + kind + " page");
    }
  }

  private static int firstPageOf(String kind) {
    return pageList.stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow().pageId();
  }

  private static UnaryOperator<byte[]> flipBit(long byteOffset, int bit) {
    return bytes -> {
      bytes[(int) byteOffset] ^= (byte) (1 << bit);
      return bytes;
    };
  }

  private static UnaryOperator<byte[]> inPage(String kind, int offsetInPage) {
    return bytes -> flipBit((long) firstPageOf(kind) * PAGE + offsetInPage, 3).apply(bytes);
  }

  private static UnaryOperator<byte[]> putInt(int offset, int value) {
    return bytes -> {
      ByteBuffer.wrap(bytes).putInt(offset, value);
      return bytes;
    };
  }

  static Stream<Arguments> damage() {
    return Stream.of(
        Arguments.of("bit flip in the header's root field", flipBit(BTreeFormat.H_ROOT + 3, 0)),
        Arguments.of("bit flip in the header's checksum", flipBit(1, 5)),
        Arguments.of("bit flip in a leaf's cells", inPage("leaf", 100)),
        Arguments.of("bit flip in a leaf's link", inPage("leaf", BTreeFormat.P_LINK_B + 3)),
        Arguments.of("bit flip in an internal page", inPage("internal", 40)),
        Arguments.of("bit flip in an overflow page", inPage("overflow", 2000)),
        Arguments.of("bit flip in a free page", inPage("free", BTreeFormat.P_LINK_A + 2)),
        Arguments.of("bit flip in the unused end of a leaf", inPage("leaf", PAGE - 1)),
        Arguments.of(
            "zeroed leaf page",
            (UnaryOperator<byte[]>)
                bytes -> {
                  int at = firstPageOf("leaf") * PAGE;
                  Arrays.fill(bytes, at, at + PAGE, (byte) 0);
                  return bytes;
                }),
        Arguments.of(
            "two leaves swapped",
            (UnaryOperator<byte[]>)
                bytes -> {
                  List<PageInfo> leaves =
                      pageList.stream().filter(p -> p.kind().equals("leaf")).toList();
                  int a = leaves.get(0).pageId() * PAGE;
                  int b = leaves.get(1).pageId() * PAGE;
                  byte[] first = Arrays.copyOfRange(bytes, a, a + PAGE);
                  System.arraycopy(bytes, b, bytes, a, PAGE);
                  System.arraycopy(first, 0, bytes, b, PAGE);
                  return bytes;
                }),
        Arguments.of(
            "truncated by one page",
            (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, bytes.length - PAGE)),
        Arguments.of(
            "truncated in the middle of a page",
            (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, bytes.length - PAGE / 2)),
        Arguments.of(
            "truncated inside the header",
            (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, 10)),
        Arguments.of("empty file", (UnaryOperator<byte[]>) bytes -> new byte[0]),
        Arguments.of(
            "bytes appended",
            (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, bytes.length + 1)),
        Arguments.of("bad magic", putInt(BTreeFormat.H_MAGIC, 0x50415231)),
        Arguments.of("wrong version", putInt(BTreeFormat.H_VERSION, 2)),
        Arguments.of("page size changed", putInt(BTreeFormat.H_PAGE_SIZE, 8192)),
        Arguments.of("page size invalid", putInt(BTreeFormat.H_PAGE_SIZE, 5000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  void damageIsReportedAndNeverReadAsWrongEntries(String label, UnaryOperator<byte[]> damage)
      throws IOException {
    assertTrue(
        outcome(damage.apply(original.clone())) != Outcome.CORRECT_UNDETECTED,
        label + " went unnoticed");
  }

  /** A change to the base index that dies part-way. */
  @FunctionalInterface
  interface Interruption {
    void run(FaultInjectingFileIO io, BTree tree) throws IOException;
  }

  private static void insertSome(BTree tree) {
    for (int i = 0; i < 300; i++) {
      tree.insert("added " + i, i);
    }
  }

  static Stream<Arguments> interruptions() {
    return Stream.of(
        Arguments.of(
            "dirty header after an unflushed change",
            (Interruption) (io, tree) -> insertSome(tree)),
        Arguments.of(
            "torn header write while marking the file dirty",
            (Interruption)
                (io, tree) -> {
                  io.inject(Fault.tearNthWrite(1, 10));
                  insertSome(tree);
                }),
        Arguments.of(
            "torn page write during flush",
            (Interruption)
                (io, tree) -> {
                  insertSome(tree);
                  io.inject(Fault.tearNthWrite(2, 1000));
                  tree.flush(100);
                }),
        Arguments.of(
            "failed force between the pages and the clean header",
            (Interruption)
                (io, tree) -> {
                  insertSome(tree);
                  io.inject(Fault.failNth(Op.FORCE, 1));
                  tree.flush(100);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interruptions")
  void anInterruptedChangeLeavesAFileThatOpenRefuses(String label, Interruption interruption)
      throws IOException {
    Path path = dir.resolve("interrupted.btree");
    Files.write(path, original);
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    BTree tree = BTree.open(io, path, OPTIONS);
    try {
      interruption.run(io, tree);
    } catch (BacktraceException e) {
      // The injected fault; the process dies right after, without flush or close.
    }
    boolean injected = !label.startsWith("dirty");
    assertEquals(
        injected, io.calls().stream().anyMatch(FaultInjectingFileIO.Call::failed), "fault fired");
    // Whatever reached the file stays (a process crash rather than a power loss).
    io.simulateCrash(new Random(1), CrashMode.KEEP);
    assertEquals(Outcome.ERROR, outcome(path), label);
  }

  @Test
  void aCleanHeaderMarkedDirtyIsRefusedAsDirty() throws IOException {
    Path path = dir.resolve("dirty.btree");
    Files.write(path, original);
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, OPTIONS)) {
      tree.insert("new key", 1);
      // The process dies here: neither flush nor close runs; the header was marked dirty first.
      IndexHeader header = BTree.readHeader(LocalFileIO.INSTANCE, path);
      assertTrue(!header.clean());
      assertEquals(99, header.appliedPosition());
      DirtyIndexException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              DirtyIndexException.class, () -> BTree.open(LocalFileIO.INSTANCE, path, OPTIONS));
      assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
      tree.flush();
    }
  }

  @Test
  void everyOneOfAThousandRandomBitFlipsIsDetected() throws IOException {
    long seed = IndexTestSupport.seed();
    Random random = new Random(seed);
    Path copy = dir.resolve("flipped.btree");
    Files.write(copy, original);
    for (int i = 0; i < 1000; i++) {
      int offset = random.nextInt(original.length);
      int bit = random.nextInt(8);
      Outcome outcome;
      try {
        // Flip the bit in place and back: rewriting the whole file per trial is what costs.
        flipInPlace(copy, offset, bit);
        outcome = outcome(copy);
        flipInPlace(copy, offset, bit);
      } catch (AssertionError e) {
        throw new AssertionError("flip of bit " + bit + " at " + offset + ", seed " + seed, e);
      }
      assertTrue(
          outcome != Outcome.CORRECT_UNDETECTED,
          "flip of bit "
              + bit
              + " at "
              + offset
              + " went unnoticed (-Dbacktrace.seed="
              + seed
              + ")");
    }
  }

  @Test
  void aLeafDamagedOnDiskIsReportedByTheLookupAfterAPreload() throws IOException {
    Path path = dir.resolve("preloaded.btree");
    BTreeOptions options = BTreeOptions.of("preloaded", ColumnType.BIGINT).withPageSize(PAGE);
    int leaf = writeKeys(path, options, 2_000, 0, 3);
    flipInPlace(path, leaf * PAGE + PAGE / 2, 0);
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      assertEquals(Files.size(path), tree.preload());
      assertEquals(
          1L, drain(tree.scan(KeyBound.inclusive(1L), KeyBound.inclusive(1L), false)).size());
      CorruptionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CorruptionException.class, () -> drain(tree.scan(null, null, false)));
      assertTrue(e.getMessage().contains("checksum mismatch in page " + leaf), e.getMessage());
    }
  }

  @Test
  void aCellDamagedBehindAValidChecksumIsReportedWhenReached() throws IOException {
    Path path = dir.resolve("cells.btree");
    BTreeOptions options = BTreeOptions.of("cells", ColumnType.BIGINT).withPageSize(PAGE);
    int leaf = writeKeys(path, options, 50, 1000, 0);
    // Give the last of the leaf's 50 cells a key length of 0, and the page a checksum that
    // matches: only the walk over the cells can notice.
    byte[] bytes = Files.readAllBytes(path);
    ByteBuffer page = ByteBuffer.wrap(bytes, leaf * PAGE, PAGE).slice();
    assertEquals(50, page.getShort(BTreeFormat.P_COUNT) & 0xFFFF);
    int at = BTreeFormat.PAGE_HEADER;
    for (int cell = 0; cell < 49; cell++) {
      at += BTreeFormat.LEAF_CELL_FIXED + page.getInt(at);
    }
    page.putInt(at, 0);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, leaf * PAGE + 4, PAGE - 4);
    page.putInt(BTreeFormat.P_CRC, (int) crc.getValue());
    Files.write(path, bytes);

    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      // A seek that stops before the damaged cell reads right entries only.
      IndexScan first = tree.scan(KeyBound.inclusive(3L), KeyBound.inclusive(3L), false);
      assertTrue(first.next());
      assertEquals(3L, first.key());
      assertEquals(1003L, first.address());
      // A walk that reaches it fails, naming the damage, and never returns it as an entry.
      IndexScan all = tree.scan(null, null, false);
      CorruptionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CorruptionException.class,
              () -> {
                for (long k = 0; all.next(); k++) {
                  assertEquals(k, all.key());
                }
              });
      assertTrue(e.getMessage().contains("key length 0"), e.getMessage());
      assertTrue(!tree.check().ok(), "the integrity check reports the damaged leaf");
    }
  }

  /**
   * Writes a clean index at {@code path} of keys 0..count-1, each at address {@code key + offset};
   * returns the page id of its leaf number {@code leafNumber} (0: the first in page order).
   */
  private static int writeKeys(
      Path path, BTreeOptions options, long count, long offset, int leafNumber) throws IOException {
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options)) {
      for (long k = 0; k < count; k++) {
        tree.insert(k, k + offset);
      }
      tree.flush(1);
      return tree.pages().stream()
          .filter(p -> p.kind().equals("leaf"))
          .skip(leafNumber)
          .findFirst()
          .get()
          .pageId();
    }
  }

  /** What reading a damaged file gave. */
  private enum Outcome {
    /** A typed error at open or while reading. */
    ERROR,
    /** Correct entries, and check() reported the damage. */
    CORRECT_DETECTED,
    /** Correct entries, and check() found nothing. */
    CORRECT_UNDETECTED
  }

  /**
   * Opens and reads {@code bytes} as an index; fails the test on wrong entries or untyped errors.
   */
  private static void flipInPlace(Path path, int offset, int bit) throws IOException {
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.position(0);
      channel.write(one, offset);
    }
  }

  private Outcome outcome(byte[] bytes) throws IOException {
    Path path = dir.resolve("copy.btree");
    Files.write(path, bytes);
    return outcome(path);
  }

  /**
   * Opens and reads {@code path} as an index; fails the test on wrong entries or untyped errors.
   */
  private Outcome outcome(Path path) throws IOException {
    BTree tree;
    try {
      tree = BTree.open(LocalFileIO.INSTANCE, path, OPTIONS);
    } catch (CorruptionException e) {
      assertTrue(e.getMessage().contains(path.toString()), "names the file: " + e.getMessage());
      return Outcome.ERROR;
    }
    try {
      List<Entry> ascending = drain(tree.scan(null, null, false));
      assertEntries(expected, ascending, "ascending scan of a damaged file");
      List<Entry> descending = drain(tree.scan(null, null, true));
      List<Entry> reversed = new ArrayList<>(expected);
      Collections.reverse(reversed);
      assertEntries(reversed, descending, "descending scan of a damaged file");
      for (Object key : probes) {
        long[] want =
            expected.stream()
                .filter(e -> IndexTestSupport.compareKeys(e.key(), key) == 0)
                .mapToLong(Entry::address)
                .toArray();
        assertArrayEquals(want, tree.lookup(key), "lookup in a damaged file");
      }
      IndexCheck check = tree.check();
      return check.ok() ? Outcome.CORRECT_UNDETECTED : Outcome.CORRECT_DETECTED;
    } catch (CorruptionException e) {
      return Outcome.ERROR;
    } catch (RuntimeException e) {
      fail("an untyped error from a damaged file", e);
      return Outcome.ERROR;
    } finally {
      // Nothing was changed: closing only releases the file.
      tree.close();
    }
  }
}
