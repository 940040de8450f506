package io.backtracedb.catalog;

import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as the catalog records it. The id is never reused, so WAL records of a dropped table are
 * never applied to a new table of the same name.
 *
 * @param id the table's permanent id
 * @param name the table's name
 * @param schema its columns
 * @param options its options
 * @param indexes its secondary indexes, in creation order
 */
public record TableEntry(
    long id, String name, Schema schema, TableOptions options, List<IndexEntry> indexes) {

  /** Copies the index list. */
  public TableEntry {
    indexes = List.copyOf(indexes);
  }

  /** A table without indexes. */
  public TableEntry(long id, String name, Schema schema, TableOptions options) {
    this(id, name, schema, options, List.of());
  }

  /** A copy with {@code index} added. */
  public TableEntry withIndex(IndexEntry index) {
    List<IndexEntry> list = new ArrayList<>(indexes);
    list.add(index);
    return new TableEntry(id, name, schema, options, list);
  }

  /** A copy without the named index. */
  public TableEntry withoutIndex(String indexName) {
    List<IndexEntry> list = new ArrayList<>(indexes);
    list.removeIf(index -> index.name().equals(indexName));
    return new TableEntry(id, name, schema, options, list);
  }
}
