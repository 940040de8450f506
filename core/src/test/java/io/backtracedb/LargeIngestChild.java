package io.backtracedb;

import io.backtracedb.column.ColumnBatch;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link LargerThanMemoryTest}: ingests {@code rows} generated trades through
 * the embedded API in batches, closes and reopens the database, then counts all rows, the rows of a
 * time window and the rows of one symbol (with the sum of their quantities), and prints them.
 *
 * <p>Arguments: database directory, row count.
 */
final class LargeIngestChild {
  private LargeIngestChild() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    PrintStream out = System.out;
    out.println("HEAP " + Runtime.getRuntime().maxMemory());
    try (Database db = Database.open(directory)) {
      Table trades =
          db.createTable("trades", LargerThanMemoryTest.SCHEMA, LargerThanMemoryTest.OPTIONS);
      RowBatch batch = trades.newBatch();
      for (long i = 0; i < rows; i++) {
        batch
            .setLong(0, LargerThanMemoryTest.time(i))
            .setString(1, LargerThanMemoryTest.symbol(i))
            .setDouble(2, LargerThanMemoryTest.price(i))
            .setLong(3, LargerThanMemoryTest.quantity(i))
            .setInt(4, LargerThanMemoryTest.venue(i))
            .endRow();
        if (batch.rowCount() == LargerThanMemoryTest.BATCH_ROWS) {
          trades.append(batch);
          batch.clear();
        }
      }
      if (batch.rowCount() > 0) {
        trades.append(batch);
      }
      out.println("INGESTED " + trades.stats().rowCount());
    }
    try (Database db = Database.open(directory)) {
      Table trades = db.table("trades");
      out.println("BLOCKS " + trades.stats().coldBlocks() + " " + trades.stats().memoryRows());
      out.println("COUNT " + count(trades.reader().select("venue")));
      out.println(
          "WINDOW "
              + count(
                  trades
                      .reader()
                      .where(
                          Predicate.between(
                              "ts",
                              LargerThanMemoryTest.WINDOW_FROM,
                              LargerThanMemoryTest.WINDOW_TO))
                      .select("ts")));
      long matches = 0;
      long quantities = 0;
      try (TableReader reader =
          trades.reader().filter("symbol", "=", LargerThanMemoryTest.SYMBOL).select("qty")) {
        for (Row row : reader) {
          matches++;
          quantities += row.getLong(3);
        }
      }
      out.println("SYMBOL " + matches + " " + quantities);
    }
    out.flush();
  }

  private static long count(TableReader reader) {
    long count = 0;
    try (reader) {
      for (ColumnBatch batch = reader.nextBatch(); batch != null; batch = reader.nextBatch()) {
        count += batch.selectedCount();
      }
    }
    return count;
  }
}
