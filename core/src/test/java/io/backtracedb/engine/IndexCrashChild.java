package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.IndexInfo;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link IndexCrashTest}: keeps an indexed table busy with commits, flushes,
 * compactions and rebuilds (so index builds and index maintenance are under way most of the time)
 * until it is killed or halts at its armed crash point. Prints {@code ACK <rows>} after each
 * commit.
 *
 * <p>Arguments: database directory, random seed.
 */
final class IndexCrashChild {
  /** A child that was neither killed nor halted by then gives up. */
  private static final long LIFETIME_SECONDS = 60;

  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .column("v", ColumnType.BIGINT)
          .column("s", ColumnType.VARCHAR)
          .build();

  private IndexCrashChild() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIFETIME_SECONDS);
    PrintStream out = System.out;
    try (Database db = Database.open(directory)) {
      Table table =
          db.createTable(
              "t", SCHEMA, TableOptions.defaults().withTimeColumn("ts").withBlockRows(3000));
      if (table.indexes().stream().map(IndexInfo::name).noneMatch("t_v"::equals)) {
        // Covering, so that crashes also meet payloads being built and maintained (a plain index
        // takes the same paths without them).
        table.createIndex("t_v", "v", false, java.util.List.of("ts", "s"));
      }
      long next = table.stats().rowCount();
      out.println("READY " + next);
      out.flush();
      while (System.nanoTime() < deadline) {
        RowBatch batch = table.newBatch();
        int rows = 1 + random.nextInt(700);
        for (int i = 0; i < rows; i++) {
          long ts = next++;
          batch.addRow(ts, ts % 11 == 0 ? null : ts * 31 % 500, "s" + ts % 7);
        }
        table.append(batch);
        out.println("ACK " + next);
        out.flush();
        int op = random.nextInt(10);
        if (op < 3) {
          table.flush();
        } else if (op == 3) {
          table.compact();
        } else if (op == 4) {
          db.reindex("t_v");
        }
      }
    }
    System.exit(3);
  }
}
