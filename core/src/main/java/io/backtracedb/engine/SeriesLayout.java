package io.backtracedb.engine;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import io.backtracedb.series.ChunkLimits;
import io.backtracedb.series.FieldType;
import io.backtracedb.series.SeriesFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the columns of a series table map onto series: the time column, the tag columns whose values
 * name a series, and the numeric fields stored in its chunks. Validated once, when the table is
 * created or opened.
 *
 * @param time the time column's ordinal
 * @param tags the tag columns' ordinals, in the order of the {@code tags} option
 * @param fields the field columns' ordinals, in schema order
 * @param fieldTypes the chunk type of each field
 * @param window the out-of-order window in the time column's unit
 * @param limits when a chunk is full, its span in the time column's unit
 * @param timestamp whether the time column is a TIMESTAMP (epoch milliseconds)
 * @param unit the time column's unit
 */
record SeriesLayout(
    int time,
    int[] tags,
    int[] fields,
    FieldType[] fieldTypes,
    long window,
    ChunkLimits limits,
    boolean timestamp,
    TimeUnit unit) {

  /** Samples per chunk, as Prometheus cuts them. */
  private static final int CHUNK_SAMPLES = ChunkLimits.DEFAULT.maxSamples();

  /**
   * The layout of series table {@code table}.
   *
   * @throws IllegalArgumentException naming the column or option that does not fit a series table
   */
  static SeriesLayout of(String table, Schema schema, TableOptions options) {
    String timeName = options.timeColumn();
    if (timeName == null) {
      throw new IllegalArgumentException(
          "series table '" + table + "' needs a time_column (TIMESTAMP or BIGINT, NOT NULL)");
    }
    int time = schema.ordinalOf(timeName);
    if (time < 0) {
      throw new IllegalArgumentException(
          "time_column '" + timeName + "' is not a column of table '" + table + "'");
    }
    if (schema.column(time).nullable()) {
      throw new IllegalArgumentException(
          "time_column '" + timeName + "' of series table '" + table + "' must be NOT NULL");
    }
    int[] tags = new int[options.tags().size()];
    for (int i = 0; i < tags.length; i++) {
      String name = options.tags().get(i);
      int ordinal = schema.ordinalOf(name);
      if (ordinal < 0) {
        throw new IllegalArgumentException(
            "tag '" + name + "' is not a column of table '" + table + "' " + schema.names());
      }
      if (schema.column(ordinal).type() != ColumnType.VARCHAR) {
        throw new IllegalArgumentException(
            "tag '"
                + name
                + "' of series table '"
                + table
                + "' must be VARCHAR, not "
                + schema.column(ordinal).type());
      }
      if (ordinal == time) {
        throw new IllegalArgumentException("the time column '" + name + "' cannot be a tag");
      }
      tags[i] = ordinal;
    }
    List<Integer> fields = new ArrayList<>();
    List<FieldType> types = new ArrayList<>();
    for (int ordinal = 0; ordinal < schema.size(); ordinal++) {
      if (ordinal == time || contains(tags, ordinal)) {
        continue;
      }
      Column column = schema.column(ordinal);
      FieldType type =
          switch (column.type()) {
            case DOUBLE -> FieldType.DOUBLE;
            case BIGINT, INTEGER -> FieldType.BIGINT;
            default ->
                throw new IllegalArgumentException(
                    "column '"
                        + column.name()
                        + "' of series table '"
                        + table
                        + "' is "
                        + column.type()
                        + ": a series table's other columns are tags (VARCHAR, listed in the"
                        + " tags option) or fields (DOUBLE, BIGINT or INTEGER)");
          };
      fields.add(ordinal);
      types.add(type);
    }
    if (fields.size() > SeriesFormat.MAX_FIELDS) {
      throw new IllegalArgumentException(
          "series table '"
              + table
              + "' has "
              + fields.size()
              + " fields; a series holds at most "
              + SeriesFormat.MAX_FIELDS);
    }
    TimeUnit unit =
        schema.column(time).type() == ColumnType.TIMESTAMP
            ? TimeUnit.MILLISECONDS
            : options.timeUnit();
    long window = unit.convert(options.outOfOrderWindow());
    long span = unit.convert(ChunkLimits.DEFAULT.maxSpanMillis(), TimeUnit.MILLISECONDS);
    return new SeriesLayout(
        time,
        tags,
        fields.stream().mapToInt(Integer::intValue).toArray(),
        types.toArray(new FieldType[0]),
        window,
        new ChunkLimits(CHUNK_SAMPLES, span),
        schema.column(time).type() == ColumnType.TIMESTAMP,
        unit);
  }

  /** A time value as messages show it: an instant for a TIMESTAMP column, else the number. */
  String timeText(long value) {
    return timestamp ? Instant.ofEpochMilli(value).toString() : Long.toString(value);
  }

  /** The out-of-order window as a duration. */
  Duration windowDuration() {
    return Duration.of(window, unit.toChronoUnit());
  }

  /** Whether column {@code ordinal} is a tag. */
  boolean isTag(int ordinal) {
    return contains(tags, ordinal);
  }

  /** The field index of column {@code ordinal}, or -1 when it is not a field. */
  int fieldOf(int ordinal) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == ordinal) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(int[] ordinals, int ordinal) {
    for (int value : ordinals) {
      if (value == ordinal) {
        return true;
      }
    }
    return false;
  }
}
