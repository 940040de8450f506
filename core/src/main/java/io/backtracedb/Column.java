package io.backtracedb;

import java.util.Objects;

/**
 * One column of a schema: a name, a type and whether it accepts NULL.
 *
 * @param name the column's name, as given (case-sensitive)
 * @param type its type
 * @param nullable whether NULL is accepted
 */
public record Column(String name, ColumnType type, boolean nullable) {

  /** Validates the name and type. */
  public Column {
    Objects.requireNonNull(type, "type");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("column name cannot be empty");
    }
  }

  /** A nullable column. */
  public static Column of(String name, ColumnType type) {
    return new Column(name, type, true);
  }

  /** A NOT NULL column. */
  public static Column notNull(String name, ColumnType type) {
    return new Column(name, type, false);
  }
}
