package io.backtracedb.examples;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cold blocks are standard Parquet: after BacktraceDB closes (a clean close flushes everything),
 * DuckDB reads the table's block files directly, with no BacktraceDB code involved.
 */
public final class DuckDbReadsBlocksExample {
  private DuckDbReadsBlocksExample() {}

  /** Runs the example in database directory {@code dir}; returns DuckDB's row count. */
  public static long run(Path dir, PrintStream out) throws SQLException {
    try (Database db = Database.open(dir)) {
      Table trades =
          db.createTable(
              "trades",
              Schema.builder()
                  .notNull("ts", ColumnType.TIMESTAMP)
                  .notNull("symbol", ColumnType.VARCHAR)
                  .column("price", ColumnType.DOUBLE)
                  .build(),
              TableOptions.defaults().withTimeColumn("ts").withBlockRows(10_000));
      RowBatch batch = trades.newBatch();
      for (int i = 0; i < 25_000; i++) {
        batch.addRow(1_717_200_000_000L + i * 1000L, i % 2 == 0 ? "AAA" : "BBB", 10.0 + i % 7);
        if (batch.rowCount() == 5_000) {
          trades.append(batch);
          batch.clear();
        }
      }
    }
    String blocks = dir.resolve("tables/trades/blocks/*.parquet").toString().replace("'", "''");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT symbol, count(*), round(avg(price), 3) FROM read_parquet('"
                    + blocks
                    + "') GROUP BY symbol ORDER BY symbol")) {
      long rows = 0;
      while (rs.next()) {
        rows += rs.getLong(2);
        out.println(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getDouble(3));
      }
      return rows;
    }
  }

  /** Runs the example in {@code args[0]} (default {@code example-duckdb}). */
  public static void main(String[] args) throws SQLException {
    run(Path.of(args.length > 0 ? args[0] : "example-duckdb"), System.out);
  }
}
