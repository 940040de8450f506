package io.backtracedb.index;

/**
 * The shape of an index, as {@link BTree#check} measures it.
 *
 * @param entries entries in the leaves
 * @param height levels from the root to the leaves
 * @param pageCount pages in the file, the header included
 * @param leafPages leaf pages
 * @param internalPages internal pages
 * @param overflowPages pages holding pieces of long keys
 * @param freePages pages on the free list
 * @param bytes the file's size in bytes ({@code pageCount * pageSize})
 * @param leafFill the average share of a leaf page's cell space in use, 0 to 1
 * @param internalFill the same for internal pages (0 when there are none)
 */
public record IndexStats(
    long entries,
    int height,
    int pageCount,
    int leafPages,
    int internalPages,
    int overflowPages,
    int freePages,
    long bytes,
    double leafFill,
    double internalFill) {

  /** File bytes per entry (the whole file when empty). */
  public double bytesPerEntry() {
    return entries == 0 ? bytes : (double) bytes / entries;
  }
}
