package io.backtracedb.bench;

import io.questdb.cairo.ColumnType;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordMetadata;
import io.questdb.std.Numbers;

/**
 * QuestDB's result cursor as {@link Rows}: columns count from 1, timestamps read as epoch
 * microseconds, QuestDB's null markers (the minimum long and int, NaN) reported as NULL.
 */
final class QuestDbRows implements Rows {
  private final RecordCursor cursor;
  private final RecordMetadata metadata;
  private final Record record;
  private boolean wasNull;

  QuestDbRows(RecordCursor cursor, RecordMetadata metadata) {
    this.cursor = cursor;
    this.metadata = metadata;
    this.record = cursor.getRecord();
  }

  @Override
  public boolean next() {
    return cursor.hasNext();
  }

  @Override
  public long getLong(int column) {
    int index = column - 1;
    long value =
        switch (tag(index)) {
          case ColumnType.LONG -> record.getLong(index);
          case ColumnType.TIMESTAMP -> record.getTimestamp(index);
          case ColumnType.INT -> {
            int v = record.getInt(index);
            yield v == Numbers.INT_NULL ? Numbers.LONG_NULL : v;
          }
          default -> throw unsupported(index, "a whole number");
        };
    wasNull = value == Numbers.LONG_NULL;
    return wasNull ? 0 : value;
  }

  @Override
  public double getDouble(int column) {
    int index = column - 1;
    double value =
        switch (tag(index)) {
          case ColumnType.DOUBLE -> record.getDouble(index);
          case ColumnType.LONG, ColumnType.TIMESTAMP, ColumnType.INT -> {
            long v = getLong(column);
            yield wasNull ? Double.NaN : v;
          }
          default -> throw unsupported(index, "a number");
        };
    wasNull = Double.isNaN(value);
    return wasNull ? 0 : value;
  }

  @Override
  public String getString(int column) {
    int index = column - 1;
    CharSequence value =
        switch (tag(index)) {
          case ColumnType.SYMBOL -> record.getSymA(index);
          case ColumnType.STRING -> record.getStrA(index);
          case ColumnType.VARCHAR -> {
            var utf8 = record.getVarcharA(index);
            yield utf8 == null ? null : utf8.toString();
          }
          default -> throw unsupported(index, "text");
        };
    wasNull = value == null;
    return wasNull ? null : value.toString();
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  private short tag(int index) {
    if (index < 0 || index >= metadata.getColumnCount()) {
      throw new IllegalArgumentException(
          "column " + (index + 1) + " is out of range 1.." + metadata.getColumnCount());
    }
    return ColumnType.tagOf(metadata.getColumnType(index));
  }

  private IllegalArgumentException unsupported(int index, String wanted) {
    return new IllegalArgumentException(
        "cannot read column "
            + (index + 1)
            + " ('"
            + metadata.getColumnName(index)
            + "', "
            + ColumnType.nameOf(metadata.getColumnType(index))
            + ") as "
            + wanted);
  }
}
