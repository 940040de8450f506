package io.backtracedb.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A secondary index as the catalog records it. Its file is {@code
 * tables/<table>/indexes/<name>.btree}; index names are unique in the database.
 *
 * @param name the index's name
 * @param column the indexed column
 * @param unique whether a non-NULL key may appear in one row only
 * @param include the columns a covering index stores with each entry (empty: none), so that queries
 *     reading only them and the key need not read the table's blocks
 */
public record IndexEntry(String name, String column, boolean unique, List<String> include) {

  /** Validates; copies {@code include}. */
  public IndexEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(column, "column");
    include = List.copyOf(include);
  }

  /** An index that includes no other column. */
  public IndexEntry(String name, String column, boolean unique) {
    this(name, column, unique, List.of());
  }

  /** Whether the index stores other columns with its entries. */
  public boolean covering() {
    return !include.isEmpty();
  }

  /** The index file's name inside the table's {@code indexes} directory. */
  public String fileName() {
    return name + ".btree";
  }
}
