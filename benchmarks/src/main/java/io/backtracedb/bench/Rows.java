package io.backtracedb.bench;

import java.sql.SQLException;

/**
 * The rows of one query result as the checks read them: the part of {@link java.sql.ResultSet} they
 * use (columns count from 1), so that an engine without JDBC can hand its own cursor to the same
 * checks.
 */
interface Rows {
  /** Moves to the next row; false after the last one. */
  boolean next() throws SQLException;

  /** A whole-number column (a timestamp as epoch microseconds). */
  long getLong(int column) throws SQLException;

  /** A floating-point column. */
  double getDouble(int column) throws SQLException;

  /** A text column. */
  String getString(int column) throws SQLException;

  /** Whether the column read last was SQL NULL. */
  boolean wasNull() throws SQLException;

  /** The rows of a JDBC result set. */
  static Rows of(java.sql.ResultSet rs) {
    return new Rows() {
      @Override
      public boolean next() throws SQLException {
        return rs.next();
      }

      @Override
      public long getLong(int column) throws SQLException {
        return rs.getLong(column);
      }

      @Override
      public double getDouble(int column) throws SQLException {
        return rs.getDouble(column);
      }

      @Override
      public String getString(int column) throws SQLException {
        return rs.getString(column);
      }

      @Override
      public boolean wasNull() throws SQLException {
        return rs.wasNull();
      }
    };
  }

  /** A check of a whole result; throws {@link ChildTask.WrongAnswerException}. */
  @FunctionalInterface
  interface Check {
    void accept(Rows rows) throws SQLException;
  }
}
