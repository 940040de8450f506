package io.backtracedb.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Calcite's own grammar must survive the DDL additions. */
class BacktraceSqlParserStandardSqlTest {

  @Test
  void selectWithJoinsFiltersAndGrouping() throws SqlParseException {
    SqlOrderBy orderBy =
        assertInstanceOf(
            SqlOrderBy.class,
            BacktraceSqlParser.parseStatement(
                "SELECT t.sym, COUNT(*) AS n, MAX(q.bid) FROM Trades t"
                    + " JOIN quotes q ON t.sym = q.sym LEFT JOIN refs r USING (sym)"
                    + " WHERE t.ts >= TIMESTAMP '2024-01-01 00:00:00' AND t.price > 10"
                    + " GROUP BY t.sym HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT 10"));
    SqlSelect select = assertInstanceOf(SqlSelect.class, orderBy.query);

    SqlJoin outer = assertInstanceOf(SqlJoin.class, select.getFrom());
    assertEquals("LEFT", outer.getJoinType().name());
    SqlJoin inner = assertInstanceOf(SqlJoin.class, outer.getLeft());
    assertEquals("INNER", inner.getJoinType().name());
    SqlBasicCall trades = assertInstanceOf(SqlBasicCall.class, inner.getLeft());
    assertEquals("trades", ((SqlIdentifier) trades.operand(0)).getSimple());
    assertEquals(3, select.getSelectList().size());
    assertEquals("10", orderBy.fetch.toString());
  }

  @Test
  void commonTableExpressionsAndWindowFunctions() throws SqlParseException {
    SqlWith with =
        assertInstanceOf(
            SqlWith.class,
            BacktraceSqlParser.parseStatement(
                "WITH recent AS (SELECT * FROM trades WHERE ts > CURRENT_TIMESTAMP - INTERVAL '1' HOUR),"
                    + " ranked AS (SELECT sym, price, ROW_NUMBER() OVER (PARTITION BY sym ORDER BY ts"
                    + " DESC) AS rn, AVG(price) OVER (PARTITION BY sym ORDER BY ts ROWS BETWEEN 5"
                    + " PRECEDING AND CURRENT ROW) AS ma FROM recent)"
                    + " SELECT sym, price, ma FROM ranked WHERE rn = 1"));

    assertEquals(2, with.withList.size());
    String sql = BacktraceSqlParser.toSql(with);
    assertTrue(sql.contains("ROW_NUMBER() OVER (PARTITION BY \"sym\" ORDER BY \"ts\" DESC)"), sql);
    assertTrue(sql.contains("ROWS BETWEEN 5 PRECEDING AND CURRENT ROW"), sql);
  }

  @Test
  void insertValuesAndInsertSelect() throws SqlParseException {
    SqlInsert values =
        assertInstanceOf(
            SqlInsert.class,
            BacktraceSqlParser.parseStatement(
                "INSERT INTO trades (ts, sym, price) VALUES"
                    + " (TIMESTAMP '2024-01-01 00:00:00', 'ABC', 1.5), (?, ?, ?)"));
    SqlInsert select =
        assertInstanceOf(
            SqlInsert.class,
            BacktraceSqlParser.parseStatement(
                "INSERT INTO archive SELECT * FROM trades WHERE ts < DATE '2024-01-01'"));

    assertEquals("trades", ((SqlIdentifier) values.getTargetTable()).getSimple());
    assertEquals(
        List.of("ts", "sym", "price"),
        values.getTargetColumnList().stream().map(SqlNode::toString).toList());
    assertEquals(SqlKind.VALUES, values.getSource().getKind());
    assertEquals(SqlKind.SELECT, select.getSource().getKind());
  }

  @Test
  void explainPlanFor() throws SqlParseException {
    SqlExplain explain =
        assertInstanceOf(
            SqlExplain.class,
            BacktraceSqlParser.parseStatement(
                "EXPLAIN PLAN FOR SELECT sym FROM trades WHERE price > 10"));

    assertEquals(SqlKind.SELECT, explain.getExplicandum().getKind());
  }

  @Test
  void newKeywordsStillWorkAsColumnNamesAndFunctionNames() throws SqlParseException {
    SqlSelect select =
        assertInstanceOf(
            SqlSelect.class,
            BacktraceSqlParser.parseStatement("SELECT index, reindex, IF(a > 1, 'x', 'y') FROM t"));

    assertEquals("index", ((SqlIdentifier) select.getSelectList().get(0)).getSimple());
    assertEquals("reindex", ((SqlIdentifier) select.getSelectList().get(1)).getSimple());
    assertEquals(
        "if",
        ((SqlBasicCall) select.getSelectList().get(2))
            .getOperator()
            .getName()
            .toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT a, b FROM t WHERE a IN (SELECT x FROM u) UNION ALL SELECT 1, 2",
        "SELECT sym, AVG(price) OVER w FROM trades WINDOW w AS (PARTITION BY sym ORDER BY ts)",
        "UPDATE t SET a = 1 WHERE b = 2",
        "DELETE FROM t WHERE a = 1",
        "SELECT CAST(x AS VARCHAR(10)), CASE WHEN a IS NULL THEN 0 ELSE a END FROM t",
      })
  void otherStatementsSurviveUnparseAndReparse(String sql) throws SqlParseException {
    SqlNode first = BacktraceSqlParser.parseStatement(sql);
    SqlNode second = BacktraceSqlParser.parseStatement(BacktraceSqlParser.toSql(first));

    assertTrue(first.equalsDeep(second, Litmus.THROW));
  }
}
