package io.backtracedb.engine;

import io.backtracedb.BlockInfo;
import io.backtracedb.Database;
import io.backtracedb.Table;
import io.backtracedb.Transaction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link KillNineTest}: opens the database in SYNC mode and commits
 * self-describing batches ({@link BatchRows}) to tables {@code a} and {@code b}, some in one
 * transaction across both, printing {@code ACK <id>} after each commit returns, and now and then
 * flushing and compacting, until it is killed or halts at its armed crash point.
 *
 * <p>Arguments: database directory, random seed, {@code block_rows}, and {@code eager} (flush and
 * compact often, so that flush and compaction crash points are reached within a few batches).
 */
final class CrashChild {
  /** A child that was neither killed nor halted by then gives up, so none outlives its test. */
  private static final long LIFETIME_SECONDS = 120;

  /** The largest part a batch writes to one table. */
  static final int MAX_PART_ROWS = 5000;

  private CrashChild() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    int blockRows = Integer.parseInt(args[2]);
    boolean eager = Boolean.parseBoolean(args[3]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIFETIME_SECONDS);
    PrintStream out = System.out;
    try (Database db = Database.open(directory)) {
      Table[] tables = BatchRows.createTables(db, blockRows);
      long next = Math.max(maxId(tables[0]), maxId(tables[1])) + 1;
      out.println("READY " + next);
      out.flush();
      while (System.nanoTime() < deadline) {
        long id = next++;
        int kind = random.nextInt(3);
        if (kind == 0) {
          int mask = BatchRows.A | BatchRows.B;
          try (Transaction tx = db.beginTransaction()) {
            BatchRows.add(tx.rows(tables[0]), id, partRows(random), mask);
            BatchRows.add(tx.rows(tables[1]), id, partRows(random), mask);
            tx.commit();
          }
        } else {
          Table table = tables[kind - 1];
          table.append(BatchRows.part(table, id, partRows(random), kind));
        }
        out.println("ACK " + id);
        out.flush();
        if (random.nextInt(eager ? 3 : 25) == 0) {
          tables[random.nextInt(2)].flush();
        }
        if (random.nextInt(eager ? 4 : 40) == 0) {
          tables[random.nextInt(2)].compact();
        }
      }
    }
    System.exit(3);
  }

  /** The highest batch id in the table, from the time column's block statistics. */
  private static long maxId(Table table) {
    long max = 0;
    for (BlockInfo block : table.blocks()) {
      if (block.maxTime() != null) {
        max = Math.max(max, block.maxTime() / BatchRows.MAX_ROWS);
      }
    }
    return max;
  }

  /** Rows of a part: 1..5000, half of the parts below 200 so that commits come quickly. */
  private static int partRows(Random random) {
    return 1 + random.nextInt(random.nextBoolean() ? 200 : MAX_PART_ROWS);
  }
}
