package io.backtracedb.bench;

import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the trades table stores {@code ts}: a TIMESTAMP in milliseconds (the generator's microseconds
 * divided by 1000, so neighbouring rows may share a value) or a BIGINT of microseconds with {@code
 * time_unit} micros.
 */
enum TimeVariant {
  /** {@code ts TIMESTAMP}, epoch milliseconds. */
  TIMESTAMP_MS("timestamp_ms", ColumnType.TIMESTAMP),
  /** {@code ts BIGINT}, epoch microseconds, {@code time_unit = micros}. */
  BIGINT_US("bigint_us", ColumnType.BIGINT);

  /** The table every scenario uses. */
  static final String TABLE = "trades";

  private final String label;
  private final ColumnType type;

  TimeVariant(String label, ColumnType type) {
    this.label = label;
    this.type = type;
  }

  /** The name used on command lines and in the CSV. */
  String label() {
    return label;
  }

  /** {@code trades(ts, symbol, price, qty)}. */
  Schema schema() {
    return Schema.builder()
        .notNull("ts", type)
        .notNull("symbol", ColumnType.VARCHAR)
        .column("price", ColumnType.DOUBLE)
        .column("qty", ColumnType.BIGINT)
        .build();
  }

  /** Time column {@code ts}, the given block size, and for BIGINT the micros unit. */
  TableOptions options(int blockRows) {
    TableOptions options = TableOptions.defaults().withTimeColumn("ts").withBlockRows(blockRows);
    return this == BIGINT_US ? options.withTimeUnit(TimeUnit.MICROSECONDS) : options;
  }

  /** The stored {@code ts} values for the generator's microseconds. */
  long[] timeValues(long[] micros) {
    if (this == BIGINT_US) {
      return micros;
    }
    long[] millis = new long[micros.length];
    for (int i = 0; i < micros.length; i++) {
      millis[i] = micros[i] / 1000;
    }
    return millis;
  }

  /** A {@code ts} literal for a predicate: an Instant for TIMESTAMP, a Long for BIGINT. */
  Object literal(long stored) {
    return this == BIGINT_US ? (Object) stored : Instant.ofEpochMilli(stored);
  }

  /** Parses a label. */
  static TimeVariant parse(String text) {
    for (TimeVariant variant : values()) {
      if (variant.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "time variant must be timestamp_ms or bigint_us, got '" + text + "'");
  }
}
