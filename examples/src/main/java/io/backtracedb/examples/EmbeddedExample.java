package io.backtracedb.examples;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.Predicate;
import io.backtracedb.Row;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The embedded API: create a table with a time column, append a batch (one commit, one WAL record),
 * and read it back with a filter the engine pushes down to its blocks.
 */
public final class EmbeddedExample {
  private EmbeddedExample() {}

  /** Runs the example in database directory {@code dir}; returns the rows it read. */
  public static long run(Path dir, PrintStream out) {
    try (Database db = Database.open(dir)) {
      Table readings =
          db.createTable(
              "readings",
              Schema.builder()
                  .notNull("ts", ColumnType.TIMESTAMP)
                  .notNull("sensor", ColumnType.VARCHAR)
                  .column("celsius", ColumnType.DOUBLE)
                  .build(),
              TableOptions.defaults().withTimeColumn("ts"));
      Instant start = Instant.parse("2024-06-01T00:00:00Z");
      RowBatch batch = readings.newBatch();
      for (int minute = 0; minute < 600; minute++) {
        batch.addRow(start.plusSeconds(60L * minute), "s" + minute % 3, 20.0 + minute % 10);
      }
      readings.append(batch);
      long read = 0;
      try (TableReader reader =
          readings
              .reader()
              .where(new Predicate.Compare("sensor", Predicate.Op.EQ, "s1"))
              .filter("celsius", ">=", 28.0)) {
        for (Row row : reader) {
          read++;
          if (read <= 3) {
            out.println(row.getInstant("ts") + " " + row.getDouble("celsius"));
          }
        }
      }
      out.println(read + " readings of s1 at 28 degrees or more");
      return read;
    }
  }

  /** Runs the example in {@code args[0]} (default {@code example-embedded}). */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "example-embedded"), System.out);
  }
}
