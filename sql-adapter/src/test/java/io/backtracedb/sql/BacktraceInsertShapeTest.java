package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BacktraceInsertShapeTest {
  @Test
  void aValuesRowOfParametersIsRecognisedWithTheConnectionsCasing() {
    assertEquals(
        Optional.of(new BacktraceInsertShape(List.of("trades"), List.of(), 4)),
        BacktraceInsertShape.recognize("INSERT INTO Trades VALUES (?, ?, ?, ?)"));
    assertEquals(
        Optional.of(new BacktraceInsertShape(List.of("main", "Trades"), List.of("qty", "TS"), 2)),
        BacktraceInsertShape.recognize("insert into main.\"Trades\" (QTY, \"TS\") values (?, ?)"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "INSERT INTO t VALUES (?, 1)",
        "INSERT INTO t VALUES (?, ? + 1)",
        "INSERT INTO t VALUES (?, ?), (?, ?)",
        "INSERT INTO t VALUES (CAST(? AS BIGINT))",
        "INSERT INTO t SELECT * FROM u",
        "INSERT INTO t (a) SELECT ? FROM u",
        "UPSERT INTO t VALUES (?)",
        "INSERT INTO t (a, b) VALUES (?)",
        "SELECT ? FROM t",
        "DELETE FROM t",
        "INSERT INTO t VALUES (",
        "INSERT INTO t VALUES (?, ?); INSERT INTO t VALUES (?, ?)"
      })
  void everyOtherStatementIsLeftToCalcite(String sql) {
    assertTrue(BacktraceInsertShape.recognize(sql).isEmpty(), sql);
  }
}
