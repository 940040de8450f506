package io.backtracedb.index;

import io.backtracedb.ColumnType;
import java.util.Objects;

/**
 * How an index file is created and cached.
 *
 * @param name the index name used in messages (the file is named by the caller)
 * @param keyType the indexed column's type (ignored on open: the header's type applies)
 * @param unique whether a non-NULL key may map to one address only (ignored on open)
 * @param pageSize bytes per page of a new file, a power of two in [4 KiB, 64 KiB] (ignored on open)
 * @param cachePages how many leaf and internal pages the cache keeps, at least 16
 * @param payloads whether leaf cells carry a payload with each entry (ignored on open)
 */
public record BTreeOptions(
    String name,
    ColumnType keyType,
    boolean unique,
    int pageSize,
    int cachePages,
    boolean payloads) {

  /** 1,024 pages of 8 KiB: 8 MiB, the internal levels of a 100-million-entry BIGINT index. */
  public static final int DEFAULT_CACHE_PAGES = 1024;

  /** Validates every field; messages name the parameter. */
  public BTreeOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    if (!BTreeFormat.validPageSize(pageSize)) {
      throw new IllegalArgumentException(
          "pageSize must be a power of two from 4096 to 65536, got " + pageSize);
    }
    if (cachePages < 16) {
      throw new IllegalArgumentException("cachePages cannot be less than 16, got " + cachePages);
    }
  }

  /** A non-unique index of {@code keyType} with 8 KiB pages and the default cache. */
  public static BTreeOptions of(String name, ColumnType keyType) {
    return new BTreeOptions(
        name, keyType, false, BTreeFormat.DEFAULT_PAGE_SIZE, DEFAULT_CACHE_PAGES, false);
  }

  /** The same options for a unique index. */
  public BTreeOptions asUnique() {
    return new BTreeOptions(name, keyType, true, pageSize, cachePages, payloads);
  }

  /** The same options with another page size. */
  public BTreeOptions withPageSize(int size) {
    return new BTreeOptions(name, keyType, unique, size, cachePages, payloads);
  }

  /** The same options with another cache size in pages. */
  public BTreeOptions withCachePages(int pages) {
    return new BTreeOptions(name, keyType, unique, pageSize, pages, payloads);
  }

  /**
   * The same options for a tree whose leaf cells carry a payload with each entry: what a covering
   * index stores of its included columns.
   */
  public BTreeOptions withPayloads() {
    return new BTreeOptions(name, keyType, unique, pageSize, cachePages, true);
  }
}
