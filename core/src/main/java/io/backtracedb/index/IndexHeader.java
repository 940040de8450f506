package io.backtracedb.index;

import static io.backtracedb.index.BTreeFormat.H_APPLIED_POSITION;
import static io.backtracedb.index.BTreeFormat.H_ENTRY_COUNT;
import static io.backtracedb.index.BTreeFormat.H_FREE_COUNT;
import static io.backtracedb.index.BTreeFormat.H_FREE_HEAD;
import static io.backtracedb.index.BTreeFormat.H_HEIGHT;
import static io.backtracedb.index.BTreeFormat.H_KEY_TYPE;
import static io.backtracedb.index.BTreeFormat.H_MAGIC;
import static io.backtracedb.index.BTreeFormat.H_PAGE_COUNT;
import static io.backtracedb.index.BTreeFormat.H_PAGE_SIZE;
import static io.backtracedb.index.BTreeFormat.H_PAYLOADS;
import static io.backtracedb.index.BTreeFormat.H_ROOT;
import static io.backtracedb.index.BTreeFormat.H_STATE;
import static io.backtracedb.index.BTreeFormat.H_UNIQUE;
import static io.backtracedb.index.BTreeFormat.H_VERSION;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The header page of an index file (page 0): what the tree looks like and whether the pages on disk
 * match it.
 *
 * @param pageSize bytes per page
 * @param clean whether the file was flushed after its last change (pages forced before this header)
 * @param keyType the indexed column's type
 * @param unique whether a non-NULL key may map to one address only
 * @param payloads whether leaf cells carry payloads (format version 2)
 * @param root the root page
 * @param height levels from the root to the leaves, 1 when the root is a leaf
 * @param pageCount pages in the file, the header included
 * @param freeHead the first page of the free list, 0 when empty
 * @param freeCount pages on the free list
 * @param entryCount entries in the tree
 * @param appliedPosition the engine's position the index reflects, as given to the last flush
 */
