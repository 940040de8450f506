package io.backtracedb.index;

import io.backtracedb.ColumnType;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a new index from entries given in ascending (key, address) order: leaves are filled left
 * to right to a fill factor and written once, then each internal level is built from the first
 * entries of the level below, bottom-up. No page is read back and none is written twice, which is
 * what makes it much faster than inserting one entry at a time.
 *
 * <p>{@link #finish} writes the clean header and returns the opened tree. Closing a builder that
 * was not finished leaves a file without a valid header (a zero magic), which open refuses. Not
 * thread-safe.
 */
public final class BTreeBuilder implements Closeable {
  private final FileIO io;
  private final Path path;
  private final BTreeOptions options;
  private final PageLayout layout;
  private final KeyCodec keys;
  private final NodeCodec codec;
  private final PageFile file;
  private final int fillLimit;
  private final Level firstEntries = new Level();
  private int nextPage = 1;
  private Node leaf;
  private long entries;
  private byte[] lastKey;
  private long lastAddress;
  private boolean done;

  BTreeBuilder(FileIO io, Path path, BTreeOptions options, double fillFactor) throws IOException {
    if (!(fillFactor >= 0.5 && fillFactor <= 1.0)) {
      throw new IllegalArgumentException("fillFactor must be from 0.5 to 1.0, got " + fillFactor);
    }
    this.io = io;
    this.path = path;
    this.options = options;
    this.layout = new PageLayout(options.pageSize(), options.payloads());
    this.keys = new KeyCodec(options.keyType());
    this.codec = new NodeCodec(layout, path);
    this.fillLimit = (int) (layout.cellSpace() * fillFactor);
    io.create(path).close();
    this.file = PageFile.open(io, path, options.pageSize());
    this.leaf = new Node(layout, nextPage++, true, 0, 256);
  }

  /**
   * Appends the next entry.
   *
   * @throws IllegalArgumentException when (key, address) is not above the previous entry, or the
   *     key does not fit the key type
   * @throws UniqueViolationException in a unique index, when a non-NULL key repeats
   */
  public void append(Object key, long address) throws IOException {
    append(key, address, null);
  }

  /**
   * Appends the next entry with its payload, which the leaf keeps when the tree carries payloads
   * and the cell stays small enough (see docs/format/btree.md); otherwise the entry has none.
   *
   * @throws IllegalArgumentException when (key, address) is not above the previous entry, or the
   *     key does not fit the key type
   * @throws UniqueViolationException in a unique index, when a non-NULL key repeats
   */
  public void append(Object key, long address, byte[] payload) throws IOException {
    byte[] encoded;
    try {
      encoded = keys.encode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot build index '" + options.name() + "': key " + e.getMessage(), e);
    }
    appendEncoded(encoded, address, payload);
  }

  /** {@link #append} for a BIGINT or TIMESTAMP key, without boxing. */
  public void appendLong(long key, long address) throws IOException {
    ColumnType type = keys.type();
    if (type != ColumnType.BIGINT && type != ColumnType.TIMESTAMP) {
      throw new IllegalArgumentException(
          "cannot build index '" + options.name() + "': appendLong on a " + type + " index");
    }
    appendEncoded(KeyCodec.encodeLong(key), address, null);
  }

  private void appendEncoded(byte[] key, long address, byte[] payload) throws IOException {
    if (done) {
      throw new IllegalStateException("cannot append to index '" + options.name() + "': finished");
    }
    if (lastKey != null) {
      int c = Entries.compare(lastKey, lastAddress, key, address);
      if (c >= 0) {
        throw new IllegalArgumentException(
            "cannot build index '"
                + options.name()
                + "': entry ("
                + keys.describe(key)
                + ", "
                + address
                + ") is not above the previous entry ("
                + keys.describe(lastKey)
                + ", "
                + lastAddress
                + ")");
      }
      if (options.unique() && !(key.length == 1 && key[0] == 0) && Arrays.equals(lastKey, key)) {
        throw new UniqueViolationException(
            options.name(), keys.decode(key), keys.describe(key), lastAddress, address);
      }
    }
    byte[] kept = layout.keptPayload(key.length, payload);
    if (leaf.count > 0 && leaf.usedBytes + layout.leafCellSize(key.length, kept) > fillLimit) {
      Node next = new Node(layout, nextPage++, true, 0, leaf.count);
      leaf.next = next.pageId;
      next.prev = leaf.pageId;
      write(leaf);
      leaf = next;
    }
    leaf.insert(leaf.count, key, address, writeChain(key), 0, kept);
    if (leaf.count == 1) {
      firstEntries.add(key, address, leaf.pageId);
    }
    entries++;
    lastKey = key;
    lastAddress = address;
  }

  /**
   * Writes the last leaf, the internal levels and the clean header with {@code appliedPosition},
   * forces the file, and opens it.
   */
  public BTree finish(long appliedPosition) throws IOException {
    if (done) {
      throw new IllegalStateException("index '" + options.name() + "' is already finished");
    }
    done = true;
    try {
      write(leaf);
      int height = 1;
      Level level = firstEntries;
      int root = leaf.pageId;
      while (level.size > 1) {
        level = buildLevel(level, height);
        root = level.ids[0];
        height++;
      }
      IndexHeader header =
          new IndexHeader(
              layout.pageSize(),
              true,
              keys.type(),
              options.unique(),
              options.payloads(),
              root,
              height,
              nextPage,
              0,
              0,
              entries,
              appliedPosition);
      // The header goes last, after the pages it describes are durable.
      file.force();
      file.write(BTreeFormat.HEADER_PAGE, header.encode());
      file.force();
    } finally {
      file.close();
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      io.syncDirectory(parent);
    }
    return BTree.open(io, path, options);
  }

  /** Builds the internal pages over {@code below}; returns their first entries and page ids. */
  private Level buildLevel(Level below, int level) throws IOException {
    List<int[]> groups = new ArrayList<>();
    int start = 0;
    while (start < below.size) {
      int used = 0;
      int end = start + 1;
      while (end < below.size
          && used + layout.internalCellSize(below.keys[end].length) <= fillLimit) {
        used += layout.internalCellSize(below.keys[end].length);
        end++;
      }
      groups.add(new int[] {start, end});
      start = end;
    }
    // An internal page needs two children: a lone last child joins its left neighbour's group.
    int last = groups.size() - 1;
    if (last > 0 && groups.get(last)[1] - groups.get(last)[0] == 1) {
      int[] before = groups.get(last - 1);
      if (before[1] - before[0] >= 3) {
        before[1]--;
        groups.get(last)[0]--;
      } else {
        before[1] = groups.get(last)[1];
        groups.remove(last);
      }
    }
    Level above = new Level();
    for (int[] group : groups) {
      Node node = new Node(layout, nextPage++, false, level, group[1] - group[0]);
      node.children[0] = below.ids[group[0]];
      for (int j = group[0] + 1; j < group[1]; j++) {
        node.append(below.keys[j], below.addresses[j], writeChain(below.keys[j]), below.ids[j]);
      }
      write(node);
      above.add(below.keys[group[0]], below.addresses[group[0]], node.pageId);
    }
    return above;
  }

  private int writeChain(byte[] key) throws IOException {
    int pages = layout.overflowPages(key.length);
    if (pages == 0) {
      return 0;
    }
    int first = nextPage;
    nextPage += pages;
    int space = layout.overflowSpace();
    for (int i = 0; i < pages; i++) {
      int from = i * space;
      int next = i + 1 < pages ? first + i + 1 : 0;
      file.write(
          first + i,
          codec.encodeOverflow(first + i, next, key, from, Math.min(space, key.length - from)));
    }
    return first;
  }

  private void write(Node node) throws IOException {
    file.write(node.pageId, codec.encode(node));
  }

  /** Closes the file; a builder not finished leaves an invalid file behind. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      file.close();
    }
  }

  /** The first entry and page id of each page of one level, in key order. */
  private static final class Level {
    byte[][] keys = new byte[64][];
    long[] addresses = new long[64];
    int[] ids = new int[64];
    int size;

    void add(byte[] key, long address, int id) {
      if (size == ids.length) {
        keys = Arrays.copyOf(keys, size * 2);
        addresses = Arrays.copyOf(addresses, size * 2);
        ids = Arrays.copyOf(ids, size * 2);
      }
      keys[size] = key;
      addresses[size] = address;
      ids[size] = id;
      size++;
    }
  }
}
