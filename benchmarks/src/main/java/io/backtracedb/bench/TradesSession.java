package io.backtracedb.bench;

import java.sql.SQLException;

/**
 * One open database of an engine, as the workloads drive it: statements, the W1 insert, queries
 * whose every row is checked, and prepared lookups. JDBC engines implement it over a connection
 * ({@link JdbcSession}), QuestDB over its embedded engine ({@link QuestDbSession}). Not
 * thread-safe.
 */
interface TradesSession extends AutoCloseable {
  /** Runs a statement that returns no rows (DDL). */
  void execute(String sql) throws Exception;

  /**
   * Prepares the insert of {@code data}'s rows into {@code trades} (with {@code order_id} when the
   * data has it); rows are committed by {@link Inserter#commit()}, and closing the inserter ends
   * the transaction mode it needed.
   */
  Inserter prepareInsert(TradesData data) throws Exception;

  /** {@code SELECT count(*) FROM trades}. */
  long count() throws Exception;

  /** Runs {@code sql} as a new statement and hands every row to {@code check}. */
  void query(String sql, Rows.Check check) throws Exception;

  /** Prepares {@code sql}, which has one whole-number parameter, to run many times. */
  Lookup prepare(String sql) throws Exception;

  /** The engine's plan for {@code sql}: every column of every row of its EXPLAIN, as text. */
  String plan(String sql) throws Exception;

  /**
   * The size of the index {@code name} as the engine reports it, or null when the engine does not
   * say (then only the growth of the files on disk tells).
   */
  default IndexSize indexSize(String name) throws Exception {
    return null;
  }

  @Override
  void close() throws SQLException;

  /** W1's insert: appends generated rows by number and commits them. */
  interface Inserter extends AutoCloseable {
    /** Appends row {@code row} of the data the inserter was prepared with. */
    void append(int row) throws Exception;

    /** Commits the rows appended since the last commit. */
    void commit() throws Exception;

    @Override
    void close() throws SQLException;
  }

  /** A prepared statement with one parameter. */
  interface Lookup extends AutoCloseable {
    /** Runs the statement with {@code key} and hands every row to {@code check}. */
    void run(long key, Rows.Check check) throws Exception;

    @Override
    void close() throws SQLException;
  }

  /**
   * An index's size as its engine reports it.
   *
   * @param entries keys in the index
   * @param height levels of the tree
   * @param pages pages of the file
   * @param bytes bytes of the file
   */
  record IndexSize(long entries, int height, long pages, long bytes) {}
}
