package io.backtracedb;

import java.util.List;

/**
 * A secondary index of a table as it stands now.
 *
 * @param name the index's name (unique in the database)
 * @param table the indexed table
 * @param column the indexed column
 * @param unique whether a non-NULL key may appear in one row only
 * @param include the other columns a covering index stores with each entry (empty: none)
 * @param entries entries in the tree: one per row of the cold blocks it covers
 * @param height levels from the root to the leaves (0 when the tree is not open)
 * @param pages pages in the file, the header included (0 when the tree is not open)
 * @param bytes the file's size in bytes (0 when the tree is not open)
 * @param state {@code ready} (lookups use it), {@code stale} (bypassed: lookups scan until a
 *     rebuild) or {@code building}
 * @param scans reads the index served since the database opened (a reader that found it too costly
 *     scanned instead and is not counted)
 */
public record IndexInfo(
    String name,
    String table,
    String column,
    boolean unique,
    List<String> include,
    long entries,
    int height,
    int pages,
    long bytes,
    String state,
    long scans) {

  /** Copies {@code include}. */
  public IndexInfo {
    include = List.copyOf(include);
  }
}
