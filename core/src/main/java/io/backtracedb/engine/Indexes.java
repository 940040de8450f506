package io.backtracedb.engine;

import io.backtracedb.IndexInfo;
import io.backtracedb.catalog.Catalog;
import io.backtracedb.catalog.IndexEntry;
import io.backtracedb.catalog.TableEntry;
import io.backtracedb.index.UniqueViolationException;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates, opens, rebuilds and drops the secondary indexes of an engine's tables, and keeps them in
 * step with manifest changes. Index names are unique in the database.
 */
public final class Indexes {
  private static final System.Logger LOG = System.getLogger(Indexes.class.getName());
  private static final Pattern INDEX_NAME =
      Pattern.compile("[\\p{L}\\p{N}_$][\\p{L}\\p{N}_$-]{0,127}");

  private Indexes() {}

  /** An index name already in use. */
  public static final class DuplicateIndexException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DuplicateIndexException(String message) {
      super(message);
    }
  }

  /** No index of that name. */
  public static final class NoSuchIndexException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NoSuchIndexException(String message) {
      super(message);
    }
  }

  /**
   * At open: deletes index files the catalog does not name, then opens each index whose file is
   * clean and current, and rebuilds the others. An index that cannot be rebuilt stays stale
   * (lookups scan) and the open goes on.
   */
  static void open(Engine engine, TableStore store) throws IOException {
    FileIO io = engine.io;
    if (store.entry.indexes().isEmpty() && !io.exists(store.indexesDirectory)) {
      return;
    }
    io.createDirectories(store.indexesDirectory);
    Set<String> named = new HashSet<>();
    for (IndexEntry entry : store.entry.indexes()) {
      named.add(entry.fileName());
    }
    for (Path file : io.list(store.indexesDirectory)) {
      if (!named.contains(file.getFileName().toString())) {
        LOG.log(System.Logger.Level.INFO, "removing index file no catalog entry names: " + file);
        io.delete(file);
      }
    }
    for (IndexEntry entry : store.entry.indexes()) {
      TableIndex index =
          new TableIndex(
              io,
              engine.preloader,
              entry,
              store.name(),
              store.indexPath(entry.name()),
              store.schema());
      store.addIndex(index);
      TableState state = store.state();
      if (!index.openIfCurrent(state.cold(), state.manifest().nextBlockId())) {
        LOG.log(
            System.Logger.Level.INFO,
            "rebuilding index '" + entry.name() + "' of table '" + store.name() + "'");
        try {
          index.rebuild(store.schema(), state.cold(), state.manifest().nextBlockId());
        } catch (IOException | RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot rebuild index '" + entry.name() + "'; lookups scan until REINDEX",
              e);
        }
      }
    }
  }

  /**
   * Creates an index on {@code column} of {@code store}, bulk-built from its cold blocks; the rows
   * still in memory are checked for a unique index and served by scans.
   *
   * @throws DuplicateIndexException when the name is taken
   * @throws io.backtracedb.ConstraintViolationException when a unique index finds a duplicate key
   */
  public static IndexInfo create(
      Engine engine,
      TableStore store,
      String name,
      String column,
      boolean unique,
      List<String> include) {
    engine.ensureOpen();
    if (name == null || !INDEX_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid index name '" + name + "': use letters, digits, '_', '$' and '-' (at most 128)");
    }
    int ordinal = store.schema().requireOrdinal(store.name(), column);
    if (store.isSeries()) {
      throw new IllegalArgumentException(
          "cannot create index '"
              + name
              + "' on series table '"
              + store.name()
              + "': a series table is indexed by its tags (the label index) and its time column");
    }
    List<String> included = new ArrayList<>();
    for (String other : include) {
      String canonical =
          store.schema().column(store.schema().requireOrdinal(store.name(), other)).name();
      if (canonical.equals(store.schema().column(ordinal).name())) {
        throw new IllegalArgumentException(
            "cannot create index '"
                + name
                + "': column '"
                + canonical
                + "' is its key and cannot also be included");
      }
      if (included.contains(canonical)) {
        throw new IllegalArgumentException(
            "cannot create index '" + name + "': column '" + canonical + "' is included twice");
      }
      included.add(canonical);
    }
    IndexEntry entry =
        new IndexEntry(name, store.schema().column(ordinal).name(), unique, included);
    synchronized (engine.ddlLock) {
      if (store.isDropped()) {
        throw new io.backtracedb.NoSuchTableException("table '" + store.name() + "' was dropped");
      }
      TableEntry holder = engine.catalog().tableOfIndex(name);
      if (holder != null) {
        throw new DuplicateIndexException(
            "cannot create index '" + name + "': it exists on table '" + holder.name() + "'");
      }
      synchronized (store.manifestLock) {
        TableIndex index =
            new TableIndex(
                engine.io,
                engine.preloader,
                entry,
                store.name(),
                store.indexPath(name),
                store.schema());
        try {
          engine.io.createDirectories(store.indexesDirectory);
          TableState state = store.state();
          index.rebuild(store.schema(), state.cold(), state.manifest().nextBlockId());
        } catch (UniqueViolationException e) {
          deleteQuietly(engine.io, index);
          throw UniqueChecks.buildViolation(store, entry, e.key());
        } catch (IOException e) {
          deleteQuietly(engine.io, index);
          throw Engine.storageError("cannot create index '" + name + "'", e);
        }
        try {
          synchronized (engine.commitLock) {
            // From here on every commit is checked against the index.
            if (unique) {
              UniqueChecks.checkMemoryRows(store, index);
            }
            Catalog catalog = engine.catalog();
            TableEntry current = catalog.tables().get(store.name());
            Catalog next = catalog.withReplacedTable(current.withIndex(entry));
            engine.catalogStore().write(next);
            engine.setCatalog(next);
            store.addIndex(index);
          }
        } catch (IOException | RuntimeException e) {
          deleteQuietly(engine.io, index);
          if (e instanceof IOException io) {
            throw Engine.storageError("cannot create index '" + name + "'", io);
          }
          throw (RuntimeException) e;
        }
        engine.bumpCatalogVersion();
        return index.info();
      }
    }
  }

  private static void deleteQuietly(FileIO io, TableIndex index) {
    index.close();
    try {
      io.delete(index.path);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + index.path + "; open() retries", e);
    }
  }

  /** Drops the named index and deletes its file; false when there is none. */
  public static boolean drop(Engine engine, String name) {
    engine.ensureOpen();
    synchronized (engine.ddlLock) {
      TableEntry holder = engine.catalog().tableOfIndex(name);
      if (holder == null) {
        return false;
      }
      TableStore store = engine.table(holder.name());
      synchronized (store.manifestLock) {
        Catalog next = engine.catalog().withReplacedTable(holder.withoutIndex(name));
        try {
          engine.catalogStore().write(next);
        } catch (IOException e) {
          throw Engine.storageError("cannot drop index '" + name + "'", e);
        }
        engine.setCatalog(next);
        for (TableIndex index : store.indexes()) {
          if (index.name().equals(name)) {
            store.removeIndex(index);
            deleteQuietly(engine.io, index);
          }
        }
      }
      engine.bumpCatalogVersion();
      return true;
    }
  }

  /**
   * Rebuilds the named index, every index of {@code table} when {@code name} is null and {@code
   * table} is not, or every index of the database when both are null; returns how many.
   */
  public static int reindex(Engine engine, String table, String name) {
    engine.ensureOpen();
    List<TableStore> stores = new ArrayList<>();
    if (name != null) {
      TableEntry holder = engine.catalog().tableOfIndex(name);
      if (holder == null) {
        throw new NoSuchIndexException("cannot rebuild index '" + name + "': no such index");
      }
      stores.add(engine.table(holder.name()));
    } else if (table != null) {
      TableStore store = engine.table(table);
      if (store == null) {
        throw new io.backtracedb.NoSuchTableException(
            "cannot rebuild the indexes of table '" + table + "': no such table");
      }
      stores.add(store);
    } else {
      stores.addAll(engine.tables());
    }
    int rebuilt = 0;
    for (TableStore store : stores) {
      synchronized (store.manifestLock) {
        for (TableIndex index : store.indexes()) {
          if (name != null && !index.name().equals(name)) {
            continue;
          }
          TableState state = store.state();
          try {
            index.rebuild(store.schema(), state.cold(), state.manifest().nextBlockId());
          } catch (UniqueViolationException e) {
            throw UniqueChecks.buildViolation(store, index.entry, e.key());
          } catch (IOException e) {
            throw Engine.storageError("cannot rebuild index '" + index.name() + "'", e);
          }
          rebuilt++;
        }
      }
    }
    return rebuilt;
  }

  /**
   * Brings every index of the table in step with a manifest change just published (the caller holds
   * the manifest lock; the removed blocks' files are still referenced).
   */
  static void afterPublish(TableStore store, List<ColdBlock> added, List<ColdBlock> removed) {
    long nextBlockId = store.state().manifest().nextBlockId();
    for (TableIndex index : store.indexes()) {
      index.apply(store.schema(), added, removed, nextBlockId);
    }
  }

  /** Every page of the named index of {@code store}, or an empty list when it is not ready. */
  public static List<io.backtracedb.index.PageInfo> pages(TableStore store, String name) {
    List<io.backtracedb.index.PageInfo> pages = new ArrayList<>();
    for (TableIndex index : store.indexes()) {
      if (index.name().equals(name)) {
        index.withTree(tree -> pages.addAll(tree.pages()));
      }
    }
    return pages;
  }

  /** The indexes of a table, described. */
  public static List<IndexInfo> describe(TableStore store) {
    List<IndexInfo> infos = new ArrayList<>();
    for (TableIndex index : store.indexes()) {
      infos.add(index.info());
    }
    return infos;
  }

  /** Closes every index of the table (at a clean close their files are left clean). */
  static void close(TableStore store) {
    for (TableIndex index : store.indexes()) {
      index.close();
    }
  }
}
