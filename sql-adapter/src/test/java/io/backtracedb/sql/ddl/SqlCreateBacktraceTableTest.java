package io.backtracedb.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class SqlCreateBacktraceTableTest {
  private static final SqlParserPos POS = SqlParserPos.ZERO;
  private static final SqlIdentifier NAME = new SqlIdentifier("trades", POS);

  private static SqlNodeList columns(String... names) {
    SqlNodeList list = new SqlNodeList(POS);
    for (String name : names) {
      list.add(
          new SqlBacktraceColumn(
              POS,
              new SqlIdentifier(name, POS),
              new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, POS), POS),
              true));
    }
    return list;
  }

  private static SqlBacktraceOption option(String key, String value) {
    return new SqlBacktraceOption(POS, key, SqlLiteral.createCharString(value, POS));
  }

  @Test
  void builtDirectlyItExposesTheSameViewsAsParsed() {
    SqlNodeList key = new SqlNodeList(List.of(new SqlIdentifier("id", POS)), POS);
    SqlNodeList options = new SqlNodeList(List.of(option("TTL", "1 day")), POS);

    SqlCreateBacktraceTable create =
        new SqlCreateBacktraceTable(POS, true, NAME, columns("id", "v"), key, options);

    assertEquals(List.of("id"), create.primaryKey());
    assertEquals(Map.of("ttl", "1 day"), create.options());
    assertEquals(2, create.columns().size());
  }

  @Test
  void rejectsAnEmptyColumnList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SqlCreateBacktraceTable(
                    POS, false, NAME, columns(), SqlNodeList.EMPTY, SqlNodeList.EMPTY));

    assertEquals("cannot create table 'trades': no columns", e.getMessage());
  }

  @Test
  void rejectsARepeatedOptionKey() {
    SqlNodeList options = new SqlNodeList(List.of(option("ttl", "1"), option("TTL", "2")), POS);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SqlCreateBacktraceTable(
                    POS, false, NAME, columns("a"), SqlNodeList.EMPTY, options));

    assertEquals("cannot create table 'trades': duplicate option 'ttl'", e.getMessage());
  }

  @Test
  void rejectsListsOfTheWrongNodeKind() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SqlCreateBacktraceTable(
                    POS, false, NAME, columns("a"), columns("a"), SqlNodeList.EMPTY));

    assertEquals("primaryKeyList expects SqlIdentifier, got SqlBacktraceColumn", e.getMessage());
  }
}
