package io.backtracedb;

import java.util.Locale;

/**
 * The SQL types a column can have, each with one physical representation in memory and on disk.
 *
 * <p>TIMESTAMP is milliseconds since the epoch in UTC (SQL's {@code TIMESTAMP} is millisecond
 * precision end to end; a BIGINT time column holds finer time). DATE is days since the epoch.
 */
public enum ColumnType {
  BOOLEAN(Physical.BOOLEAN),
  INTEGER(Physical.INT),
  BIGINT(Physical.LONG),
  DOUBLE(Physical.DOUBLE),
  VARCHAR(Physical.STRING),
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  TIMESTAMP(Physical.LONG),
  /** Days since 1970-01-01. */
  DATE(Physical.INT);

  /** How values of a type are held in column vectors. */
  public enum Physical {
    BOOLEAN,
    INT,
    LONG,
    DOUBLE,
    STRING
  }

  private final Physical physical;

  ColumnType(Physical physical) {
    this.physical = physical;
  }

  /** The in-memory representation of this type's values. */
  public Physical physical() {
    return physical;
  }

  /** Whether a column of this type may be a table's designated time column. */
  public boolean canBeTimeColumn() {
    return this == TIMESTAMP || this == BIGINT;
  }

  /** Parses a type name as SQL writes it, case-insensitively ({@code INT} and {@code TEXT} too). */
  public static ColumnType parse(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "BOOL", "BOOLEAN" -> BOOLEAN;
      case "INT", "INT4", "INTEGER" -> INTEGER;
      case "LONG", "INT8", "BIGINT" -> BIGINT;
      case "FLOAT8", "DOUBLE", "DOUBLE PRECISION" -> DOUBLE;
      case "STRING", "TEXT", "VARCHAR" -> VARCHAR;
      case "TIMESTAMP" -> TIMESTAMP;
      case "DATE" -> DATE;
      default -> throw new IllegalArgumentException("unknown column type: '" + name + "'");
    };
  }
}
