package io.backtracedb.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BacktraceSqlParserErrorTest {

  private static SqlParseException failure(String sql) {
    return assertThrows(SqlParseException.class, () -> BacktraceSqlParser.parseStatement(sql));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          CREATE TABLE t (a INT,)                       | 1 | 23 | ")"
          CREATE TABLE t ()                             | 1 | 17 | ")"
          CREATE TABLE t a INT                          | 1 | 16 | "a"
          CREATE TABLE t (a INT) WITH (ttl)             | 1 | 33 | ")"
          CREATE TABLE t (a INT) WITH (ttl = )          | 1 | 36 | ")"
          CREATE TABLE t (a INT) WITH (ttl = forever)   | 1 | 36 | "forever"
          CREATE TABLE t (a INT) WITH ()                | 1 | 30 | ")"
          CREATE TABLE t (a INT) AS SELECT 1            | 1 | 24 | "AS"
          CREATE TABLE t (a INT PRIMARY)                | 1 | 30 | ")"
          CREATE TABLE t (ts TIMESTAMP, day DATE)       | 1 | 31 | "day"
          CREATE INDEX i ON t (a, b)                    | 1 | 23 | ","
          CREATE INDEX i ON t                           | 1 | 19 | "<EOF>"
          CREATE INDEX i (a)                            | 1 | 16 | "("
          DROP INDEX                                    | 1 | 10 | "<EOF>"
          DROP TABLE IF EXISTS                          | 1 | 20 | "<EOF>"
          REINDEX a b                                   | 1 | 11 | "b"
          `CREATE TABLE t (\n  a INT,\n  b VARCHAR(\n)` | 4 |  1 | ")"
          """)
  void malformedDdlNamesPositionAndUnexpectedToken(String sql, int line, int column, String token) {
    SqlParseException e = failure(sql.replace("\\n", "\n"));

    assertEquals(line, e.getPos().getLineNum(), e.getMessage());
    assertEquals(column, e.getPos().getColumnNum(), e.getMessage());
    assertTrue(
        e.getMessage()
            .startsWith("Encountered " + token + " at line " + line + ", column " + column),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          CREATE OR REPLACE TABLE t (a INT)                        | 1 | 1  | CREATE OR REPLACE TABLE is not supported
          CREATE OR REPLACE INDEX i ON t (a)                       | 1 | 1  | CREATE OR REPLACE INDEX is not supported
          CREATE TABLE t (a INT) WITH (ttl = '1 day', TTL = '2 days') | 1 | 45 | Duplicate option 'ttl'
          CREATE TABLE t (a INT PRIMARY KEY, PRIMARY KEY (a))      | 1 | 36 | Table 't' has more than one PRIMARY KEY
          CREATE TABLE t (PRIMARY KEY (a))                         | 1 | 16 | Table 't' needs at least one column
          """)
  void wellFormedButUnsupportedDdlNamesPositionAndReason(
      String sql, int line, int column, String reason) {
    SqlParseException e = failure(sql);

    assertEquals(line, e.getPos().getLineNum(), e.getMessage());
    assertEquals(column, e.getPos().getColumnNum(), e.getMessage());
    assertEquals(reason + " at line " + line + ", column " + column, e.getMessage());
  }
}
