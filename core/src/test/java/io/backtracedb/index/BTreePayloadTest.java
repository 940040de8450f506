package io.backtracedb.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.index.IndexTestSupport.Entry;
import io.backtracedb.index.IndexTestSupport.Width;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees whose leaf cells carry payloads (format version 2): random inserts and deletes with
 * payloads of every size against an oracle, across splits, merges, flushes and reopens; bulk
 * builds; and the version and flag in the header.
 */
class BTreePayloadTest {
  @TempDir Path dir;

  /** Small payloads always fit a 4 KiB page's cell; payloads this long never do. */
  private static final int SMALL = 40;

  private static final int TOO_LONG = 600;

  @Test
  void payloadsFollowTheirEntriesThroughSplitsMergesAndReopens() throws IOException {
    long seed = IndexTestSupport.seed();
    try {
      runModel(new Random(seed), ColumnType.VARCHAR, Width.MIXED, 3);
      runModel(new Random(seed + 1), ColumnType.BIGINT, Width.SHORT, 2);
    } catch (AssertionError | IOException | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  private void runModel(Random random, ColumnType type, Width width, int minHeight)
      throws IOException {
    Path path = dir.resolve("payload-" + type + ".btree");
    BTreeOptions options =
        BTreeOptions.of("covering", type).withPageSize(4096).withCachePages(16).withPayloads();
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options);
    int maxHeight = 0;
    try {
      for (int phase = 0; phase < 6; phase++) {
        int insertShare = phase < 3 ? 75 : 30;
        for (int op = 0; op < 1500; op++) {
          if (random.nextInt(100) < insertShare) {
            Object key = IndexTestSupport.randomKey(random, type, 2000, width);
            long address = random.nextInt(50);
            boolean added = oracle.add(new Entry(key, address));
            assertEquals(added, tree.insert(key, address, payloadOf(key, address)));
          } else if (!oracle.isEmpty()) {
            Entry probe = new Entry(IndexTestSupport.randomKey(random, type, 2000, width), 0);
            Entry victim = oracle.ceiling(probe) != null ? oracle.ceiling(probe) : oracle.first();
            oracle.remove(victim);
            assertTrue(tree.delete(victim.key(), victim.address()), "delete " + victim);
          }
        }
        maxHeight = Math.max(maxHeight, tree.height());
        assertPayloads(oracle, tree, 4096, "phase " + phase);
        if (phase % 2 == 0) {
          tree.flush(phase);
        } else {
          tree.close();
          tree = BTree.open(LocalFileIO.INSTANCE, path, options);
          assertPayloads(oracle, tree, 4096, "reopened after phase " + phase);
        }
      }
      List<Entry> remaining = new ArrayList<>(oracle);
      Collections.shuffle(remaining, random);
      for (Entry e : remaining.subList(0, remaining.size() / 2)) {
        assertTrue(tree.delete(e.key(), e.address()));
        oracle.remove(e);
      }
      assertPayloads(oracle, tree, 4096, "after deleting half");
    } finally {
      tree.close();
    }
    assertTrue(maxHeight >= minHeight, "the tree only grew to height " + maxHeight);
  }

  @Test
  void aBulkBuiltTreeKeepsEveryPayloadThatFits() throws IOException {
    Path path = dir.resolve("built.btree");
    BTreeOptions options = BTreeOptions.of("built", ColumnType.BIGINT).withPayloads();
    NavigableSet<Entry> oracle = IndexTestSupport.oracle();
    try (BTreeBuilder builder = BTree.build(LocalFileIO.INSTANCE, path, options, 0.9)) {
      for (long k = 0; k < 20_000; k++) {
        builder.append(k, k * 3, payloadOf(k, k * 3));
        oracle.add(new Entry(k, k * 3));
      }
      builder.finish(7).close();
    }
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      assertTrue(tree.hasPayloads());
      assertTrue(tree.height() >= 2);
      assertPayloads(oracle, tree, BTreeFormat.DEFAULT_PAGE_SIZE, "built");
      assertTrue(tree.check().ok(), String.join("; ", tree.check().problems()));
    }
  }

  @Test
  void interleavedScansEachKeepTheirOwnLeaves() throws IOException {
    // Leaves read for cursors share two buffers: three scans stepping in turn, two of them
    // backwards, keep reusing each other's buffers and must still each see their own entries.
    Path path = dir.resolve("interleaved.btree");
    BTreeOptions options =
        BTreeOptions.of("i", ColumnType.BIGINT)
            .withPageSize(4096)
            .withCachePages(16)
            .withPayloads();
    try (BTreeBuilder builder = BTree.build(LocalFileIO.INSTANCE, path, options, 1.0)) {
      for (long k = 0; k < 30_000; k++) {
        builder.append(k, k, ByteBuffer.allocate(8).putLong(k * 7).array());
      }
      builder.finish(1).close();
    }
    try (BTree tree = BTree.open(LocalFileIO.INSTANCE, path, options)) {
      IndexScan up = tree.scan(KeyBound.inclusive(1000L), null, false);
      IndexScan down = tree.scan(null, KeyBound.inclusive(29_000L), true);
      IndexScan middle = tree.scan(null, KeyBound.exclusive(15_000L), true);
      long upKey = 1000;
      long downKey = 29_000;
      long middleKey = 14_999;
      for (int step = 0; step < 12_000; step++) {
        assertTrue(up.next() && down.next() && middle.next());
        assertEquals(upKey, up.key());
        assertEquals(downKey, down.key());
        assertEquals(middleKey, middle.key());
        assertEquals(upKey * 7, ByteBuffer.wrap(up.payload()).getLong(), "payload of " + upKey);
        assertEquals(downKey * 7, ByteBuffer.wrap(down.payload()).getLong(), "of " + downKey);
        upKey++;
        downKey--;
        middleKey--;
      }
    }
  }

