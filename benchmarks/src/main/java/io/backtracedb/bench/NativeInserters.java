package io.backtracedb.bench;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** The JDBC engines' own bulk paths: BacktraceDB's embedded API and DuckDB's Appender. */
final class NativeInserters {
  private NativeInserters() {}

  /**
   * BacktraceDB's embedded API, durability {@code none} (no fsync, as QuestDB's default): rows into
   * a {@link RowBatch}, one {@code Table.append} per commit.
   */
  static TradesSession.Inserter embedded(Path dir, TradesData data) {
    Schema.Builder schema =
        Schema.builder()
            .notNull("ts", ColumnType.BIGINT)
            .notNull("symbol", ColumnType.VARCHAR)
            .column("price", ColumnType.DOUBLE)
            .column("qty", ColumnType.BIGINT);
    if (data.hasOrderIds()) {
      schema.notNull("order_id", ColumnType.BIGINT);
    }
    Database db = Database.open(dir, DatabaseOptions.defaults().withDurability(Durability.NONE));
    Table table =
        db.createTable(
            TimeVariant.TABLE,
            schema.build(),
            TimeVariant.BIGINT_US.options(TableOptions.DEFAULT_BLOCK_ROWS));
    RowBatch batch = table.newBatch();
    return new TradesSession.Inserter() {
      @Override
      public void append(int row) {
        batch
            .setLong(0, data.ts(row))
            .setString(1, data.symbol(row))
            .setDouble(2, data.price(row))
            .setLong(3, data.qty(row));
        if (data.hasOrderIds()) {
          batch.setLong(4, data.orderId(row));
        }
        batch.endRow();
      }

      @Override
      public void commit() {
        table.append(batch);
        batch.clear();
      }

      @Override
      public void close() {
        db.close();
      }
    };
  }

  /** DuckDB's Appender on a new table; {@code flush()} (one commit) per commit. */
  static TradesSession.Inserter duckDbAppender(
      Connection connection, String createTable, TradesData data) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(createTable);
    }
    DuckDBAppender appender =
        connection
            .unwrap(DuckDBConnection.class)
            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, TimeVariant.TABLE);
    return new TradesSession.Inserter() {
      @Override
      public void append(int row) throws SQLException {
        appender.beginRow();
        appender.append(data.ts(row));
        appender.append(data.symbol(row));
        appender.append(data.price(row));
        appender.append(data.qty(row));
        if (data.hasOrderIds()) {
          appender.append(data.orderId(row));
        }
        appender.endRow();
      }

      @Override
      public void commit() throws SQLException {
        appender.flush();
      }

      @Override
      public void close() throws SQLException {
        try {
          appender.close();
        } finally {
          connection.close();
        }
      }
    };
  }
}
