package io.backtracedb.index;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.StorageException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages of one open index file: a bounded LRU cache of decoded leaf and internal pages, page
 * allocation with a free list, overflow chains for long keys, and the header with its clean/dirty
 * protocol.
 *
 * <p>Crash policy: before the first change after open or flush, the header is rewritten as dirty
 * and forced; {@link #flush} writes every dirty page, forces, then writes the header as clean and
 * forces again. Pages evicted from the cache are written at once (the header is already dirty).
 * Overflow and free pages are written when they are created, not cached.
 *
 * <p>Guarded by its own monitor, which {@link BTree} and {@link BTreeCursor} hold around every
 * call. Any I/O error while changing the file makes it unusable until reopened ({@link
 * #failIfBroken}).
 */
final class TreeFile implements Closeable {
  final Path path;
  final String name;
  final PageLayout layout;
  final KeyCodec keys;
  final boolean unique;
  private final PageFile file;
  private final NodeCodec codec;
  private final int cachePages;
  private final NodeCache cache = new NodeCache();
  private final NodeCodec.ChainReader chains = this::readChain;

  /** The pages {@link #leaf} reads leaves into for cursors, used in turn. */
  private final RawLeaf.Slot[] leafSlots = new RawLeaf.Slot[2];

  private int nextSlot;

  /** Counts leaf loads: tells a cursor's view whether its slot still holds its page. */
  private long leafStamps;

  int root;
  int height;
  int pageCount;
  long entryCount;
  long appliedPosition;
  private int freeHead;
  private int freeCount;
  private boolean cleanOnDisk;
  private RuntimeException broken;

  /** Bumped by every change; cursors compare it to notice a change under them. */
  long modCount;

  private TreeFile(FileIO io, Path path, PageFile file, IndexHeader header, BTreeOptions options) {
    this.path = path;
    this.name = options.name();
    this.layout = new PageLayout(header.pageSize(), header.payloads());
    this.keys = new KeyCodec(header.keyType());
    this.unique = header.unique();
    this.file = file;
    this.codec = new NodeCodec(layout, path);
    this.cachePages = options.cachePages();
    this.root = header.root();
    this.height = header.height();
    this.pageCount = header.pageCount();
    this.freeHead = header.freeHead();
    this.freeCount = header.freeCount();
    this.entryCount = header.entryCount();
    this.appliedPosition = header.appliedPosition();
    this.cleanOnDisk = header.clean();
  }

  /** Creates a new file holding an empty tree (one empty leaf), clean and forced. */
  static TreeFile create(FileIO io, Path path, BTreeOptions options) throws IOException {
    IndexHeader header =
        new IndexHeader(
            options.pageSize(),
            true,
            options.keyType(),
            options.unique(),
            options.payloads(),
            1,
            1,
            2,
            0,
            0,
            0,
            0);
    io.create(path).close();
    PageFile file = PageFile.open(io, path, options.pageSize());
    TreeFile tree = new TreeFile(io, path, file, header.withClean(false), options);
    Node leaf = new Node(tree.layout, 1, true, 0, 4);
    leaf.dirty = true;
    tree.cache.put(leaf);
    tree.flush(0);
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      io.syncDirectory(parent);
    }
    return tree;
  }

  /**
   * Opens an existing file.
   *
   * @throws DirtyIndexException when it was changed and not flushed
   * @throws CorruptionException when its header is damaged or its length does not match
   */
  static TreeFile open(FileIO io, Path path, BTreeOptions options) throws IOException {
    IndexHeader header = IndexHeader.read(io, path);
    if (!header.clean()) {
      throw new DirtyIndexException(path);
    }
    long expected = (long) header.pageCount() * header.pageSize();
    long size = io.size(path);
    if (size != expected) {
      throw new CorruptionException(
          path,
          Math.min(size, expected),
          "file is "
              + size
              + " bytes but the header counts "
              + header.pageCount()
              + " pages of "
              + header.pageSize()
              + (size < expected ? " (truncated file)" : ""));
    }
    return new TreeFile(io, path, PageFile.open(io, path, header.pageSize()), header, options);
  }

  /** The header as it stands in memory. */
  IndexHeader header(boolean clean) {
    return new IndexHeader(
        layout.pageSize(),
        clean,
        keys.type(),
        unique,
        layout.payloads(),
        root,
        height,
        pageCount,
        freeHead,
        freeCount,
        entryCount,
        appliedPosition);
  }

  ColumnType keyType() {
    return keys.type();
  }

  int freeCount() {
    return freeCount;
  }

  int freeHead() {
    return freeHead;
  }

  NodeCodec codec() {
    return codec;
  }

  PageFile pages() {
    return file;
  }

  /** Throws the error that broke this file, if any: a file that failed a change is not reused. */
  void failIfBroken() {
    if (broken != null) {
      throw new StorageException(
          "cannot use index '" + name + "' (" + path + "): an earlier change failed; reopen it",
          broken);
    }
  }

  /** Whether an earlier change failed. */
  boolean isBroken() {
    return broken != null;
  }

  /** Records that a change failed half-way; returns an unchecked error to throw. */
  RuntimeException breakOn(String action, Throwable error) {
    RuntimeException thrown =
        error instanceof RuntimeException runtime
            ? runtime
            : new StorageException(
                "cannot " + action + " index '" + name + "' (" + path + "): " + error.getMessage(),
                error);
    broken = thrown;
    return thrown;
  }

  /** Wraps a read error (nothing changed). */
  StorageException readError(IOException error) {
    return new StorageException(
        "cannot read index '" + name + "' (" + path + "): " + error.getMessage(), error);
  }

  /** Call before the first change of an operation: marks the header dirty on disk if it is not. */
  void beginChange() throws IOException {
    failIfBroken();
    modCount++;
    if (cleanOnDisk) {
      cleanOnDisk = false;
      writeHeader();
      file.force();
    }
  }

  private void writeHeader() throws IOException {
    file.write(BTreeFormat.HEADER_PAGE, header(cleanOnDisk).encode());
  }

  /** The leaf or internal page {@code pageId}, expected at {@code level} (-1: any). */
  Node node(int pageId, int level) throws IOException {
    Node node = cache.get(pageId);
    if (node == null) {
      if (pageId < 1 || pageId >= pageCount) {
        throw new CorruptionException(path, -1, "link to page " + pageId + " outside the file");
      }
      node = codec.decode(file.read(pageId), pageId, level, pageCount, chains);
      cache.put(node);
    } else if (level >= 0 && node.level != level) {
      throw codec.corrupt(
          file.offsetOf(pageId), pageId, "level " + node.level + " found, " + level + " expected");
    }
    return node;
  }

  /**
   * Leaf {@code pageId} for a cursor: the cached node when there is one (it may hold changes not
   * yet written), else the page searched in its bytes, which is not cached.
   */
  LeafView leaf(int pageId) throws IOException {
    Node node = cache.get(pageId);
    if (node != null) {
      if (!node.leaf) {
        throw codec.corrupt(
            file.offsetOf(pageId), pageId, "level " + node.level + " found, 0 expected");
      }
      return node;
    }
    if (pageId < 1 || pageId >= pageCount) {
      throw new CorruptionException(path, -1, "link to page " + pageId + " outside the file");
    }
    // Two slots in turn: a cursor stepping to the next leaf still holds the one it leaves.
    if (leafSlots[nextSlot] == null) {
      leafSlots[nextSlot] = new RawLeaf.Slot(layout.pageSize());
    }
    RawLeaf.Slot slot = leafSlots[nextSlot];
    nextSlot ^= 1;
    loadLeaf(slot, pageId);
    return new RawLeaf(this, slot);
  }

  /**
   * Loads leaf {@code pageId} into {@code slot} again for a view whose slot was reused since; an
   * I/O error or damage found now makes the read fail like any other.
   */
  void reloadLeaf(RawLeaf.Slot slot, int pageId) {
    try {
      loadLeaf(slot, pageId);
    } catch (IOException e) {
      throw readError(e);
    }
  }

  private void loadLeaf(RawLeaf.Slot slot, int pageId) throws IOException {
    ByteBuffer mapped = file.mapped(pageId);
    if (mapped != null) {
      slot.use(mapped);
    } else {
      file.readInto(pageId, slot.heapPage());
    }
    slot.parse(pageId, pageCount, layout, codec, chains, ++leafStamps);
  }

  /** A new empty page, cached and dirty. */
  Node newNode(boolean leaf, int level, int capacity) throws IOException {
    Node node = new Node(layout, allocate(), leaf, level, capacity);
    node.dirty = true;
    cache.put(node);
    return node;
  }

  /** Marks a page changed; it is written on eviction or flush. */
  void dirty(Node node) {
    node.dirty = true;
    cache.putIfAbsent(node);
  }

  /** Releases a page that left the tree (its keys' chains are the caller's business). */
  void release(Node node) throws IOException {
    cache.remove(node.pageId);
    freePage(node.pageId);
  }

  private int allocate() throws IOException {
    if (freeCount > 0) {
      int page = freeHead;
      freeHead = codec.checkKind(file.read(page), page, BTreeFormat.KIND_FREE, pageCount);
      freeCount--;
      if ((freeCount == 0) != (freeHead == 0)) {
        throw new CorruptionException(
            path, file.offsetOf(page), "free list length does not match the header's count");
      }
      return page;
    }
    return pageCount++;
  }

  private void freePage(int pageId) throws IOException {
    file.write(pageId, codec.encodeFree(pageId, freeHead));
    freeHead = pageId;
    freeCount++;
  }

  /** Writes {@code key} to a new overflow chain; returns its first page (0 for an inline key). */
  int writeChain(byte[] key) throws IOException {
    int pages = layout.overflowPages(key.length);
    if (pages == 0) {
      return 0;
    }
    int[] ids = new int[pages];
    for (int i = 0; i < pages; i++) {
      ids[i] = allocate();
    }
    int space = layout.overflowSpace();
    for (int i = 0; i < pages; i++) {
      int from = i * space;
      int n = Math.min(space, key.length - from);
      int next = i + 1 < pages ? ids[i + 1] : 0;
      file.write(ids[i], codec.encodeOverflow(ids[i], next, key, from, n));
    }
    return ids[0];
  }

  /** The key of {@code length} bytes stored in the chain starting at {@code first}. */
  byte[] readChain(int first, int length, int ownerPage) throws IOException {
    byte[] key = new byte[length];
    List<Integer> seen = chainPages(first, length, key);
    if (seen.isEmpty()) {
      throw new CorruptionException(path, -1, "empty overflow chain of page " + ownerPage);
    }
    return key;
  }

  /** Frees the overflow chain of a key that left the tree (no-op for an inline key). */
  void freeChain(int first, int length) throws IOException {
    if (first == 0) {
      return;
    }
    for (int page : chainPages(first, length, null)) {
      freePage(page);
    }
  }

  /**
   * Walks an overflow chain, checking each page's kind, id, byte count and the chain's length;
   * copies the bytes into {@code into} when it is not null. Returns the chain's pages in order.
   */
  List<Integer> chainPages(int first, int length, byte[] into) throws IOException {
    List<Integer> pages = new ArrayList<>();
    int expectedPages = layout.overflowPages(length);
    int space = layout.overflowSpace();
    int page = first;
    int at = 0;
    while (page != 0) {
      if (pages.size() == expectedPages || page >= pageCount) {
        throw new CorruptionException(
            path, file.offsetOf(first), "overflow chain from page " + first + " is too long");
      }
      ByteBuffer bytes = file.read(page);
      int next = codec.checkKind(bytes, page, BTreeFormat.KIND_OVERFLOW, pageCount);
      int n = bytes.getInt(BTreeFormat.P_USED);
      int want = Math.min(space, length - at);
      if (n != want) {
        throw codec.corrupt(
            file.offsetOf(page) + BTreeFormat.P_USED,
            page,
            "overflow page holds " + n + " bytes, " + want + " expected");
      }
      if (into != null) {
        bytes.get(BTreeFormat.PAGE_HEADER, into, at, n);
      }
      at += n;
      pages.add(page);
      page = next;
    }
    if (at != length) {
      throw new CorruptionException(
          path, file.offsetOf(first), "overflow chain from page " + first + " ends early");
    }
    return pages;
  }

  /** Evicts least recently used pages beyond the cache size, writing the dirty ones. */
  void trim() throws IOException {
    if (cache.size() <= cachePages) {
      return;
    }
    cache.evictBeyond(
        cachePages,
        node -> {
          if (node.dirty) {
            write(node);
          }
        });
  }

  private void write(Node node) throws IOException {
    file.write(node.pageId, codec.encode(node));
    node.dirty = false;
  }

  /**
   * Makes the file clean: writes dirty pages in page order, forces, writes the clean header with
   * {@code position}, forces. Does nothing when the file is clean at the same position.
   */
  void flush(long position) throws IOException {
    failIfBroken();
    if (cleanOnDisk && position == appliedPosition) {
      return;
    }
    List<Node> dirty = new ArrayList<>();
    for (Node node : cache.values()) {
      if (node.dirty) {
        dirty.add(node);
      }
    }
    dirty.sort((a, b) -> Integer.compare(a.pageId, b.pageId));
    for (Node node : dirty) {
      write(node);
    }
    file.force();
    appliedPosition = position;
    cleanOnDisk = true;
    writeHeader();
    file.force();
  }

  /** Whether the header on disk says clean. */
  boolean cleanOnDisk() {
    return cleanOnDisk;
  }

  /** Pages in the cache now. */
  int cachedPages() {
    return cache.size();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
