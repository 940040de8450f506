package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * A plain Calcite connection with a database's tables as schema {@code db} (the default), for
 * planner tests: EXPLAIN text, then rows as comma-joined strings.
 */
final class PlannerSession implements AutoCloseable {
  private final Connection connection;

  PlannerSession(Database database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    connection = DriverManager.getConnection("jdbc:calcite:", properties);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("db", new BacktraceSchema(database)).setCacheEnabled(false);
    calcite.setSchema("db");
  }

  /** The plan of {@code sql} as EXPLAIN PLAN FOR prints it. */
  String explain(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  /** The rows of {@code sql}, each its columns' strings joined by commas. */
  List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c == 1 ? "" : ",").append(rs.getString(c));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
