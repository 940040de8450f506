package io.backtracedb.sql;

/**
 * A {@code ?} parameter inside a pushed predicate, replaced by the statement's value for it when
 * the scan starts, so a prepared statement reuses one plan.
 *
 * @param index the parameter's position, from 0
 */
record BacktraceParam(int index) {
  @Override
  public String toString() {
    return "?" + index;
  }
}
