package io.backtracedb.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Result sets as text for assertions: each row its columns' strings joined by {@code |}. */
final class ResultRows {
  private ResultRows() {}

  /** Every remaining row of {@code rs}, which is closed afterwards. */
  static List<String> of(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (rs) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
