package io.backtracedb.index;

/**
 * One page of an index file as {@link BTree#pages} lists it (a future {@code sys.index_pages} row).
 *
 * @param pageId the page number (its byte offset is {@code pageId * pageSize})
 * @param kind "leaf", "internal", "overflow" or "free"
 * @param level 0 for leaves, the distance to the leaves for internal pages, -1 for other kinds
 * @param keyCount entries (leaf) or separators (internal); 0 for other kinds
 * @param firstKey the first key, described with its type ("BIGINT 42"), or null when none
 * @param lastKey the last key, or null when none
 * @param prev the previous leaf (leaves), the first child (internal pages), else 0
 * @param next the next leaf (leaves), the next page of the chain or list (overflow, free), else 0
 * @param usedBytes bytes of cells (leaf, internal) or key bytes (overflow) in the page
 */
public record PageInfo(
    int pageId,
    String kind,
    int level,
    int keyCount,
    String firstKey,
    String lastKey,
    int prev,
    int next,
    int usedBytes) {}