public record IndexHeader(
    int pageSize,
    boolean clean,
    ColumnType keyType,
    boolean unique,
    boolean payloads,
    int root,
    int height,
    int pageCount,
    int freeHead,
    int freeCount,
    long entryCount,
    long appliedPosition) {

  /** The same header with another clean flag. */
  IndexHeader withClean(boolean isClean) {
    return new IndexHeader(
        pageSize,
        isClean,
        keyType,
        unique,
        payloads,
        root,
        height,
        pageCount,
        freeHead,
        freeCount,
        entryCount,
        appliedPosition);
  }

  /** The header as a whole page (checksum left for {@link PageFile#write} to set). */
  ByteBuffer encode() {
    ByteBuffer page = ByteBuffer.allocate(pageSize);
    page.putInt(H_MAGIC, BTreeFormat.MAGIC);
    page.putInt(H_VERSION, payloads ? BTreeFormat.VERSION_PAYLOADS : BTreeFormat.VERSION);
    page.putInt(H_PAGE_SIZE, pageSize);
    page.put(H_STATE, clean ? BTreeFormat.STATE_CLEAN : BTreeFormat.STATE_DIRTY);
    page.put(H_KEY_TYPE, (byte) keyType.ordinal());
    page.put(H_UNIQUE, (byte) (unique ? 1 : 0));
    page.put(H_PAYLOADS, (byte) (payloads ? 1 : 0));
    page.putInt(H_ROOT, root);
    page.putInt(H_HEIGHT, height);
    page.putInt(H_PAGE_COUNT, pageCount);
    page.putInt(H_FREE_HEAD, freeHead);
    page.putInt(H_FREE_COUNT, freeCount);
    page.putLong(H_ENTRY_COUNT, entryCount);
    page.putLong(H_APPLIED_POSITION, appliedPosition);
    return page;
  }

  /**
   * Reads and checks the header of {@code path}: magic, version, page size, checksum and the ranges
   * of every field. A dirty header is returned, not refused: the caller decides.
   *
   * @throws CorruptionException naming the file and the offset of the first field that fails
   */
  public static IndexHeader read(FileIO io, Path path) throws IOException {
    try (SeekableByteChannel channel = io.openRead(path)) {
      ByteBuffer prefix = ByteBuffer.allocate(16);
      readFully(channel, prefix, path);
      int magic = prefix.getInt(H_MAGIC);
      if (magic != BTreeFormat.MAGIC) {
        throw new CorruptionException(
            path, H_MAGIC, "bad magic 0x" + Integer.toHexString(magic) + ": not an index file");
      }
      int version = prefix.getInt(H_VERSION);
      if (version != BTreeFormat.VERSION && version != BTreeFormat.VERSION_PAYLOADS) {
        throw new CorruptionException(
            path,
            H_VERSION,
            "unsupported index format version " + version + " (this build reads versions 1 and 2)");
      }
      int pageSize = prefix.getInt(H_PAGE_SIZE);
      if (!BTreeFormat.validPageSize(pageSize)) {
        throw new CorruptionException(path, H_PAGE_SIZE, "invalid page size " + pageSize);
      }
      ByteBuffer page = ByteBuffer.allocate(pageSize);
      page.put(prefix.array());
      readFully(channel, page, path);
      CRC32C crc = new CRC32C();
      crc.update(page.array(), 4, pageSize - 4);
      if (page.getInt(0) != (int) crc.getValue()) {
        throw new CorruptionException(path, 0, "checksum mismatch in header page 0");
      }
      return decode(page, path);
    }
  }

  private static IndexHeader decode(ByteBuffer page, Path path) {
    byte state = page.get(H_STATE);
    check(
        state == BTreeFormat.STATE_CLEAN || state == BTreeFormat.STATE_DIRTY,
        path,
        H_STATE,
        "state " + state);
    int typeOrdinal = page.get(H_KEY_TYPE) & 0xFF;
    check(typeOrdinal < ColumnType.values().length, path, H_KEY_TYPE, "key type " + typeOrdinal);
    byte unique = page.get(H_UNIQUE);
    check(unique == 0 || unique == 1, path, H_UNIQUE, "unique flag " + unique);
    byte payloads = page.get(H_PAYLOADS);
    boolean v2 = page.getInt(H_VERSION) == BTreeFormat.VERSION_PAYLOADS;
    check(payloads == (v2 ? 1 : 0), path, H_PAYLOADS, "payload flag " + payloads);
    int pageCount = page.getInt(H_PAGE_COUNT);
    check(pageCount >= 2, path, H_PAGE_COUNT, "page count " + pageCount);
    int root = page.getInt(H_ROOT);
    check(root >= 1 && root < pageCount, path, H_ROOT, "root page " + root);
    int height = page.getInt(H_HEIGHT);
    check(height >= 1 && height <= BTreeFormat.MAX_HEIGHT, path, H_HEIGHT, "height " + height);
    int freeHead = page.getInt(H_FREE_HEAD);
    int freeCount = page.getInt(H_FREE_COUNT);
    check(
        freeHead >= 0 && freeHead < pageCount && freeHead != root,
        path,
        H_FREE_HEAD,
        "free list head " + freeHead);
    check(
        freeCount >= 0 && freeCount < pageCount - 1 && (freeCount == 0) == (freeHead == 0),
        path,
        H_FREE_COUNT,
        "free page count " + freeCount);
    long entryCount = page.getLong(H_ENTRY_COUNT);
    check(entryCount >= 0, path, H_ENTRY_COUNT, "entry count " + entryCount);
    return new IndexHeader(
        page.capacity(),
        state == BTreeFormat.STATE_CLEAN,
        ColumnType.values()[typeOrdinal],
        unique == 1,
        v2,
        root,
        height,
        pageCount,
        freeHead,
        freeCount,
        entryCount,
        page.getLong(H_APPLIED_POSITION));
  }

  private static void check(boolean ok, Path path, int offset, String what) {
    if (!ok) {
      throw new CorruptionException(path, offset, "invalid header field: " + what);
    }
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer into, Path path)
      throws IOException {
    while (into.hasRemaining()) {
      if (channel.read(into) < 0) {
        throw new CorruptionException(
            path, into.position(), "header page is cut short (truncated file)");
      }
    }
  }
}
