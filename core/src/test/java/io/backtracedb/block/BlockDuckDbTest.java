package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB, an independent Parquet reader, reads our block files with the same values and types. */
class BlockDuckDbTest {
  @TempDir Path dir;

  @Test
  void duckDbReadsTheSameValuesAndTypes() throws IOException, SQLException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(31), ALL_TYPES, 3000);
    rows.addAll(BlockRoundTripTest.edgeRows().subList(0, 12));
    for (int r = 3000; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      row[0] = 1_600_000_000_000L + r * 37L; // instants DuckDB can represent
      row[1] = (long) r;
      if (row[6] != null) {
        row[6] = (Integer) row[6] % 100_000; // dates within DuckDB's range
      }
    }
    Path file = write(rows, BlockWriteOptions.defaults().withPageRows(500));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT ts, id, i, d, s, b, day, big FROM read_parquet('"
                    + file
                    + "') ORDER BY id")) {
      ResultSetMetaData meta = result.getMetaData();
      Map<String, String> types = new HashMap<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        types.put(meta.getColumnName(c), meta.getColumnTypeName(c));
      }
      assertEquals("TIMESTAMP WITH TIME ZONE", types.get("ts"));
      assertEquals("BIGINT", types.get("id"));
      assertEquals("INTEGER", types.get("i"));
      assertEquals("DOUBLE", types.get("d"));
      assertEquals("VARCHAR", types.get("s"));
      assertEquals("BOOLEAN", types.get("b"));
      assertEquals("DATE", types.get("day"));
      List<Object[]> read = new ArrayList<>();
      while (result.next()) {
        OffsetDateTime ts = result.getObject(1, OffsetDateTime.class);
        LocalDate day = result.getObject(7, LocalDate.class);
        read.add(
            new Object[] {
              ts.toInstant().toEpochMilli(),
              result.getLong(2),
              nullable(result, result.getInt(3)),
              nullable(result, result.getDouble(4)),
              result.getString(5),
              nullable(result, result.getBoolean(6)),
              day == null ? null : (int) day.toEpochDay(),
              nullable(result, result.getLong(8)),
            });
      }
      BlockRoundTripTest.assertRowsEqual(rows, read);
    }
  }

  @Test
  void duckDbSeesZstdEncodingsAndTimeStatistics() throws IOException, SQLException {
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(32), ALL_TYPES, 5000);
    Path file = write(rows, BlockWriteOptions.defaults().withRowGroupRows(2000));
    Map<String, String> encodings = new HashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT path_in_schema, compression, encodings, stats_min_value, stats_max_value,"
                    + " row_group_id FROM parquet_metadata('"
                    + file
                    + "')")) {
      int chunks = 0;
      while (result.next()) {
        chunks++;
        String column = result.getString(1);
        assertEquals("ZSTD", result.getString(2).toUpperCase(Locale.ROOT), column);
        encodings.put(column, result.getString(3));
        if (column.equals("ts")) {
          assertNotNull(result.getString(4), "ts min of row group " + result.getInt(6));
          assertNotNull(result.getString(5), "ts max of row group " + result.getInt(6));
        }
      }
      assertEquals(3 * ALL_TYPES.size(), chunks);
    }
    assertTrue(encodings.get("ts").contains("DELTA_BINARY_PACKED"), encodings.toString());
    assertTrue(encodings.get("id").contains("DELTA_BINARY_PACKED"), encodings.toString());
    assertTrue(encodings.get("d").contains("BYTE_STREAM_SPLIT"), encodings.toString());
    assertTrue(encodings.get("s").contains("RLE_DICTIONARY"), encodings.toString());
    assertFalse(encodings.get("ts").contains("DICTIONARY"), encodings.toString());
  }

  @Test
  void duckDbSeesTheStoredSchema() throws IOException, SQLException {
    Path file = write(BlockTestSupport.randomRows(new Random(33), ALL_TYPES, 10), null);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT decode(value) FROM parquet_kv_metadata('"
                    + file
                    + "') WHERE decode(key) = '"
                    + BlockFormat.SCHEMA_KEY
                    + "'")) {
      assertTrue(result.next());
      assertEquals(ALL_TYPES, BlockSchema.decode(result.getString(1)));
    }
  }

  private Path write(List<Object[]> rows, BlockWriteOptions options) throws IOException {
    Path file = dir.resolve("duck.parquet");
    BlockWriter.write(
        LocalFileIO.INSTANCE,
        file,
        ALL_TYPES,
        BlockTestSupport.vectors(ALL_TYPES, rows),
        rows.size(),
        null,
        options == null ? BlockWriteOptions.defaults() : options);
    return file;
  }

  private static <T> T nullable(ResultSet result, T value) throws SQLException {
    return result.wasNull() ? null : value;
  }
}
