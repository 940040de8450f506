package io.backtracedb.sql.parser;

import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * Parses BacktraceDB SQL: everything Calcite parses, plus {@code CREATE TABLE ... WITH (...)},
 * {@code DROP TABLE}, {@code CREATE [UNIQUE] INDEX}, {@code DROP INDEX} and {@code REINDEX}.
 *
 * <p>Identifiers follow PostgreSQL's rule for spelling and a case-insensitive rule for matching:
 *
 * <ul>
 *   <li>unquoted identifiers are folded to lower case ({@link Casing#TO_LOWER}), so {@code CREATE
 *       TABLE Trades} creates {@code trades}, which is also the name on disk and in {@code sys}
 *       tables;
 *   <li>identifiers in double quotes keep their spelling ({@link Casing#UNCHANGED}), for names that
 *       need upper case, spaces or reserved words;
 *   <li>names are matched case-insensitively ({@code caseSensitive=false}), so {@code "Trades"} and
 *       {@code TRADES} both find {@code trades}, and functions resolve however they are spelled.
 * </ul>
 *
 * <p>There is no Oracle-style upper-casing (Calcite's default) and no back-tick quoting. A Calcite
 * connection gets the same behaviour from {@link #connectionProperties()}; code that builds a
 * {@link SqlParser} itself uses {@link #config()}.
 *
 * <p>All methods are thread-safe; each call creates its own parser.
 */
public final class BacktraceSqlParser {
  private static final SqlParser.Config CONFIG =
      SqlParser.config()
          .withParserFactory(BacktraceSqlParserImpl.FACTORY)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.TO_LOWER)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false);

  private BacktraceSqlParser() {}

  /** The parser configuration: BacktraceDB grammar, double-quote quoting, lower-case folding. */
  public static SqlParser.Config config() {
    return CONFIG;
  }

  /**
   * Calcite connection properties that select this parser and the same identifier rules, for {@code
   * org.apache.calcite.jdbc.Driver#connect}. Returns a new, caller-owned object.
   */
  public static Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty(
        CalciteConnectionProperty.PARSER_FACTORY.camelName(),
        "io.backtracedb.sql.ddl.BacktraceParserFactory#INSTANCE");
    properties.setProperty(
        CalciteConnectionProperty.QUOTING.camelName(), Quoting.DOUBLE_QUOTE.name());
    properties.setProperty(
        CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.TO_LOWER.name());
    properties.setProperty(
        CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    return properties;
  }

  /** Creates a parser for the given text with {@link #config()}. */
  public static SqlParser create(String sql) {
    return SqlParser.create(sql, CONFIG);
  }

  /**
   * Parses exactly one statement (a trailing semicolon is not allowed).
   *
   * @throws SqlParseException with the position and the unexpected token when the text is not valid
   *     SQL
   */
  public static SqlNode parseStatement(String sql) throws SqlParseException {
    return create(sql).parseStmt();
  }

  /**
   * Writes a parse tree back as SQL that {@link #parseStatement} turns into an equal tree: every
   * identifier in double quotes (so its spelling survives), keywords in upper case.
   */
  public static String toSql(SqlNode node) {
    return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
  }

  /**
   * Parses statements separated by semicolons; a semicolon after the last one is optional.
   *
   * @throws SqlParseException with the position and the unexpected token when the text is not valid
   *     SQL
   */
  public static SqlNodeList parseStatements(String sql) throws SqlParseException {
    return create(sql).parseStmtList();
  }
}
