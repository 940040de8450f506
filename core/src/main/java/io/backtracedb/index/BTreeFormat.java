package io.backtracedb.index;

/**
 * The constants of the index file format (docs/format/btree.md): page kinds, header and page
 * offsets, limits. All integers are big-endian; every page starts with its CRC-32C.
 */
final class BTreeFormat {
  private BTreeFormat() {}

  /** "BTIX": the first bytes after the header page's checksum. */
  static final int MAGIC = 0x42544958;

  /** The format of files whose leaf cells hold a key and an address. */
  static final int VERSION = 1;

  /** The format of files whose leaf cells also carry a payload (a covering index's columns). */
  static final int VERSION_PAYLOADS = 2;

  /** 8 KiB: small enough that a page write is cheap, large enough for a fan-out in the hundreds. */
  static final int DEFAULT_PAGE_SIZE = 8192;

  /** The smallest page size accepted: a page must hold at least eight maximal inline cells. */
  static final int MIN_PAGE_SIZE = 4096;

  /** The largest page size accepted: page-relative offsets stay well inside 32 bits. */
  static final int MAX_PAGE_SIZE = 65536;

  /** Page 0 is the header; 0 in a link field therefore means "none". */
  static final int HEADER_PAGE = 0;

  /** Page kind of a leaf page. */
  static final byte KIND_LEAF = 1;

  /** Page kind of an internal page. */
  static final byte KIND_INTERNAL = 2;

  /** Page kind of an overflow page (a piece of one long key). */
  static final byte KIND_OVERFLOW = 3;

  /** Page kind of a page on the free list. */
  static final byte KIND_FREE = 4;

  /** Header state: every page was written and forced before the header. */
  static final byte STATE_CLEAN = 1;

  /** Header state: pages may have changed since the last clean header. */
  static final byte STATE_DIRTY = 2;

  // Header page (page 0) offsets.
  static final int H_CRC = 0;
  static final int H_MAGIC = 4;
  static final int H_VERSION = 8;
  static final int H_PAGE_SIZE = 12;
  static final int H_STATE = 16;
  static final int H_KEY_TYPE = 17;
  static final int H_UNIQUE = 18;
  static final int H_PAYLOADS = 19;
  static final int H_ROOT = 20;
  static final int H_HEIGHT = 24;
  static final int H_PAGE_COUNT = 28;
  static final int H_FREE_HEAD = 32;
  static final int H_FREE_COUNT = 36;
  static final int H_ENTRY_COUNT = 40;
  static final int H_APPLIED_POSITION = 48;

  /** Bytes of the header page that hold fields; the rest of the page is zero. */
  static final int HEADER_FIELDS = 56;

  // Offsets in every other page's 24-byte header.
  static final int P_CRC = 0;
  static final int P_KIND = 4;
  static final int P_LEVEL = 5;
  static final int P_COUNT = 6;
  static final int P_PAGE_ID = 8;
  static final int P_LINK_A = 12;
  static final int P_LINK_B = 16;
  static final int P_USED = 20;

  /** The size of a non-header page's header; cells or overflow bytes follow it. */
  static final int PAGE_HEADER = 24;

  /** A leaf cell: key length (4), address (8), then the key or its first overflow page (4). */
  static final int LEAF_CELL_FIXED = 12;

  /** Version 2 leaf cells: the payload's length (2 bytes, unsigned) after the key. */
  static final int PAYLOAD_LENGTH = 2;

  /** The payload length of a version 2 leaf cell whose entry carries no payload. */
  static final int NO_PAYLOAD = 0xFFFF;

  /** An internal cell: key length (4), address (8), right child (4), then key or overflow page. */
  static final int INTERNAL_CELL_FIXED = 16;

  /** The longest tree height accepted when reading: far above what 2^32 pages can build. */
  static final int MAX_HEIGHT = 64;

  /** The longest key accepted, in encoded bytes (1 GiB): bounds what a corrupt length can ask. */
  static final int MAX_KEY_LENGTH = 1 << 30;

  /** Whether {@code size} is a page size this version reads and writes. */
  static boolean validPageSize(int size) {
    return size >= MIN_PAGE_SIZE && size <= MAX_PAGE_SIZE && Integer.bitCount(size) == 1;
  }

  /** Bytes available for cells in a node page of {@code pageSize}. */
  static int cellSpace(int pageSize) {
    return pageSize - PAGE_HEADER;
  }

  /**
   * The longest key stored inside a cell; longer keys go to overflow pages. One eighth of the page
   * minus the cell overhead keeps at least eight cells per page, so splits always balance.
   */
  static int inlineMax(int pageSize) {
    return pageSize / 8 - 32;
  }

  /** Key bytes one overflow page holds. */
  static int overflowSpace(int pageSize) {
    return pageSize - PAGE_HEADER;
  }
}
