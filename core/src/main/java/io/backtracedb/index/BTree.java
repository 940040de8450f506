package io.backtracedb.index;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A persistent B+tree secondary index in one page file: entries of (key, address) where the key is
 * a value of one column type (NULL included, sorting first) and the address an opaque {@code long}
 * the engine uses to find the row. Duplicate keys are allowed unless the index is unique; (key,
 * address) pairs are unique.
 *
 * <p>Durability: changes live in a bounded page cache until {@link #flush} (or {@link #close})
 * writes them, forces the file and marks it clean with the engine's applied position. A file that
 * was changed and not flushed opens with a {@link DirtyIndexException}; a damaged one with a {@link
 * CorruptionException} naming the file, page and offset. Either way the engine rebuilds the index
 * (see docs/format/btree.md).
 *
 * <p>Thread-safe: every call holds the tree's lock, reads included (they move pages in the cache),
 * so calls from several threads run one at a time. A cursor or scan belongs to one thread, and any
 * change to the tree invalidates the open ones. An I/O error during a change leaves the tree
 * unusable until reopened.
 */
public final class BTree implements Closeable {
  /** Bytes {@link #preload} reads in between looks at whether the tree was closed. */
  static final int PRELOAD_SLICE = 16 << 20;

  private final TreeFile file;
  private boolean closed;

  private BTree(TreeFile file) {
    this.file = file;
  }

  /** Creates (or replaces) {@code path} with an empty, clean index. */
  public static BTree create(FileIO io, Path path, BTreeOptions options) throws IOException {
    return new BTree(TreeFile.create(io, path, options));
  }

  /**
   * Opens a clean index file; its key type, uniqueness and page size come from the header.
   *
   * @throws DirtyIndexException when it was changed and not flushed
   * @throws CorruptionException when its header is damaged or the file has the wrong length
   */
  public static BTree open(FileIO io, Path path, BTreeOptions options) throws IOException {
    return new BTree(TreeFile.open(io, path, options));
  }

  /**
   * The header of an index file without opening it: whether it is clean and its applied position.
   *
   * @throws CorruptionException when the header is damaged
   */
  public static IndexHeader readHeader(FileIO io, Path path) throws IOException {
    return IndexHeader.read(io, path);
  }

  /**
   * A builder that writes a new index at {@code path} from entries given in (key, address) order,
   * filling leaves to {@code fillFactor} of a page.
   */
  public static BTreeBuilder build(FileIO io, Path path, BTreeOptions options, double fillFactor)
      throws IOException {
    return new BTreeBuilder(io, path, options, fillFactor);
  }

  /**
   * Adds (key, address); returns false when that entry is already present.
   *
   * @throws UniqueViolationException in a unique index, when a non-NULL key already maps to another
   *     address (nothing changes)
   * @throws IllegalArgumentException when the key does not fit the key type
   */
  public boolean insert(Object key, long address) {
    return insert(key, address, null);
  }

  /**
   * Adds (key, address) with {@code payload}, which the leaf keeps when the tree carries payloads
   * and the cell stays small enough (docs/format/btree.md); returns false when the entry is already
   * present.
   *
   * @throws UniqueViolationException in a unique index, when a non-NULL key already maps to another
   *     address (nothing changes)
   * @throws IllegalArgumentException when the key does not fit the key type
   */
  public boolean insert(Object key, long address, byte[] payload) {
    synchronized (file) {
      byte[] encoded = encode("insert into", key);
      file.failIfBroken();
      if (file.unique && !isNull(encoded)) {
        BTreeCursor cursor = new BTreeCursor(file);
        if (cursor.seekEncoded(encoded, false) && Arrays.equals(cursor.keyBytes(), encoded)) {
          long existing = cursor.address();
          if (existing == address) {
            return false;
          }
          throw new UniqueViolationException(
              file.name, file.keys.decode(encoded), file.keys.describe(encoded), existing, address);
        }
      }
      try {
        boolean added = TreeInsert.insert(file, encoded, address, payload);
        file.trim();
        return added;
      } catch (IOException | RuntimeException e) {
        throw file.breakOn("insert into", e);
      }
    }
  }

  /** Removes (key, address); returns false when it was not present. */
  public boolean delete(Object key, long address) {
    synchronized (file) {
      byte[] encoded = encode("delete from", key);
      file.failIfBroken();
      try {
        boolean removed = TreeDelete.delete(file, encoded, address);
        file.trim();
        return removed;
      } catch (IOException | RuntimeException e) {
        throw file.breakOn("delete from", e);
      }
    }
  }

  /** Every address stored under {@code key}, ascending (empty when there is none). */
  public long[] lookup(Object key) {
    synchronized (file) {
      byte[] encoded = encode("look up in", key);
      BTreeCursor cursor = new BTreeCursor(file);
      long[] found = new long[4];
      int n = 0;
      for (boolean on = cursor.seekEncoded(encoded, false);
          on && Arrays.equals(cursor.keyBytes(), encoded);
          on = cursor.next()) {
        if (n == found.length) {
          found = Arrays.copyOf(found, n * 2);
        }
        found[n++] = cursor.address();
      }
      return Arrays.copyOf(found, n);
    }
  }

  /** Whether the entry (key, address) is present. */
  public boolean contains(Object key, long address) {
    synchronized (file) {
      byte[] encoded = encode("look up in", key);
      BTreeCursor cursor = new BTreeCursor(file);
      if (!cursor.seekEncoded(encoded, false)) {
        return false;
      }
      while (Arrays.equals(cursor.keyBytes(), encoded)) {
        if (cursor.address() == address) {
          return true;
        }
        if (cursor.address() > address || !cursor.next()) {
          return false;
        }
      }
      return false;
    }
  }

  /** A new cursor, not yet positioned. */
  public BTreeCursor cursor() {
    checkOpen("read");
    file.failIfBroken();
    return new BTreeCursor(file);
  }

  /**
   * The entries with keys between {@code lower} and {@code upper} (null: unbounded), ascending or
   * descending.
   */
  public IndexScan scan(KeyBound lower, KeyBound upper, boolean descending) {
    checkOpen("scan");
    byte[] low = lower == null ? null : encode("scan", lower.value());
    byte[] high = upper == null ? null : encode("scan", upper.value());
    return new IndexScan(
        new BTreeCursor(file),
        low,
        lower != null && lower.inclusive(),
        high,
        upper != null && upper.inclusive(),
        descending);
  }

  /**
   * Writes every changed page, forces the file, then marks it clean with {@code appliedPosition}
   * (the engine's record of which table state the index reflects) and forces again.
   */
  public void flush(long appliedPosition) {
    synchronized (file) {
      checkOpen("flush");
      file.failIfBroken();
      try {
        file.flush(appliedPosition);
      } catch (IOException | RuntimeException e) {
        throw file.breakOn("flush", e);
      }
    }
  }

  /** {@link #flush(long)} at the current applied position. */
  public void flush() {
    flush(file.appliedPosition);
  }

  /** Verifies the whole file; see {@link IndexCheck}. Reads every page; changes nothing. */
  public IndexCheck check() {
    synchronized (file) {
      checkOpen("check");
      file.failIfBroken();
      try {
        return new TreeCheck(file).run();
      } catch (IOException e) {
        throw file.readError(e);
      }
    }
  }

  /**
   * Every page of the file but the header, tree pages in key order level by level, then overflow
   * and free pages: what a {@code sys.index_pages} table shows.
   */
  public List<PageInfo> pages() {
    return check().pages();
  }

  /** The position given to the last flush (the one read at open, before any flush). */
  public long appliedPosition() {
    synchronized (file) {
      return file.appliedPosition;
    }
  }

  /** Entries in the tree. */
  public long size() {
    synchronized (file) {
      return file.entryCount;
    }
  }

  /** Levels from the root to the leaves; 1 when the root is a leaf. */
  public int height() {
    synchronized (file) {
      return file.height;
    }
  }

  /**
   * Reads the whole file into memory through its mapping, {@link #PRELOAD_SLICE} bytes at a time,
   * so that lookups find every leaf without a read or a page fault, and checks the pages'
   * checksums, so that lookups need not (a page that fails is left for the lookup that reads it to
   * report); stops early when the tree is closed. As slow as reading the file: for a background
   * thread. Lookups go on meanwhile (the tree's lock is held only to map the file and between
   * slices).
   *
   * @return the bytes read in: 0 when the file is not a local one
   */
  public long preload() {
    List<PageFile.Slice> slices;
    synchronized (file) {
      if (closed) {
        return 0;
      }
      try {
        slices = file.pages().mappedSlices(PRELOAD_SLICE);
      } catch (IOException e) {
        throw file.readError(e);
      }
    }
    CRC32C crc = new CRC32C();
    int pageSize = file.layout.pageSize();
    long loaded = 0;
    for (PageFile.Slice slice : slices) {
      long writes;
      synchronized (file) {
        if (closed) {
          break;
        }
        writes = file.pages().writes();
      }
      slice.bytes().load();
      BitSet matched = PageFile.checksummed(slice, pageSize, crc);
      synchronized (file) {
        if (closed) {
          break;
        }
        file.pages().markVerified(matched, writes);
      }
      loaded += slice.bytes().capacity();
    }
    return loaded;
  }

  /** The file's size in bytes: its pages, the header included, times the page size. */
  public long fileBytes() {
    synchronized (file) {
      return (long) file.pageCount * file.layout.pageSize();
    }
  }

  /** Pages in the file, the header included. */
  public int pageCount() {
    synchronized (file) {
      return file.pageCount;
    }
  }

  /** The indexed column's type. */
  public ColumnType keyType() {
    return file.keyType();
  }

  /** Whether leaf cells carry a payload with each entry. */
  public boolean hasPayloads() {
    return file.layout.payloads();
  }

  /** Whether non-NULL keys may map to one address only. */
  public boolean isUnique() {
    return file.unique;
  }

  /** The index's name. */
  public String name() {
    return file.name;
  }

  /** The index file. */
  public Path path() {
    return file.path;
  }

  /** Leaf and internal pages held by the page cache now (at most the cache size between calls). */
  int cachedPages() {
    synchronized (file) {
      return file.cachedPages();
    }
  }

  /** Whether every change so far is flushed (the header on disk says clean). */
  public boolean isClean() {
    synchronized (file) {
      return file.cleanOnDisk();
    }
  }

  /**
   * Flushes at the current applied position and closes the file. A tree broken by an earlier error
   * is closed without a flush, leaving its file dirty for a rebuild. Idempotent.
   */
  @Override
  public void close() throws IOException {
    synchronized (file) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (!file.isBroken()) {
          file.flush(file.appliedPosition);
        }
      } catch (IOException | RuntimeException e) {
        throw file.breakOn("flush", e);
      } finally {
        file.close();
      }
    }
  }

  private void checkOpen(String action) {
    if (closed) {
      throw new IllegalStateException("cannot " + action + " index '" + file.name + "': closed");
    }
  }

  private byte[] encode(String action, Object key) {
    checkOpen(action);
    try {
      return file.keys.encode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot " + action + " index '" + file.name + "': key " + e.getMessage(), e);
    }
  }

  private static boolean isNull(byte[] key) {
    return key.length == 1 && key[0] == 0;
  }
}
