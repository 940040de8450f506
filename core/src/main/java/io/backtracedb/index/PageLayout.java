package io.backtracedb.index;

/**
 * The sizes derived from one page size: cell space, inline key limit, cell sizes, the underflow
 * threshold and the overflow page capacity.
 *
 * @param pageSize bytes per page, a power of two in [4 KiB, 64 KiB]
 */
record PageLayout(int pageSize) {

  /** Bytes for cells in a leaf or internal page. */
  int cellSpace() {
    return BTreeFormat.cellSpace(pageSize);
  }

  /** The longest key stored inside its cell. */
  int inlineMax() {
    return BTreeFormat.inlineMax(pageSize);
  }

  /** Key bytes per overflow page. */
  int overflowSpace() {
    return BTreeFormat.overflowSpace(pageSize);
  }

  /** Whether a key of {@code length} bytes goes to an overflow chain. */
  boolean overflows(int length) {
    return length > inlineMax();
  }

  /** Overflow pages a key of {@code length} bytes needs (0 when inline). */
  int overflowPages(int length) {
    return overflows(length) ? (length + overflowSpace() - 1) / overflowSpace() : 0;
  }

  /** Bytes of a leaf cell holding a key of {@code length} bytes. */
  int leafCellSize(int length) {
    return BTreeFormat.LEAF_CELL_FIXED + (overflows(length) ? 4 : length);
  }

  /** Bytes of an internal cell holding a key of {@code length} bytes. */
  int internalCellSize(int length) {
    return BTreeFormat.INTERNAL_CELL_FIXED + (overflows(length) ? 4 : length);
  }

  /**
   * A page filled below a third of its cell space is rebalanced after a delete. Any threshold under
   * a half works (two pages below it always merge into one); a third leaves room for borrowing.
   */
  int underflowBytes() {
    return cellSpace() / 3;
  }
}
