package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.io.LocalFileIO;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session commits with its own durability, whether a transaction touches one table or two. */
class BacktraceSessionTest {
  private static final Schema SCHEMA = Schema.builder().notNull("ts", ColumnType.BIGINT).build();

  @TempDir Path dir;

  private static RowBatch rows(Table table, long... values) {
    RowBatch batch = table.newBatch();
    for (long value : values) {
      batch.addRow(value);
    }
    return batch;
  }

  @Test
  void aSessionWithoutFsyncCommitsOneOrTwoTablesWithoutForcingTheLog() {
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    try (Database database =
        Database.open(
            dir, DatabaseOptions.defaults().withDurability(Durability.SYNC).withFileIO(io))) {
      Table a = database.createTable("a", SCHEMA);
      Table b = database.createTable("b", SCHEMA);
      BacktraceSession session = new BacktraceSession(database);
      session.setDurability(Durability.NONE);
      session.setAutoCommit(false);
      long forces = io.count(Op.FORCE);
      session.insert(a, rows(a, 1, 2));
      session.commit();
      session.insert(a, rows(a, 3));
      session.insert(b, rows(b, 4));
      session.commit();
      assertEquals(forces, io.count(Op.FORCE), "no fsync for either commit");
      assertEquals(3, a.stats().rowCount());
      assertEquals(1, b.stats().rowCount());

      session.setDurability(Durability.SYNC);
      session.insert(a, rows(a, 5));
      session.commit();
      assertEquals(forces + 1, io.count(Op.FORCE), "the database's mode forces the log");
    }
  }
}
