package io.backtracedb.jdbc;

import io.backtracedb.BacktraceException;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.io.MemoryFileIO;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One open {@link Database} per directory (or in-memory name) per JVM, shared by all connections
 * and closed when the last one closes. An in-memory database disappears with its last connection.
 */
final class DatabaseRegistry {
  private static final Map<String, Entry> OPEN = new HashMap<>();

  private DatabaseRegistry() {}

  /** A shared database and how many connections use it. */
  private static final class Entry {
    final Database database;
    int references;

    Entry(Database database) {
      this.database = database;
    }
  }

  /** A connection's use of a shared database; {@link #release()} once. */
  static final class Handle {
    private final String key;
    private final Database database;
    private boolean released;

    Handle(String key, Database database) {
      this.key = key;
      this.database = database;
    }

    Database database() {
      return database;
    }

    /** Drops this connection's reference; the last one closes the database. */
    void release() {
      synchronized (OPEN) {
        if (released) {
          return;
        }
        released = true;
        Entry entry = OPEN.get(key);
        if (entry != null && --entry.references == 0) {
          OPEN.remove(key);
          entry.database.close();
        }
      }
    }
  }

  /** Opens or shares the database {@code url} names. */
  static Handle acquire(BacktraceUrl url) throws SQLException {
    String key = url.path() == null ? "mem:" + url.memoryName() : url.path().toString();
    synchronized (OPEN) {
      Entry entry = OPEN.get(key);
      if (entry == null) {
        entry = new Entry(open(url));
        OPEN.put(key, entry);
      }
      entry.references++;
      return new Handle(key, entry.database);
    }
  }

  private static Database open(BacktraceUrl url) throws SQLException {
    DatabaseOptions options = url.options();
    try {
      if (url.path() == null) {
        return Database.open(
            Path.of("/backtrace-memory", url.memoryName()), options.withFileIO(new MemoryFileIO()));
      }
      return Database.open(url.path(), options);
    } catch (BacktraceException e) {
      throw BacktraceSqlErrors.toSql(e);
    }
  }
}
