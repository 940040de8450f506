package io.backtracedb.index;

/**
 * The sizes derived from one page size: cell space, inline key limit, cell sizes, the underflow
 * threshold and the overflow page capacity.
 *
 * @param pageSize bytes per page, a power of two in [4 KiB, 64 KiB]
 * @param payloads whether leaf cells carry a payload after the key (format version 2)
 */
record PageLayout(int pageSize, boolean payloads) {

  /** A layout whose cells carry no payload (format version 1). */
  PageLayout(int pageSize) {
    this(pageSize, false);
  }

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

  /** Bytes of a leaf cell holding a key of {@code length} bytes and {@code payload} (or none). */
  int leafCellSize(int length, byte[] payload) {
    int size = BTreeFormat.LEAF_CELL_FIXED + (overflows(length) ? 4 : length);
    if (payloads) {
      size += BTreeFormat.PAYLOAD_LENGTH + (payload == null ? 0 : payload.length);
    }
    return size;
  }

  /**
   * The payload a leaf cell of a key of {@code length} bytes keeps: {@code payload} itself when the
   * cells carry payloads and the cell stays within the largest inline-key cell (plus the payload
   * length), so a page still holds at least eight cells; null otherwise.
   */
  byte[] keptPayload(int length, byte[] payload) {
    if (!payloads || payload == null) {
      return null;
    }
    int largest = BTreeFormat.LEAF_CELL_FIXED + inlineMax() + BTreeFormat.PAYLOAD_LENGTH;
    return leafCellSize(length, payload) <= largest ? payload : null;
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