  @Test
  void theHeaderSaysVersionTwoOnlyForTreesWithPayloads() throws IOException {
    Path plain = dir.resolve("plain.btree");
    Path covering = dir.resolve("covering.btree");
    BTree.create(LocalFileIO.INSTANCE, plain, BTreeOptions.of("p", ColumnType.BIGINT)).close();
    BTree.create(
            LocalFileIO.INSTANCE, covering, BTreeOptions.of("c", ColumnType.BIGINT).withPayloads())
        .close();
    assertEquals(BTreeFormat.VERSION, headerInt(plain, BTreeFormat.H_VERSION));
    assertEquals(BTreeFormat.VERSION_PAYLOADS, headerInt(covering, BTreeFormat.H_VERSION));
    assertTrue(BTree.readHeader(LocalFileIO.INSTANCE, covering).payloads());
    try (BTree tree =
        BTree.open(LocalFileIO.INSTANCE, plain, BTreeOptions.of("p", ColumnType.BIGINT))) {
      assertTrue(!tree.hasPayloads());
      tree.insert(5L, 1, new byte[] {1, 2, 3});
      BTreeCursor cursor = tree.cursor();
      assertTrue(cursor.seek(5L));
      assertNull(cursor.payload(), "a tree without payloads keeps none");
    }
    // A version 1 header that claims payloads (checksum intact) is refused, naming the field.
    try (FileChannel channel =
        FileChannel.open(plain, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(BTreeFormat.DEFAULT_PAGE_SIZE);
      channel.read(header, 0);
      header.put(BTreeFormat.H_PAYLOADS, (byte) 1);
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 4, header.capacity() - 4);
      header.putInt(0, (int) crc.getValue());
      channel.write(header.flip(), 0);
    }
    CorruptionException e =
        assertThrows(
            CorruptionException.class, () -> BTree.readHeader(LocalFileIO.INSTANCE, plain));
    assertTrue(e.getMessage().contains("payload flag 1"), e.getMessage());
  }

  private static int headerInt(Path path, int offset) throws IOException {
    try (FileChannel channel = FileChannel.open(path)) {
      ByteBuffer four = ByteBuffer.allocate(4);
      channel.read(four, offset);
      return four.getInt(0);
    }
  }

  /**
   * The payload stored with (key, address): its length and bytes follow from the entry, mostly
   * small, sometimes empty, sometimes too long for a cell.
   */
  private static byte[] payloadOf(Object key, long address) {
    Random r = new Random(31L * String.valueOf(key).hashCode() + address);
    int dice = r.nextInt(20);
    int length = dice == 0 ? 0 : dice == 1 ? TOO_LONG : 1 + r.nextInt(SMALL);
    byte[] payload = new byte[length];
    r.nextBytes(payload);
    return payload;
  }

  private static void assertPayloads(
      NavigableSet<Entry> oracle, BTree tree, int pageSize, String what) {
    PageLayout layout = new PageLayout(pageSize, true);
    IndexScan scan = tree.scan(null, null, false);
    Iterator<Entry> expected = oracle.iterator();
    int n = 0;
    while (scan.next()) {
      assertTrue(expected.hasNext(), what + ": more entries than the oracle");
      Entry e = expected.next();
      assertEquals(e.address(), scan.address(), what + ": address of entry " + n);
      byte[] want = payloadOf(e.key(), e.address());
      byte[] got = scan.payload();
      int keyLength = new KeyCodec(tree.keyType()).encode(e.key()).length;
      boolean fits = layout.keptPayload(keyLength, want) != null;
      if (keyLength <= 9 && want.length <= SMALL) {
        assertTrue(fits, "a short key's small payload always fits a cell");
      }
      if (layout.pageSize() == 4096 && want.length == TOO_LONG) {
        assertTrue(!fits, "a 600-byte payload never fits a 4 KiB page's cell");
      }
      if (fits) {
        assertNotNull(got, what + ": payload of entry " + n + " " + e);
        assertArrayEquals(want, got, what + ": payload of entry " + n + " " + e);
      } else {
        assertNull(got, what + ": a payload too long for its cell is not stored, entry " + n);
      }
      n++;
    }
    assertTrue(!expected.hasNext(), what + ": fewer entries than the oracle");
    IndexCheck check = tree.check();
    assertTrue(check.ok(), what + ": " + String.join("; ", check.problems()));
  }
}
