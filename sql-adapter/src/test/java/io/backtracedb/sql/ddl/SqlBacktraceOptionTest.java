package io.backtracedb.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

class SqlBacktraceOptionTest {
  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private static String text(SqlLiteral value) {
    return new SqlBacktraceOption(POS, "k", value).valueText();
  }

  @Test
  void keyIsStoredLowerCase() {
    SqlBacktraceOption option =
        new SqlBacktraceOption(POS, "Time_Column", SqlLiteral.createCharString("ts", POS));

    assertEquals("time_column", option.key());
  }

  @Test
  void valueTextRendersEachLiteralKind() {
    assertEquals("30 days", text(SqlLiteral.createCharString("30 days", POS)));
    assertEquals("", text(SqlLiteral.createCharString("", POS)));
    assertEquals("1000000", text(SqlLiteral.createExactNumeric("1000000", POS)));
    assertEquals("1.50", text(SqlLiteral.createExactNumeric("1.50", POS)));
    assertEquals(
        "-7", text(SqlLiteral.createNegative(SqlLiteral.createExactNumeric("7", POS), POS)));
    assertEquals("1500", text(SqlLiteral.createApproxNumeric("1.5e3", POS)));
    assertEquals("0.001", text(SqlLiteral.createApproxNumeric("1e-3", POS)));
    assertEquals("true", text(SqlLiteral.createBoolean(true, POS)));
    assertEquals("false", text(SqlLiteral.createBoolean(false, POS)));
  }

  @Test
  void otherLiteralsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SqlBacktraceOption(POS, "ttl", SqlLiteral.createNull(POS)));

    assertEquals("cannot use literal as value of option 'ttl': NULL", e.getMessage());
  }
}
