package io.backtracedb.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@link TradesSession} over a JDBC connection: a new {@code Statement} per query, a {@code
 * PreparedStatement} per lookup, and W1 as {@code addBatch} per row with {@code executeBatch} and
 * {@code commit()} per commit (autocommit off until the inserter closes).
 */
final class JdbcSession implements TradesSession {
  private final JdbcEngine engine;
  private final Connection connection;

  JdbcSession(JdbcEngine engine, Connection connection) {
    this.engine = engine;
    this.connection = connection;
  }

  @Override
  public void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public Inserter prepareInsert(TradesData data) throws SQLException {
    boolean orderIds = data.hasOrderIds();
    connection.setAutoCommit(false);
    PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO trades VALUES (?, ?, ?, ?" + (orderIds ? ", ?" : "") + ")");
    return new Inserter() {
      @Override
      public void append(int row) throws SQLException {
        insert.setLong(1, data.ts(row));
        insert.setString(2, data.symbol(row));
        insert.setDouble(3, data.price(row));
        insert.setLong(4, data.qty(row));
        if (orderIds) {
          insert.setLong(5, data.orderId(row));
        }
        insert.addBatch();
      }

      @Override
      public void commit() throws SQLException {
        insert.executeBatch();
        connection.commit();
      }

      @Override
      public void close() throws SQLException {
        try {
          insert.close();
        } finally {
          connection.setAutoCommit(true);
        }
      }
    };
  }

  @Override
  public long count() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM trades")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void query(String sql, Rows.Check check) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      check.accept(Rows.of(rs));
    }
  }

  @Override
  public Lookup prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    return new Lookup() {
      @Override
      public void run(long key, Rows.Check check) throws SQLException {
        statement.setLong(1, key);
        try (ResultSet rs = statement.executeQuery()) {
          check.accept(Rows.of(rs));
        }
      }

      @Override
      public void close() throws SQLException {
        statement.close();
      }
    };
  }

  @Override
  public String plan(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(engine.explain(sql))) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          plan.append(c == 1 ? "" : " ").append(rs.getString(c));
        }
        plan.append('\n');
      }
    }
    return plan.toString();
  }

  /** BacktraceDB reports an index's size in {@code sys.indexes}; the others do not here. */
  @Override
  public IndexSize indexSize(String name) throws SQLException {
    if (engine != JdbcEngine.BACKTRACE) {
      return null;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT entries, height, pages, bytes, state FROM sys.indexes WHERE index_name = ?")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        ChildTask.check(rs.next(), "sys.indexes has no row for index '" + name + "'");
        ChildTask.check(
            "ready".equals(rs.getString(5)),
            "index '" + name + "' is " + rs.getString(5) + ", not ready");
        return new IndexSize(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4));
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
