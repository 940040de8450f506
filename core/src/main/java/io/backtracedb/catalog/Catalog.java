package io.backtracedb.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable version of the database catalog: its tables and the next table id. */
public final class Catalog {
  private final long nextTableId;
  private final Map<String, TableEntry> tables;

  /** A catalog of {@code tables} whose next new table gets {@code nextTableId}. */
  public Catalog(long nextTableId, List<TableEntry> tables) {
    this.nextTableId = nextTableId;
    Map<String, TableEntry> byName = new LinkedHashMap<>();
    for (TableEntry table : tables) {
      byName.put(table.name(), table);
    }
    this.tables = Collections.unmodifiableMap(byName);
  }

  /** An empty catalog. */
  public static Catalog empty() {
    return new Catalog(1, List.of());
  }

  /** The id the next created table receives. */
  public long nextTableId() {
    return nextTableId;
  }

  /** Tables by name, in creation order. */
  public Map<String, TableEntry> tables() {
    return tables;
  }

  /** A copy with {@code table} added; its id must be {@link #nextTableId()}. */
  public Catalog withTable(TableEntry table) {
    List<TableEntry> list = new ArrayList<>(tables.values());
    list.add(table);
    return new Catalog(Math.max(nextTableId, table.id() + 1), list);
  }

  /** A copy with the table of the same name replaced by {@code table} (its indexes changed). */
  public Catalog withReplacedTable(TableEntry table) {
    List<TableEntry> list = new ArrayList<>(tables.values());
    list.replaceAll(old -> old.name().equals(table.name()) ? table : old);
    return new Catalog(nextTableId, list);
  }

  /** The table holding the index named {@code indexName}, or null. */
  public TableEntry tableOfIndex(String indexName) {
    for (TableEntry table : tables.values()) {
      for (IndexEntry index : table.indexes()) {
        if (index.name().equals(indexName)) {
          return table;
        }
      }
    }
    return null;
  }

  /** A copy without the named table. */
  public Catalog withoutTable(String name) {
    List<TableEntry> list = new ArrayList<>(tables.values());
    list.removeIf(table -> table.name().equals(name));
    return new Catalog(nextTableId, list);
  }
}
