package io.backtracedb.catalog;

import java.util.Objects;

/**
 * A secondary index as the catalog records it. Its file is {@code
 * tables/<table>/indexes/<name>.btree}; index names are unique in the database.
 *
 * @param name the index's name
 * @param column the indexed column
 * @param unique whether a non-NULL key may appear in one row only
 */
public record IndexEntry(String name, String column, boolean unique) {

  /** Validates. */
  public IndexEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(column, "column");
  }

  /** The index file's name inside the table's {@code indexes} directory. */
  public String fileName() {
    return name + ".btree";
  }
}
