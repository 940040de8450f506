package io.backtracedb;

import io.backtracedb.engine.Engine;
import io.backtracedb.engine.IndexLookup;
import io.backtracedb.engine.Indexes;
import io.backtracedb.engine.TableStore;
import java.io.IOException;
import java.util.List;

/**
 * A table of a {@link Database}: append rows, read them back with filters, flush and compact.
 * Thread-safe; a handle stays valid until the table is dropped.
 */
public final class Table {
  private final Engine engine;
  private final TableStore store;

  Table(Engine engine, TableStore store) {
    this.engine = engine;
    this.store = store;
  }

  TableStore store() {
    return store;
  }

  /** The table's name. */
  public String name() {
    return store.name();
  }

  /** The table's columns. */
  public Schema schema() {
    return store.schema();
  }

  /** The table's options. */
  public TableOptions options() {
    return store.options();
  }

  /** A new, empty batch of rows for this table. */
  public RowBatch newBatch() {
    return new RowBatch(name(), schema());
  }

  /** Appends and commits one row given one value per column; returns the commit's LSN. */
  public long append(Object... values) {
    RowBatch batch = newBatch();
    batch.addRow(values);
    return append(batch);
  }

  /**
   * Appends and commits a batch: all of its rows become visible and durable together (per the
   * durability mode). Returns the commit's LSN. The batch may be cleared and reused afterwards.
   */
  public long append(RowBatch batch) {
    return engine.commit(List.of(new Engine.Part(store, batch)));
  }

  /** Appends and commits a batch like {@link #append(RowBatch)}, with {@code durability}. */
  public long append(RowBatch batch, Durability durability) {
    return engine.commit(List.of(new Engine.Part(store, batch)), durability);
  }

  /** A reader of all rows; chain {@code filter} and {@code select}, then iterate. */
  public TableReader reader() {
    return new TableReader(engine, store);
  }

  /** Seals the in-memory rows and writes them to a Parquet block now. */
  public void flush() {
    engine.maintenance().flushNow(store);
  }

  /** Merges small adjacent cold blocks; returns how many blocks were merged away. */
  public int compact() {
    try {
      return engine.maintenance().compact(store);
    } catch (IOException e) {
      throw Engine.storageError("cannot compact table '" + name() + "'", e);
    }
  }

  /** Drops cold blocks whose rows are all past the TTL; returns how many. */
  public int applyRetention() {
    try {
      return engine.maintenance().applyRetention(store);
    } catch (IOException e) {
      throw Engine.storageError("cannot apply retention to '" + name() + "'", e);
    }
  }

  /**
   * Creates a secondary index on {@code column}, built now from the table's cold blocks; a reader
   * with a selective filter on the column (=, IN, ranges, IS NULL) then reads only the rows of the
   * cold blocks the index points at. A unique index refuses commits that would repeat a non-NULL
   * key.
   *
   * @throws IllegalArgumentException when the name is invalid or taken, or the column unknown
   * @throws ConstraintViolationException of kind UNIQUE when a unique index finds a duplicate
   */
  public IndexInfo createIndex(String name, String column, boolean unique) {
    return Indexes.create(engine, store, name, column, unique, java.util.List.of());
  }

  /**
   * Creates a covering index: as {@link #createIndex(String, String, boolean)}, and each entry also
   * stores the values of the {@code include} columns, so that a lookup reading only the key and
   * those columns answers from the index without reading the table's blocks.
   *
   * @throws IllegalArgumentException when an included column is unknown, repeated or the key
   */
  public IndexInfo createIndex(
      String name, String column, boolean unique, java.util.List<String> include) {
    return Indexes.create(engine, store, name, column, unique, include);
  }

  /** Drops this table's index {@code name}; false when the table has no index of that name. */
  public boolean dropIndex(String name) {
    for (IndexInfo index : indexes()) {
      if (index.name().equals(name)) {
        return Indexes.drop(engine, name);
      }
    }
    return false;
  }

  /**
   * Every page of this table's index {@code name} (what {@code sys.index_pages} shows), read and
   * verified now; empty when there is no such index or it is not ready.
   */
  public List<io.backtracedb.index.PageInfo> indexPages(String name) {
    return Indexes.pages(store, name);
  }

  /**
   * For EXPLAIN of a filter whose values are not known yet (parameters): the ready index a reader
   * would consider and the keys it would look up, e.g. {@code "t_id: [?0..?0]"}, values shown as
   * they are. Whether the index is used is decided when the reader starts, by cost. Null when no
   * index applies.
   */
  public String indexFor(Predicate filter) {
    return IndexLookup.describe(store, filter);
  }

  /** The table's secondary indexes, in creation order. */
  public List<IndexInfo> indexes() {
    return Indexes.describe(store);
  }

  /** Row counts, blocks and bytes now. */
  public TableStats stats() {
    return store.stats();
  }

  /**
   * The series of a series table with what each holds (what {@code sys.series} shows), counted now
   * from the chunk files and memory; empty for an ordinary table.
   */
  public List<SeriesInfo> series() {
    return io.backtracedb.engine.SeriesStats.collect(engine, store);
  }

  /** Every block: cold ones (oldest first), sealed ones, then the active block. */
  public List<BlockInfo> blocks() {
    return store.blocks();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Table that && that.store == store;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(store);
  }

  @Override
  public String toString() {
    return "Table " + name() + schema();
  }
}
