package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Predicate;
import io.backtracedb.Row;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget of index files read into memory as they open ({@code index.preload_bytes}). */
class IndexPreloaderTest {
  private static final Schema SCHEMA =
      Schema.builder().notNull("ts", ColumnType.BIGINT).column("v", ColumnType.BIGINT).build();

  @TempDir Path dir;

  private static Table filled(Database db) {
    Table table =
        db.createTable(
            "t", SCHEMA, TableOptions.defaults().withTimeColumn("ts").withBlockRows(5_000));
    RowBatch batch = table.newBatch();
    for (long ts = 0; ts < 20_000; ts++) {
      batch.addRow(ts, ts * 31 % 20_011);
    }
    table.append(batch);
    table.flush();
    return table;
  }

  private Path indexFile(String name) {
    return dir.resolve("tables").resolve("t").resolve("indexes").resolve(name + ".btree");
  }

  private static long lookup(Table table, long v) {
    try (TableReader reader =
        table.reader().where(Predicate.eq("v", v)).indexUse(TableReader.IndexUse.ALWAYS)) {
      long found = -1;
      for (Row row : reader) {
        found = (Long) row.get("ts");
      }
      return found;
    }
  }

  @Test
  void indexesWithinTheBudgetAreChargedTheirFilesUntilDroppedAndLookupsStayRight()
      throws IOException {
    DatabaseOptions options = DatabaseOptions.defaults().withBackgroundFlush(false);
    try (Database db = Database.open(dir, options)) {
      Table table = filled(db);
      table.createIndex("by_v", "v", true);
      IndexPreloader preloader = db.engine().preloader;
      assertEquals(Files.size(indexFile("by_v")), preloader.used());
      for (long ts = 0; ts < 20_000; ts += 997) {
        assertEquals(ts, lookup(table, ts * 31 % 20_011));
      }
      table.dropIndex("by_v");
      assertEquals(0, preloader.used());
    }
    try (Database db = Database.open(dir, options)) {
      Table table = db.table("t");
      table.createIndex("by_v", "v", true);
    }
    // Reopened: the index opens from its file and is charged again.
    try (Database db = Database.open(dir, options)) {
      assertEquals(Files.size(indexFile("by_v")), db.engine().preloader.used());
      assertEquals(997L, lookup(db.table("t"), 997L * 31 % 20_011));
    }
  }

  @Test
  void aFilePastTheBudgetOrABudgetOfNothingPreloadsNone() {
    try (Database db =
        Database.open(
            dir, DatabaseOptions.defaults().withBackgroundFlush(false).withIndexPreloadBytes(0))) {
      filled(db).createIndex("by_v", "v", true);
      assertEquals(0, db.engine().preloader.used());
    }
    try (Database db =
        Database.open(
            dir,
            DatabaseOptions.defaults().withBackgroundFlush(false).withIndexPreloadBytes(16_384))) {
      assertEquals(0, db.engine().preloader.used(), "a file of more than two pages");
      assertEquals(5L, lookup(db.table("t"), 5L * 31 % 20_011));
    }
  }
}
