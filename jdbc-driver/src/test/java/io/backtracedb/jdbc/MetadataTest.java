package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatabaseMetaData} answers the probes consoles and BI tools make when they connect. */
class MetadataTest {
  @TempDir Path dir;
  private Connection connection;
  private DatabaseMetaData meta;

  @BeforeEach
  void connect() throws SQLException {
    connection = DriverManager.getConnection("jdbc:backtrace:" + dir + ";password=secret");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE trades (ts TIMESTAMP NOT NULL, symbol VARCHAR NOT NULL, price DOUBLE,"
              + " qty BIGINT, d DATE, ok BOOLEAN, n INTEGER) WITH (time_column = 'ts')");
    }
    meta = connection.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String column : columns) {
          row.add(rs.getString(column));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void productAndCapabilitiesDescribeBacktraceDb() throws SQLException {
    assertEquals("BacktraceDB", meta.getDatabaseProductName());
    assertFalse(meta.getDatabaseProductVersion().isEmpty());
    assertEquals("BacktraceDB JDBC Driver", meta.getDriverName());
    assertEquals("jdbc:backtrace:" + dir, meta.getURL(), "the URL, without the password");
    assertEquals("\"", meta.getIdentifierQuoteString());
    assertTrue(meta.storesLowerCaseIdentifiers());
    assertTrue(meta.supportsTransactions());
    assertTrue(meta.supportsSavepoints());
    assertTrue(meta.supportsBatchUpdates());
    assertFalse(meta.isReadOnly());
    assertEquals(Connection.TRANSACTION_READ_COMMITTED, meta.getDefaultTransactionIsolation());
    assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
    assertTrue(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED));
    assertFalse(meta.supportsGetGeneratedKeys());
  }

  @Test
  void schemasTablesAndTableTypesSeparateUserAndSystemTables() throws SQLException {
    List<List<String>> schemas = rows(meta.getSchemas(), "TABLE_SCHEM");
    assertTrue(schemas.contains(List.of("main")), schemas::toString);
    assertTrue(schemas.contains(List.of("sys")), schemas::toString);
    assertEquals(
        List.of(List.of("SYSTEM TABLE"), List.of("TABLE"), List.of("VIEW")),
        rows(meta.getTableTypes(), "TABLE_TYPE"));
    assertEquals(
        List.of(List.of("main", "trades", "TABLE")),
        rows(
            meta.getTables(null, null, "%", new String[] {"TABLE"}),
            "TABLE_SCHEM",
            "TABLE_NAME",
            "TABLE_TYPE"));
    List<List<String>> system =
        rows(meta.getTables(null, "sys", "%", new String[] {"SYSTEM TABLE"}), "TABLE_NAME");
    assertTrue(system.contains(List.of("blocks")), system::toString);
    assertTrue(system.contains(List.of("wal")), system::toString);
  }

  @Test
  void columnsHavePlainTypeNamesSizesAndNullability() throws SQLException {
    assertEquals(
        List.of(
            List.of("ts", "93", "TIMESTAMP", "23", "3", "NO", "1"),
            Arrays.asList("symbol", "12", "VARCHAR", "2147483647", null, "NO", "2"),
            Arrays.asList("price", "8", "DOUBLE", "17", null, "YES", "3"),
            List.of("qty", "-5", "BIGINT", "19", "0", "YES", "4"),
            Arrays.asList("d", "91", "DATE", "10", null, "YES", "5"),
            Arrays.asList("ok", "16", "BOOLEAN", "1", null, "YES", "6"),
            List.of("n", "4", "INTEGER", "10", "0", "YES", "7")),
        rows(
            meta.getColumns(null, "main", "trades", "%"),
            "COLUMN_NAME",
            "DATA_TYPE",
            "TYPE_NAME",
            "COLUMN_SIZE",
            "DECIMAL_DIGITS",
            "IS_NULLABLE",
            "ORDINAL_POSITION"));
  }

  @Test
  void typeInfoListsTheStorableTypes() throws SQLException {
    assertEquals(
        List.of(
            List.of("BOOLEAN", Integer.toString(Types.BOOLEAN)),
            List.of("INTEGER", Integer.toString(Types.INTEGER)),
            List.of("BIGINT", Integer.toString(Types.BIGINT)),
            List.of("DOUBLE", Integer.toString(Types.DOUBLE)),
            List.of("VARCHAR", Integer.toString(Types.VARCHAR)),
            List.of("DATE", Integer.toString(Types.DATE)),
            List.of("TIMESTAMP", Integer.toString(Types.TIMESTAMP))),
        rows(meta.getTypeInfo(), "TYPE_NAME", "DATA_TYPE"));
  }

  @Test
  void primaryKeysAndIndexesAnswerWithTheStandardShape() throws SQLException {
    try (ResultSet keys = meta.getPrimaryKeys(null, "main", "trades")) {
      assertColumns(
          keys.getMetaData(),
          "TABLE_CAT",
          "TABLE_SCHEM",
          "TABLE_NAME",
          "COLUMN_NAME",
          "KEY_SEQ",
          "PK_NAME");
      assertFalse(keys.next(), "tables have no primary keys");
    }
    try (ResultSet indexes = meta.getIndexInfo(null, "main", "trades", false, true)) {
      assertColumns(
          indexes.getMetaData(),
          "TABLE_CAT",
          "TABLE_SCHEM",
          "TABLE_NAME",
          "NON_UNIQUE",
          "INDEX_QUALIFIER",
          "INDEX_NAME",
          "TYPE",
          "ORDINAL_POSITION",
          "COLUMN_NAME",
          "ASC_OR_DESC",
          "CARDINALITY",
          "PAGES",
          "FILTER_CONDITION");
      assertFalse(indexes.next(), "no indexes were created");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO trades (ts, symbol, qty) VALUES (TIMESTAMP '2024-01-02 00:00:00', 'A', 1)");
      statement.execute("CREATE INDEX trades_symbol ON trades (symbol)");
      statement.execute("CREATE UNIQUE INDEX trades_ts ON trades (ts)");
    }
    List<String> columns =
        List.of(
            "TABLE_SCHEM",
            "TABLE_NAME",
            "NON_UNIQUE",
            "INDEX_NAME",
            "TYPE",
            "ORDINAL_POSITION",
            "COLUMN_NAME",
            "ASC_OR_DESC");
    assertEquals(
        List.of(
            List.of("main", "trades", "false", "trades_ts", "3", "1", "ts", "A"),
            List.of("main", "trades", "true", "trades_symbol", "3", "1", "symbol", "A")),
        rows(
            meta.getIndexInfo(null, "main", "trades", false, true),
            columns.toArray(new String[0])));
    assertEquals(
        List.of(List.of("main", "trades", "false", "trades_ts", "3", "1", "ts", "A")),
        rows(
            meta.getIndexInfo(null, "main", "trades", true, true), columns.toArray(new String[0])));
    assertFalse(meta.getIndexInfo(null, "main", "other", false, true).next());
  }

  private static void assertColumns(ResultSetMetaData metaData, String... names)
      throws SQLException {
    List<String> actual = new ArrayList<>();
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      actual.add(metaData.getColumnLabel(i));
    }
    assertEquals(List.of(names), actual);
  }
}
