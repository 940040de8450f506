package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.ForwardingFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit may ask for weaker durability than its database's, never for stronger. */
class DurabilityOverrideTest {
  @TempDir Path dir;

  /** Counts fsyncs of WAL segment files. */
  static final class CountingFileIO extends ForwardingFileIO {
    final AtomicInteger walForces = new AtomicInteger();

    CountingFileIO(FileIO delegate) {
      super(delegate);
    }

    @Override
    public WritableFile openForAppend(Path path) throws IOException {
      return counted(super.openForAppend(path));
    }

    @Override
    public WritableFile create(Path path) throws IOException {
      return counted(super.create(path));
    }

    private WritableFile counted(WritableFile file) {
      boolean wal = file.path().toString().endsWith(".wal");
      return new ForwardingWritableFile(file) {
        @Override
        public void force() throws IOException {
          if (wal) {
            walForces.incrementAndGet();
          }
          super.force();
        }
      };
    }
  }

  private static Schema schema() {
    return Schema.builder().notNull("n", ColumnType.BIGINT).build();
  }

  @Test
  void aWeakerCommitSkipsTheFsyncAndIsVisibleAtOnce() {
    CountingFileIO io = new CountingFileIO(LocalFileIO.INSTANCE);
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withFileIO(io))) {
      Table table = db.createTable("t", schema());
      int before = io.walForces.get();
      table.append(table.newBatch().addRow(1L), Durability.NONE);
      assertEquals(before, io.walForces.get(), "no fsync for a commit that asked for none");
      assertEquals(1, table.stats().rowCount(), "visible without waiting for an fsync");
      try (Transaction transaction = db.beginTransaction()) {
        transaction.append(table, 2L);
        transaction.commit(Durability.ASYNC);
      }
      assertEquals(before, io.walForces.get());
      table.append(table.newBatch().addRow(3L));
      assertTrue(io.walForces.get() > before, "the database's own mode still fsyncs");
      assertEquals(3, table.stats().rowCount());
    }
    try (Database db = Database.open(dir)) {
      assertEquals(3, db.table("t").stats().rowCount(), "a clean close keeps every commit");
    }
  }

  @Test
  void aStrongerCommitIsCappedAtTheDatabasesMode() {
    CountingFileIO io = new CountingFileIO(LocalFileIO.INSTANCE);
    DatabaseOptions options =
        DatabaseOptions.defaults().withFileIO(io).withDurability(Durability.NONE);
    try (Database db = Database.open(dir, options)) {
      Table table = db.createTable("t", schema());
      int before = io.walForces.get();
      table.append(table.newBatch().addRow(1L), Durability.SYNC);
      assertEquals(before, io.walForces.get());
    }
    assertTrue(Durability.SYNC.atLeast(Durability.NONE));
    assertFalse(Durability.NONE.atLeast(Durability.ASYNC));
  }
}
