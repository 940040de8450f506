package io.backtracedb.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.sql.ddl.SqlBacktraceColumn;
import io.backtracedb.sql.ddl.SqlCreateBacktraceIndex;
import io.backtracedb.sql.ddl.SqlCreateBacktraceTable;
import io.backtracedb.sql.ddl.SqlDropBacktraceIndex;
import io.backtracedb.sql.ddl.SqlDropBacktraceTable;
import io.backtracedb.sql.ddl.SqlReindex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BacktraceSqlParserTest {

  private static <T extends SqlNode> T parse(String sql, Class<T> type) throws SqlParseException {
    return assertInstanceOf(type, BacktraceSqlParser.parseStatement(sql));
  }

  private static String typeOf(SqlBacktraceColumn column) {
    return BacktraceSqlParser.toSql(column.dataType());
  }

  @Test
  void createTableReadsEveryColumnTypeAndNullability() throws SqlParseException {
    SqlCreateBacktraceTable create =
        parse(
            "CREATE TABLE trades (ts TIMESTAMP NOT NULL, ok BOOLEAN, qty INTEGER, n INT,"
                + " id BIGINT NOT NULL, price DOUBLE NULL, host VARCHAR, sym VARCHAR(12), trade_date DATE)",
            SqlCreateBacktraceTable.class);

    assertEquals("trades", create.name().getSimple());
    assertFalse(create.ifNotExists());
    assertFalse(create.getReplace());
    List<SqlBacktraceColumn> columns = create.columns();
    assertEquals(
        List.of("ts", "ok", "qty", "n", "id", "price", "host", "sym", "trade_date"),
        columns.stream().map(SqlBacktraceColumn::columnName).toList());
    assertEquals(
        List.of(
            "TIMESTAMP",
            "BOOLEAN",
            "INTEGER",
            "INTEGER",
            "BIGINT",
            "DOUBLE",
            "VARCHAR",
            "VARCHAR(12)",
            "DATE"),
        columns.stream().map(BacktraceSqlParserTest::typeOf).toList());
    assertEquals(
        List.of(false, true, true, true, false, true, true, true, true),
        columns.stream().map(SqlBacktraceColumn::nullable).toList());
    SqlBasicTypeNameSpec sym = (SqlBasicTypeNameSpec) columns.get(7).dataType().getTypeNameSpec();
    assertEquals(SqlTypeName.VARCHAR, SqlTypeName.get(sym.getTypeName().getSimple()));
    assertEquals(12, sym.getPrecision());
    assertTrue(create.options().isEmpty());
    assertTrue(create.primaryKey().isEmpty());
  }

  @Test
  void createTableAcceptsTypesCalciteKnowsBeyondTheCoreSet() throws SqlParseException {
    SqlCreateBacktraceTable create =
        parse(
            "create table t (a DECIMAL(10, 2), b TIMESTAMP WITH LOCAL TIME ZONE, c TIMESTAMP(3))",
            SqlCreateBacktraceTable.class);

    assertEquals(
        List.of("DECIMAL(10, 2)", "TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP(3)"),
        create.columns().stream().map(BacktraceSqlParserTest::typeOf).toList());
  }

  @Test
  void createTableWithOptionsKeepsWrittenOrderLowerCaseKeysAndTextValues()
      throws SqlParseException {
    SqlCreateBacktraceTable create =
        parse(
            "CREATE TABLE IF NOT EXISTS metrics (ts TIMESTAMP NOT NULL, v DOUBLE) WITH ("
                + "time_column = 'ts', BLOCK_ROWS = 1000000, ttl = '30 days', \"Ratio\" = 0.50,"
                + " 'wal.sync_interval' = 100, skew = -3, big = 1e3, compress = TRUE,"
                + " quote = 'it''s')",
            SqlCreateBacktraceTable.class);

    assertTrue(create.ifNotExists());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("time_column", "ts");
    expected.put("block_rows", "1000000");
    expected.put("ttl", "30 days");
    expected.put("ratio", "0.50");
    expected.put("wal.sync_interval", "100");
    expected.put("skew", "-3");
    expected.put("big", "1000");
    expected.put("compress", "true");
    expected.put("quote", "it's");
    assertEquals(expected, create.options());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(create.options().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> create.options().put("x", "y"));
  }

  @Test
  void unquotedNamesFoldToLowerCaseAndQuotedNamesKeepTheirSpelling() throws SqlParseException {
    SqlCreateBacktraceTable create =
        parse(
            "CREATE TABLE Sales.Trades (Price DOUBLE, \"Raw Tick\" BIGINT)",
            SqlCreateBacktraceTable.class);

    assertEquals(List.of("sales", "trades"), create.name().names);
    assertEquals(
        List.of("price", "Raw Tick"),
        create.columns().stream().map(SqlBacktraceColumn::columnName).toList());
  }

  @Test
  void primaryKeyIsRecordedFromColumnOrTableConstraint() throws SqlParseException {
    SqlCreateBacktraceTable inline =
        parse(
            "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, v DOUBLE)",
            SqlCreateBacktraceTable.class);
    SqlCreateBacktraceTable constraint =
        parse(
            "CREATE TABLE t (id BIGINT NOT NULL, v DOUBLE, PRIMARY KEY (id))",
            SqlCreateBacktraceTable.class);
    SqlCreateBacktraceTable compound =
        parse("CREATE TABLE t (a INT, PRIMARY KEY (a, b), b INT)", SqlCreateBacktraceTable.class);

    assertEquals(List.of("id"), inline.primaryKey());
    assertEquals(List.of("id"), constraint.primaryKey());
    assertEquals(List.of("a", "b"), compound.primaryKey());
    assertEquals(2, compound.columns().size());
    assertTrue(inline.equalsDeep(constraint, Litmus.THROW));
    assertEquals(
        "CREATE TABLE \"t\" (\"id\" BIGINT NOT NULL, \"v\" DOUBLE, PRIMARY KEY (\"id\"))",
        BacktraceSqlParser.toSql(inline));
  }

  @Test
  void newKeywordsStayUsableAsNames() throws SqlParseException {
    SqlCreateBacktraceTable create =
        parse("CREATE TABLE if (index INT, reindex INT)", SqlCreateBacktraceTable.class);
    SqlCreateBacktraceTable guarded =
        parse("CREATE TABLE IF NOT EXISTS if (index INT)", SqlCreateBacktraceTable.class);
    SqlDropBacktraceTable drop = parse("DROP TABLE IF EXISTS if", SqlDropBacktraceTable.class);
    SqlDropBacktraceTable dropNamedIf = parse("DROP TABLE if", SqlDropBacktraceTable.class);

    assertEquals("if", create.name().getSimple());
    assertFalse(create.ifNotExists());
    assertEquals(
        List.of("index", "reindex"),
        create.columns().stream().map(SqlBacktraceColumn::columnName).toList());
    assertTrue(guarded.ifNotExists());
    assertEquals("if", guarded.name().getSimple());
    assertTrue(drop.ifExists());
    assertEquals("if", drop.name().getSimple());
    assertFalse(dropNamedIf.ifExists());
    assertEquals("if", dropNamedIf.name().getSimple());
  }

  @Test
  void dropTableReadsIfExistsAndQualifiedName() throws SqlParseException {
    SqlDropBacktraceTable plain = parse("DROP TABLE trades", SqlDropBacktraceTable.class);
    SqlDropBacktraceTable guarded =
        parse("drop table if exists s.trades", SqlDropBacktraceTable.class);

    assertFalse(plain.ifExists());
    assertEquals(List.of("trades"), plain.name().names);
    assertTrue(guarded.ifExists());
    assertEquals(List.of("s", "trades"), guarded.name().names);
  }

  @Test
  void createIndexReadsUniqueIfNotExistsTableAndColumn() throws SqlParseException {
    SqlCreateBacktraceIndex plain =
        parse("CREATE INDEX trades_sym ON trades (sym)", SqlCreateBacktraceIndex.class);
    SqlCreateBacktraceIndex unique =
        parse(
            "create unique index if not exists ix_id on s.trades (\"Id\")",
            SqlCreateBacktraceIndex.class);

    assertFalse(plain.unique());
    assertFalse(plain.ifNotExists());
    assertEquals("trades_sym", plain.name().getSimple());
    assertEquals(List.of("trades"), plain.table().names);
    assertEquals("sym", plain.columnName());
    assertTrue(unique.unique());
    assertTrue(unique.ifNotExists());
    assertEquals(List.of("s", "trades"), unique.table().names);
    assertEquals("Id", unique.columnName());
    assertEquals(List.of(), plain.includeNames());
  }

  @Test
  void createIndexReadsIncludedColumns() throws SqlParseException {
    SqlCreateBacktraceIndex covering =
        parse(
            "CREATE INDEX trades_ts ON trades (ts) INCLUDE (symbol, \"Price\", qty)",
            SqlCreateBacktraceIndex.class);
    assertEquals("ts", covering.columnName());
    assertEquals(List.of("symbol", "Price", "qty"), covering.includeNames());
    assertThrows(
        SqlParseException.class,
        () -> BacktraceSqlParser.parseStatement("CREATE INDEX i ON t (c) INCLUDE ()"));
  }

  @Test
  void dropIndexReadsIfExists() throws SqlParseException {
    SqlDropBacktraceIndex plain = parse("DROP INDEX trades_sym", SqlDropBacktraceIndex.class);
    SqlDropBacktraceIndex guarded =
        parse("DROP INDEX IF EXISTS trades_sym", SqlDropBacktraceIndex.class);

    assertFalse(plain.ifExists());
    assertTrue(guarded.ifExists());
    assertEquals("trades_sym", guarded.name().getSimple());
  }

  @Test
  void reindexTakesAnOptionalName() throws SqlParseException {
    assertNull(parse("REINDEX", SqlReindex.class).name());
    assertEquals(
        List.of("s", "trades_sym"), parse("reindex s.trades_sym", SqlReindex.class).name().names);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "CREATE TABLE t (a INT)",
        "CREATE TABLE s.t (ts TIMESTAMP NOT NULL, ok BOOLEAN, qty INTEGER, n INT, id BIGINT NOT NULL,"
            + " price DOUBLE, host VARCHAR, sym VARCHAR(12), trade_date DATE, amount DECIMAL(10, 2))",
        "CREATE TABLE IF NOT EXISTS \"Mixed Case\" (\"Col\" INT NOT NULL PRIMARY KEY)",
        "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b)) WITH (x = 1)",
        "CREATE TABLE t (ts TIMESTAMP) WITH (time_column = 'ts', block_rows = 1000000,"
            + " ttl = '30 días', r = 1.50, e = -1e3, quote = 'it''s', \"Dotted.Key\" = TRUE,"
            + " off = FALSE)",
        "DROP TABLE t",
        "DROP TABLE IF EXISTS s.t",
        "CREATE INDEX i ON t (c)",
        "CREATE UNIQUE INDEX IF NOT EXISTS s.i ON s.t (\"C\")",
        "CREATE INDEX i ON t (c) INCLUDE (a, \"B\")",
        "DROP INDEX i",
        "DROP INDEX IF EXISTS s.i",
        "REINDEX",
        "REINDEX s.i",
      })
  void ddlSurvivesUnparseAndReparse(String sql) throws SqlParseException {
    SqlNode first = BacktraceSqlParser.parseStatement(sql);
    String unparsed = BacktraceSqlParser.toSql(first);
    SqlNode second = BacktraceSqlParser.parseStatement(unparsed);

    assertTrue(first.equalsDeep(second, Litmus.THROW), unparsed);
    assertEquals(unparsed, BacktraceSqlParser.toSql(second));
    assertTrue(first.getKind().belongsTo(SqlKind.DDL), "Calcite routes DDL kinds to its executor");
  }

  @Test
  void differentFlagsAreNotDeepEqual() throws SqlParseException {
    SqlNode[][] pairs = {
      {
        BacktraceSqlParser.parseStatement("CREATE TABLE t (a INT)"),
        BacktraceSqlParser.parseStatement("CREATE TABLE IF NOT EXISTS t (a INT)")
      },
      {
        BacktraceSqlParser.parseStatement("CREATE TABLE t (a INT)"),
        BacktraceSqlParser.parseStatement("CREATE TABLE t (a INT NOT NULL)")
      },
      {
        BacktraceSqlParser.parseStatement("CREATE TABLE t (a INT) WITH (x = 1)"),
        BacktraceSqlParser.parseStatement("CREATE TABLE t (a INT) WITH (x = '1')")
      },
      {
        BacktraceSqlParser.parseStatement("CREATE INDEX i ON t (a)"),
        BacktraceSqlParser.parseStatement("CREATE UNIQUE INDEX i ON t (a)")
      },
      {
        BacktraceSqlParser.parseStatement("DROP INDEX i"),
        BacktraceSqlParser.parseStatement("DROP INDEX IF EXISTS i")
      },
      {
        BacktraceSqlParser.parseStatement("DROP TABLE i"),
        BacktraceSqlParser.parseStatement("DROP INDEX i")
      },
    };
    for (SqlNode[] pair : pairs) {
      assertFalse(pair[0].equalsDeep(pair[1], Litmus.IGNORE), pair[0] + " vs " + pair[1]);
    }
  }

  @Test
  void statementListMixesDdlAndQueries() throws SqlParseException {
    SqlNodeList list =
        BacktraceSqlParser.parseStatements(
            "CREATE TABLE t (a INT); INSERT INTO t VALUES (1); SELECT a FROM t; DROP TABLE t;");

    assertEquals(
        List.of(SqlKind.CREATE_TABLE, SqlKind.INSERT, SqlKind.SELECT, SqlKind.DROP_TABLE),
        list.stream().map(SqlNode::getKind).toList());
  }

  @Test
  void configFoldsUnquotedToLowerCaseWithDoubleQuotes() {
    assertEquals(Casing.TO_LOWER, BacktraceSqlParser.config().unquotedCasing());
    assertEquals(Casing.UNCHANGED, BacktraceSqlParser.config().quotedCasing());
    assertEquals(Quoting.DOUBLE_QUOTE, BacktraceSqlParser.config().quoting());
    assertFalse(BacktraceSqlParser.config().caseSensitive());
    assertEquals(BacktraceSqlParserImpl.FACTORY, BacktraceSqlParser.config().parserFactory());
  }

  @Test
  void connectionPropertiesMatchTheConfig() {
    Properties properties = BacktraceSqlParser.connectionProperties();

    assertEquals(
        "io.backtracedb.sql.ddl.BacktraceParserFactory#INSTANCE",
        properties.getProperty("parserFactory"));
    assertEquals("DOUBLE_QUOTE", properties.getProperty("quoting"));
    assertEquals("TO_LOWER", properties.getProperty("unquotedCasing"));
    assertEquals("UNCHANGED", properties.getProperty("quotedCasing"));
    assertEquals("false", properties.getProperty("caseSensitive"));
  }
}
