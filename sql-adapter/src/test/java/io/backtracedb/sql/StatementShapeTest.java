package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementShapeTest {
  @Test
  void comparisonLiteralsBecomeParametersInTextOrder() {
    StatementShape shape =
        StatementShape.of(
            "select count(*) from t where ts >= TIMESTAMP '2024-01-01 10:00:00' and n < 10"
                + " and name = 'O''Brien' and d in (DATE '2024-01-02', DATE '2024-01-03')"
                + " and v between 1.5 and 2");
    assertEquals(
        "SELECT COUNT(*)\nFROM \"t\"\nWHERE \"ts\" >= ? AND \"n\" < ? AND \"name\" = ? AND"
            + " \"d\" IN (?, ?) AND \"v\" BETWEEN ASYMMETRIC ? AND ?",
        shape.sql());
    assertEquals(
        List.of(
            LocalDateTime.of(2024, 1, 1, 10, 0),
            new BigDecimal("10"),
            "O'Brien",
            LocalDate.of(2024, 1, 2),
            LocalDate.of(2024, 1, 3),
            new BigDecimal("1.5"),
            new BigDecimal("2")),
        shape.values());
  }

  @Test
  void queriesThatDifferOnlyInLiteralsShareAShape() {
    assertEquals(
        StatementShape.of("SELECT * FROM t WHERE n = 1").sql(),
        StatementShape.of("select *  from T where N = 2").sql());
  }

  @Test
  void literalsOutsideComparisonsAndStatementsThatAreNotQueriesStay() {
    assertEquals(List.of(), StatementShape.of("SELECT 1, n + 2 FROM t").values());
    assertNull(StatementShape.of("SELECT * FROM t WHERE n = ?"));
    assertNull(StatementShape.of("INSERT INTO t VALUES (1)"));
    assertNull(StatementShape.of("EXPLAIN PLAN FOR SELECT * FROM t WHERE n = 1"));
    assertNull(StatementShape.of("SELEC nonsense"));
    assertEquals(
        List.of(new BigDecimal("3")),
        StatementShape.of("SELECT n + 2 FROM t WHERE n > 3 LIMIT 5").values());
  }
}
