package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.IndexInfo;
import io.backtracedb.Schema;
import io.backtracedb.catalog.IndexEntry;
import io.backtracedb.index.BTree;
import io.backtracedb.index.BTreeBuilder;
import io.backtracedb.index.BTreeOptions;
import io.backtracedb.index.IndexScan;
import io.backtracedb.index.KeyBound;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One secondary index of a table inside the engine: its B+tree over the table's cold blocks, the
 * set of blocks whose entries the tree holds, and whether lookups may use it.
 *
 * <p>Invariant: for every block id in {@link #covered}, the tree holds exactly one entry per row of
 * that block. The tree may hold entries of other blocks (removed ones not yet purged); lookups
 * ignore them. Lookups hold the read lock while they walk the tree; changes hold the write lock
 * (and the table's manifest lock, which orders them with the manifest).
 *
 * <p>The header's applied position is the manifest's next block id when the tree was last flushed:
 * block ids never go back, so a tree flushed at the manifest's current next block id covers every
 * live block, and any other value means blocks were published that the tree misses.
 */
final class TableIndex {
  private static final System.Logger LOG = System.getLogger(TableIndex.class.getName());

  /** Leaves of a bulk-built tree are filled to this share, leaving room for later inserts. */
  private static final double BUILD_FILL = 0.9;

  /** Whether lookups may use the tree. */
  enum State {
    READY,
    STALE,
    BUILDING
  }

  final IndexEntry entry;
  final String table;
  final Path path;
  final int ordinal;
  final ColumnType type;

  /** The included columns' codec of a covering index; null when the index includes none. */
  final RowPayload payload;

  private final FileIO io;
  private final IndexPreloader preloader;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private BTree tree;
  private volatile Set<Long> covered = Set.of();
  private volatile State state = State.STALE;
  private final java.util.concurrent.atomic.AtomicLong scans =
      new java.util.concurrent.atomic.AtomicLong();
  private MemoryKeys memoryKeys;

  TableIndex(
      FileIO io,
      IndexPreloader preloader,
      IndexEntry entry,
      String table,
      Path path,
      Schema schema) {
    this.io = io;
    this.preloader = preloader;
    this.entry = entry;
    this.table = table;
    this.path = path;
    this.ordinal = schema.ordinalOf(entry.column());
    this.type = schema.column(ordinal).type();
    this.payload = entry.covering() ? new RowPayload(schema, entry.include()) : null;
  }

  String name() {
    return entry.name();
  }

  State state() {
    return state;
  }

  private BTreeOptions treeOptions() {
    BTreeOptions options = BTreeOptions.of(entry.name(), type);
    if (payload != null) {
      options = options.withPayloads();
    }
    return entry.unique() ? options.asUnique() : options;
  }

  /**
   * Opens the tree when its file is clean and was flushed at {@code nextBlockId}; returns false
   * (leaving the index stale) when it is missing, dirty, damaged or behind.
   */
  boolean openIfCurrent(List<ColdBlock> cold, long nextBlockId) {
    try {
      if (!io.exists(path)) {
        return false;
      }
      if (BTree.readHeader(io, path).appliedPosition() != nextBlockId) {
        return false;
      }
      BTree opened = BTree.open(io, path, treeOptions());
      if (opened.appliedPosition() != nextBlockId
          || opened.keyType() != type
          || opened.hasPayloads() != (payload != null)) {
        opened.close();
        return false;
      }
      install(opened, blockIds(cold));
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, "index " + path + " cannot be used: " + e.getMessage());
      return false;
    }
  }

  /**
   * Builds the tree from the key column of {@code cold} (the table's live blocks; the caller holds
   * the manifest lock) through a temporary file renamed into place, and makes it ready.
   *
   * @throws io.backtracedb.index.UniqueViolationException when a unique index finds a duplicate
   */
  void rebuild(Schema schema, List<ColdBlock> cold, long nextBlockId) throws IOException {
    state = State.BUILDING;
    Path temp = path.resolveSibling(path.getFileName() + AtomicFile.TEMP_SUFFIX);
    try {
      IndexKeys.Entries entries = IndexKeys.read(cold, schema, ordinal, payload);
      entries.sort();
      try (BTreeBuilder builder = BTree.build(io, temp, treeOptions(), BUILD_FILL)) {
        for (int i = 0; i < entries.size; i++) {
          builder.append(entries.keys[i], entries.addresses[i], entries.payload(i));
        }
        CrashPoints.reach(CrashPoints.INDEX_BUILD_BEFORE_FINISH);
        builder.finish(nextBlockId).close();
      }
      io.rename(temp, path);
      io.syncDirectory(path.getParent());
      install(BTree.open(io, path, treeOptions()), blockIds(cold));
    } catch (IOException | RuntimeException e) {
      state = State.STALE;
      try {
        io.delete(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void install(BTree opened, Set<Long> blocks) {
    lock.writeLock().lock();
    try {
      closeTree();
      tree = opened;
      covered = blocks;
      state = State.READY;
      preloader.submit(this, opened, opened.fileBytes());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static Set<Long> blockIds(List<ColdBlock> cold) {
    Set<Long> ids = new HashSet<>();
    for (ColdBlock block : cold) {
      ids.add(block.meta().id());
    }
    return Set.copyOf(ids);
  }

  /**
   * Applies a manifest change (caller holds the manifest lock): inserts the entries of {@code
   * added} blocks, deletes those of {@code removed} ones (their files still referenced), and
   * flushes the tree at {@code nextBlockId}. A failure leaves the index stale (bypassed).
   */
  void apply(Schema schema, List<ColdBlock> added, List<ColdBlock> removed, long nextBlockId) {
    if (state != State.READY) {
      return;
    }
    lock.writeLock().lock();
    try {
      Set<Long> next = new HashSet<>(covered);
      IndexKeys.Entries gone = IndexKeys.read(removed, schema, ordinal, null);
      for (int i = 0; i < gone.size; i++) {
        tree.delete(gone.keys[i], gone.addresses[i]);
      }
      for (ColdBlock block : removed) {
        next.remove(block.meta().id());
      }
      // Until the flush below, the covered set must not name blocks whose entries are missing.
      covered = Set.copyOf(next);
      IndexKeys.Entries fresh = IndexKeys.read(added, schema, ordinal, payload);
      fresh.sort();
      for (int i = 0; i < fresh.size; i++) {
        tree.insert(fresh.keys[i], fresh.addresses[i], fresh.payload(i));
      }
      CrashPoints.reach(CrashPoints.INDEX_APPLY_BEFORE_FLUSH);
      tree.flush(nextBlockId);
      for (ColdBlock block : added) {
        next.add(block.meta().id());
      }
      covered = Set.copyOf(next);
    } catch (IOException | RuntimeException e) {
      state = State.STALE;
      LOG.log(
          System.Logger.Level.WARNING,
          "index '" + entry.name() + "' of table '" + table + "' is stale until rebuilt",
          e);
      // A half-applied tree must never be trusted again: the next open rebuilds a missing file.
      closeTree();
      try {
        io.delete(path);
      } catch (IOException suppressed) {
        LOG.log(System.Logger.Level.WARNING, "cannot delete stale index " + path, suppressed);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stops lookups from using the tree until it is rebuilt (the integrity check found damage). */
  void markStale() {
    state = State.STALE;
  }

  /** Whether the tree holds every entry of block {@code blockId}. */
  boolean covers(long blockId) {
    return covered.contains(blockId);
  }

  /**
   * Entries an index lookup found.
   *
   * @param covered the blocks whose entries the tree holds
   * @param addresses the matching entries' addresses, ascending, each once
   * @param keys the matching entries' keys, by address; null unless the index is covering
   * @param payloads the matching entries' payloads (null where an entry has none), by address; null
   *     unless the index is covering
   */
  record Hits(Set<Long> covered, long[] addresses, Object[] keys, byte[][] payloads) {}

  /**
   * The entries of {@code keys} (NULL allowed) or, when {@code keys} is null, of the range {@code
   * lower}..{@code upper} (null: unbounded); null when the index is not ready or more than {@code
   * limit} entries match (counting stops there, so a lookup that will not be used stays cheap).
   */
  Hits lookup(List<Object> keys, KeyBound lower, KeyBound upper, long limit) {
    lock.readLock().lock();
    try {
      if (state != State.READY) {
        return null;
      }
      long[] found = new long[16];
      Object[] keysFound = payload == null ? null : new Object[16];
      byte[][] payloadsFound = payload == null ? null : new byte[16][];
      int count = 0;
      int ranges = keys == null ? 1 : keys.size();
      for (int r = 0; r < ranges; r++) {
        IndexScan scan =
            keys == null
                ? tree.scan(lower, upper, false)
                : tree.scan(
                    KeyBound.inclusive(keys.get(r)), KeyBound.inclusive(keys.get(r)), false);
        while (scan.next()) {
          if (count == limit) {
            return null;
          }
          if (count == found.length) {
            found = Arrays.copyOf(found, count * 2);
            if (payloadsFound != null) {
              keysFound = Arrays.copyOf(keysFound, count * 2);
              payloadsFound = Arrays.copyOf(payloadsFound, count * 2);
            }
          }
          if (payloadsFound != null) {
            keysFound[count] = scan.key();
            payloadsFound[count] = scan.payload();
          }
          found[count++] = scan.address();
        }
      }
      if (payloadsFound != null) {
        return byAddress(found, keysFound, payloadsFound, count);
      }
      // Several keys (IN) give several ascending runs; one order groups them by block, and a key
      // listed twice gives its entries twice.
      Arrays.sort(found, 0, count);
      int distinct = 0;
      for (int i = 0; i < count; i++) {
        if (distinct == 0 || found[distinct - 1] != found[i]) {
          found[distinct++] = found[i];
        }
      }
      return new Hits(covered, Arrays.copyOf(found, distinct), null, null);
    } catch (RuntimeException e) {
      state = State.STALE;
      LOG.log(System.Logger.Level.WARNING, "index '" + entry.name() + "' failed a lookup", e);
      return null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Hits of a covering index: entries sorted by address, each address once. */
  private Hits byAddress(long[] found, Object[] keys, byte[][] payloads, int count) {
    int ascending = 1;
    while (ascending < count && found[ascending - 1] < found[ascending]) {
      ascending++;
    }
    if (ascending >= count) { // one key's entries come in address order already
      return new Hits(
          covered,
          Arrays.copyOf(found, count),
          Arrays.copyOf(keys, count),
          Arrays.copyOf(payloads, count));
    }
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(found[a], found[b]));
    long[] addresses = new long[count];
    Object[] sortedKeys = new Object[count];
    byte[][] sortedPayloads = new byte[count][];
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      int at = order[i];
      if (distinct == 0 || addresses[distinct - 1] != found[at]) {
        addresses[distinct] = found[at];
        sortedKeys[distinct] = keys[at];
        sortedPayloads[distinct++] = payloads[at];
      }
    }
    return new Hits(
        covered,
        Arrays.copyOf(addresses, distinct),
        Arrays.copyOf(sortedKeys, distinct),
        Arrays.copyOf(sortedPayloads, distinct));
  }

  /** The keys rows in memory hold, for unique checks (used under the commit lock only). */
  MemoryKeys memoryKeys() {
    if (memoryKeys == null) {
      memoryKeys = new MemoryKeys(type, ordinal);
    }
    return memoryKeys;
  }

  /** Counts a read the index served. */
  void recordScan() {
    scans.incrementAndGet();
  }

  private long scans() {
    return scans.get();
  }

  /** The public description of the index now. */
  IndexInfo info() {
    lock.readLock().lock();
    try {
      if (tree == null || state != State.READY) {
        return new IndexInfo(
            entry.name(),
            table,
            entry.column(),
            entry.unique(),
            entry.include(),
            0,
            0,
            0,
            0,
            stateName(),
            scans());
      }
      long bytes = (long) tree.pageCount() * treeOptions().pageSize();
      return new IndexInfo(
          entry.name(),
          table,
          entry.column(),
          entry.unique(),
          entry.include(),
          tree.size(),
          tree.height(),
          tree.pageCount(),
          bytes,
          stateName(),
          scans());
    } finally {
      lock.readLock().unlock();
    }
  }

  private String stateName() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Runs {@code walk} on the tree under the read lock and returns its result; null when the index
   * is not ready, or when the tree fails (a damaged page), which leaves the index stale until
   * rebuilt. A {@link BlockFetchException} the walk throws (a table block failed, not the tree)
   * passes through.
   */
  <T> T read(java.util.function.Function<BTree, T> walk) {
    lock.readLock().lock();
    try {
      if (state != State.READY) {
        return null;
      }
      return walk.apply(tree);
    } catch (BlockFetchException e) {
      throw e;
    } catch (RuntimeException e) {
      state = State.STALE;
      LOG.log(
          System.Logger.Level.WARNING,
          "index '" + entry.name() + "' failed; reads scan until it is rebuilt",
          e);
      return null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code action} on the tree under the read lock when ready; returns false otherwise, or
   * when the tree fails (a damaged page), which leaves the index stale until rebuilt.
   */
  boolean withTree(java.util.function.Consumer<BTree> action) {
    lock.readLock().lock();
    try {
      if (state != State.READY) {
        return false;
      }
      action.accept(tree);
      return true;
    } catch (RuntimeException e) {
      state = State.STALE;
      LOG.log(
          System.Logger.Level.WARNING,
          "index '" + entry.name() + "' failed; lookups scan until it is rebuilt",
          e);
      return false;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Closes the tree (flushing it when it is usable). The file of a stale index is deleted, so that
   * the next open rebuilds it instead of trusting a file found damaged.
   */
  void close() {
    lock.writeLock().lock();
    try {
      boolean stale = state != State.READY;
      closeTree();
      state = State.STALE;
      if (stale) {
        try {
          io.delete(path);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot delete stale index " + path, e);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void closeTree() {
    if (tree != null) {
      preloader.release(this);
      try {
        tree.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing index " + path + " failed", e);
      }
      tree = null;
    }
  }
}
