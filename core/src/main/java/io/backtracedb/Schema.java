package io.backtracedb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ordered, named and typed columns of a table. Immutable and thread-safe. */
public final class Schema {
  private final List<Column> columns;
  private final Map<String, Integer> ordinals;

  /**
   * The column names, for {@link #ordinalOf}: a name taken from this schema (as bound predicates'
   * names usually are) is found by identity without hashing it.
   */
  private final String[] names;

  /** Up to this many columns, {@link #ordinalOf} first compares names by identity. */
  private static final int IDENTITY_SCAN = 32;

  private Schema(List<Column> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one column");
    }
    this.columns = List.copyOf(columns);
    this.names = new String[columns.size()];
    this.ordinals = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      names[i] = columns.get(i).name();
      if (ordinals.put(names[i], i) != null) {
        throw new IllegalArgumentException(
            "duplicate column name: '" + columns.get(i).name() + "'");
      }
    }
  }

  /** A schema of the given columns, in order. */
  public static Schema of(Column... columns) {
    return new Schema(Arrays.asList(columns));
  }

  /** A schema of the given columns, in order. */
  public static Schema of(List<Column> columns) {
    return new Schema(columns);
  }

  /** Starts a schema built column by column. */
  public static Builder builder() {
    return new Builder();
  }

  /** The columns in order. */
  public List<Column> columns() {
    return columns;
  }

  /** The number of columns. */
  public int size() {
    return columns.size();
  }

  /** The column at {@code ordinal}. */
  public Column column(int ordinal) {
    return columns.get(ordinal);
  }

  /** The ordinal of the named column, or -1 when there is none. */
  public int ordinalOf(String name) {
    if (names.length <= IDENTITY_SCAN) {
      for (int i = 0; i < names.length; i++) {
        if (names[i] == name) {
          return i;
        }
      }
    }
    Integer ordinal = ordinals.get(name);
    return ordinal == null ? -1 : ordinal;
  }

  /** The ordinal of the named column; throws naming the table when there is none. */
  public int requireOrdinal(String table, String name) {
    int ordinal = ordinalOf(name);
    if (ordinal < 0) {
      throw new IllegalArgumentException(
          "table '" + table + "' has no column '" + name + "' (columns: " + names() + ")");
    }
    return ordinal;
  }

  /** The column names in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column column : columns) {
      names.add(column.name());
    }
    return names;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schema that && columns.equals(that.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      text.append(i == 0 ? "" : ", ").append(column.name()).append(' ').append(column.type());
      if (!column.nullable()) {
        text.append(" NOT NULL");
      }
    }
    return text.append(')').toString();
  }

  /** Builds a schema column by column. */
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();

    private Builder() {}

    /** Adds a nullable column. */
    public Builder column(String name, ColumnType type) {
      columns.add(Column.of(name, type));
      return this;
    }

    /** Adds a NOT NULL column. */
    public Builder notNull(String name, ColumnType type) {
      columns.add(Column.notNull(name, type));
      return this;
    }

    /** The schema. */
    public Schema build() {
      return new Schema(columns);
    }
  }
}
