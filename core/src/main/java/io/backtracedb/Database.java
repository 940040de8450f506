package io.backtracedb;

import io.backtracedb.engine.Engine;
import io.backtracedb.engine.Indexes;
import io.backtracedb.engine.IntegrityCheck;
import io.backtracedb.engine.TableStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open BacktraceDB database: a directory of tables, each with a write-ahead log, an in-memory
 * active block and immutable Parquet cold blocks.
 *
 * <pre>{@code
 * try (Database db = Database.open(Path.of("my_db"))) {
 *   Table trades = db.createTable("trades",
 *       Schema.builder().notNull("ts", ColumnType.TIMESTAMP).column("symbol", ColumnType.VARCHAR)
 *           .column("price", ColumnType.DOUBLE).build(),
 *       TableOptions.defaults().withTimeColumn("ts"));
 *   trades.append(Instant.now(), "AAPL", 150.5);
 *   try (TableReader reader = trades.reader().filter("symbol", "=", "AAPL")) {
 *     for (Row row : reader) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Only one process may open a directory at a time; a second gets {@link
 * DatabaseLockedException}.
 */
public final class Database implements AutoCloseable {
  private final Engine engine;

  private Database(Engine engine) {
    this.engine = engine;
  }

  /** Opens (creating if needed) the database in {@code directory} with default options. */
  public static Database open(Path directory) {
    return open(directory, DatabaseOptions.defaults());
  }

  /** Opens (creating if needed) the database in {@code directory}, recovering from its WAL. */
  public static Database open(Path directory, DatabaseOptions options) {
    return new Database(Engine.open(directory, options));
  }

  /** The database directory, absolute. */
  public Path directory() {
    return engine.directory();
  }

  /** The options it was opened with. */
  public DatabaseOptions options() {
    return engine.options();
  }

  /** The cache of decoded pages now: its bound, size, hits and misses. */
  public CacheStats pageCacheStats() {
    return engine.pageCacheStats();
  }

  /** Creates a table with default options, or returns the existing one of the same schema. */
  public Table createTable(String name, Schema schema) {
    return createTable(name, schema, TableOptions.defaults());
  }

  /**
   * Creates a table, or returns the existing table of that name when its schema is the same; a
   * different schema is an error.
   */
  public Table createTable(String name, Schema schema, TableOptions options) {
    return new Table(engine, engine.createTable(name, schema, options));
  }

  /** The named table; throws naming the existing tables when there is none. */
  public Table table(String name) {
    return findTable(name)
        .orElseThrow(
            () ->
                new NoSuchTableException(
                    "no table '"
                        + name
                        + "' in database "
                        + directory()
                        + " (tables: "
                        + tableNames()
                        + ")"));
  }

  /** The named table, if it exists. */
  public Optional<Table> findTable(String name) {
    TableStore store = engine.table(name);
    return store == null ? Optional.empty() : Optional.of(new Table(engine, store));
  }

  /** All tables, in creation order. */
  public List<Table> tables() {
    List<Table> list = new ArrayList<>();
    for (TableStore store : engine.tables()) {
      list.add(new Table(engine, store));
    }
    return list;
  }

  private List<String> tableNames() {
    List<String> names = new ArrayList<>();
    for (TableStore store : engine.tables()) {
      names.add(store.name());
    }
    return names;
  }

  /** Drops a table and deletes its files; false when there is no such table. */
  public boolean dropTable(String name) {
    return engine.dropTable(name);
  }

  /** Drops the index named {@code name} (of any table); false when there is none. */
  public boolean dropIndex(String name) {
    return Indexes.drop(engine, name);
  }

  /** Rebuilds every index of every table from its cold blocks; returns how many. */
  public int reindex() {
    return Indexes.reindex(engine, null, null);
  }

  /**
   * Rebuilds the index named {@code name}, or every index of the table named {@code name} when no
   * index has that name; returns how many.
   *
   * @throws IllegalArgumentException when neither an index nor a table has that name
   */
  public int reindex(String name) {
    if (engine.table(name) != null && !hasIndex(name)) {
      return Indexes.reindex(engine, name, null);
    }
    return Indexes.reindex(engine, null, name);
  }

  private boolean hasIndex(String name) {
    for (TableStore store : engine.tables()) {
      for (IndexInfo index : Indexes.describe(store)) {
        if (index.name().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A number that grows whenever a table is created or dropped: what a cache of plans over this
   * database's tables checks to know they still hold.
   */
  public long catalogVersion() {
    return engine.catalogVersion();
  }

  /** Starts a transaction whose appends, to any tables, commit atomically. */
  public Transaction beginTransaction() {
    return new Transaction(engine);
  }

  /** Flushes every table's in-memory rows to cold blocks. */
  public void flush() {
    for (TableStore store : engine.tables()) {
      engine.maintenance().flushNow(store);
    }
  }

  /**
   * Checks the database without changing it: WAL checksums, every block file against its manifest
   * entry (row counts, statistics), and the Parquet footers.
   */
  public IntegrityReport check() {
    return IntegrityCheck.run(engine);
  }

  /** The engine behind this database, for the SQL layer. */
  public Engine engine() {
    return engine;
  }

  /** Flushes full blocks, syncs the WAL and releases the directory lock. */
  @Override
  public void close() {
    engine.close();
  }
}
