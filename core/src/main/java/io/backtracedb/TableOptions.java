package io.backtracedb;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-table settings, with the names SQL uses in {@code CREATE TABLE ... WITH (...)}: {@code
 * time_column}, {@code block_rows}, {@code ttl}, {@code time_unit}, and for series tables {@code
 * kind = 'series'}, {@code tags} (a comma-separated list of VARCHAR columns) and {@code
 * out_of_order_window}. Immutable.
 */
public final class TableOptions {
  /** Rows per block before it is sealed and flushed, unless set. */
  public static final int DEFAULT_BLOCK_ROWS = 1_000_000;

  /** How far behind a series' newest sample a new one may be, unless set. */
  public static final Duration DEFAULT_OUT_OF_ORDER_WINDOW = Duration.ofHours(1);

  /** The option names, in the order error messages list them. */
  private static final String VALID_OPTIONS =
      "time_column, block_rows, ttl, time_unit, kind, tags, out_of_order_window";

  private static final Pattern TTL_TEXT =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|seconds?|m|min|minutes?|h|hours?|d|days?|w|weeks?)");

  private final String timeColumn;
  private final int blockRows;
  private final Duration ttl;
  private final TimeUnit timeUnit;
  private final boolean series;
  private final List<String> tags;
  private final Duration outOfOrderWindow;

  private TableOptions(
      String timeColumn,
      int blockRows,
      Duration ttl,
      TimeUnit timeUnit,
      boolean series,
      List<String> tags,
      Duration outOfOrderWindow) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("block_rows must be at least 1, got " + blockRows);
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    if (timeUnit != TimeUnit.MILLISECONDS
        && timeUnit != TimeUnit.MICROSECONDS
        && timeUnit != TimeUnit.NANOSECONDS) {
      throw new IllegalArgumentException(
          "time_unit must be millis, micros or nanos, got " + timeUnit);
    }
    if (outOfOrderWindow.isNegative()) {
      throw new IllegalArgumentException(
          "out_of_order_window cannot be negative, got " + outOfOrderWindow);
    }
    this.timeColumn = timeColumn;
    this.blockRows = blockRows;
    this.ttl = ttl;
    this.timeUnit = timeUnit;
    this.series = series;
    this.tags = List.copyOf(tags);
    this.outOfOrderWindow = outOfOrderWindow;
  }

  /** An ordinary table: no time column, default block size, no TTL. */
  public static TableOptions defaults() {
    return new TableOptions(
        null,
        DEFAULT_BLOCK_ROWS,
        null,
        TimeUnit.MICROSECONDS,
        false,
        List.of(),
        DEFAULT_OUT_OF_ORDER_WINDOW);
  }

  /** Whether the table is a series table ({@code kind = 'series'}). */
  public boolean isSeries() {
    return series;
  }

  /** A series table's tag columns, in the order given; empty for an ordinary table. */
  public List<String> tags() {
    return tags;
  }

  /**
   * How far behind the newest sample of its series a sample of a series table may be; older ones
   * are rejected.
   */
  public Duration outOfOrderWindow() {
    return outOfOrderWindow;
  }

  /** The designated time column, or null. */
  public String timeColumn() {
    return timeColumn;
  }

  /** Rows per block before it is sealed. */
  public int blockRows() {
    return blockRows;
  }

  /** How long rows live, measured on the time column; null for forever. */
  public Duration ttl() {
    return ttl;
  }

  /**
   * The unit of a BIGINT time column's values (micros unless set); a TIMESTAMP time column is
   * always milliseconds.
   */
  public TimeUnit timeUnit() {
    return timeUnit;
  }

  /** A copy with the designated time column set. */
  public TableOptions withTimeColumn(String column) {
    return new TableOptions(column, blockRows, ttl, timeUnit, series, tags, outOfOrderWindow);
  }

  /** A copy with the block size set. */
  public TableOptions withBlockRows(int rows) {
    return new TableOptions(timeColumn, rows, ttl, timeUnit, series, tags, outOfOrderWindow);
  }

  /** A copy with the TTL set (null: forever). */
  public TableOptions withTtl(Duration newTtl) {
    return new TableOptions(
        timeColumn, blockRows, newTtl, timeUnit, series, tags, outOfOrderWindow);
  }

  /** A copy with the BIGINT time column's unit set. */
  public TableOptions withTimeUnit(TimeUnit unit) {
    return new TableOptions(
        timeColumn,
        blockRows,
        ttl,
        Objects.requireNonNull(unit, "unit"),
        series,
        tags,
        outOfOrderWindow);
  }

  /** A copy that is a series table with {@code tagColumns} as its tags. */
  public TableOptions asSeries(List<String> tagColumns) {
    return new TableOptions(
        timeColumn, blockRows, ttl, timeUnit, true, tagColumns, outOfOrderWindow);
  }

  /** A copy with the out-of-order window of a series table set. */
  public TableOptions withOutOfOrderWindow(Duration window) {
    return new TableOptions(
        timeColumn, blockRows, ttl, timeUnit, series, tags, Objects.requireNonNull(window));
  }

  /** Parses SQL-style options; an unknown key is an error that lists the valid ones. */
  public static TableOptions parse(Map<String, String> options) {
    TableOptions result = defaults();
    String kind = null;
    List<String> tagColumns = null;
    for (Map.Entry<String, String> entry : options.entrySet()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      String value = entry.getValue();
      result =
          switch (key) {
            case "time_column" -> result.withTimeColumn(value);
            case "block_rows" -> result.withBlockRows(parseInt(key, value));
            case "ttl" -> result.withTtl(parseDuration(value));
            case "time_unit" -> result.withTimeUnit(parseTimeUnit(value));
            case "out_of_order_window" -> result.withOutOfOrderWindow(parseWindow(value));
            case "kind" -> {
              kind = parseKind(value);
              yield result;
            }
            case "tags" -> {
              tagColumns = parseTags(value);
              yield result;
            }
            default ->
                throw new IllegalArgumentException(
                    "unknown table option '"
                        + entry.getKey()
                        + "'; valid options are "
                        + VALID_OPTIONS);
          };
    }
    if ("series".equals(kind)) {
      return result.asSeries(tagColumns == null ? List.of() : tagColumns);
    }
    if (tagColumns != null) {
      throw new IllegalArgumentException("tags is an option of series tables: add kind = 'series'");
    }
    return result;
  }

  private static String parseKind(String value) {
    String kind = value.trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("series") && !kind.equals("table")) {
      throw new IllegalArgumentException("kind must be 'table' or 'series', got '" + value + "'");
    }
    return kind;
  }

  private static List<String> parseTags(String value) {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        if (value.isBlank()) {
          return List.of();
        }
        throw new IllegalArgumentException("tags has an empty column name: '" + value + "'");
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException("tags names column '" + name + "' twice");
      }
      names.add(name);
    }
    return names;
  }

  private static Duration parseWindow(String value) {
    String trimmed = value.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    return parseDuration("out_of_order_window", trimmed);
  }

  /** The options as SQL-style key/value text, as stored in the catalog. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    if (timeColumn != null) {
      map.put("time_column", timeColumn);
    }
    map.put("block_rows", Integer.toString(blockRows));
    if (ttl != null) {
      map.put("ttl", ttl.toString());
    }
    map.put("time_unit", unitName(timeUnit));
    if (series) {
      map.put("kind", "series");
      map.put("tags", String.join(",", tags));
      map.put("out_of_order_window", outOfOrderWindow.toString());
    }
    return map;
  }

  /** Parses {@code '30 days'}, {@code '12h'}, {@code '15 minutes'} or ISO-8601 {@code PT1H}. */
  public static Duration parseDuration(String text) {
    return parseDuration("ttl", text);
  }

  /** Parses the duration option {@code key} like {@link #parseDuration(String)}. */
  private static Duration parseDuration(String key, String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = TTL_TEXT.matcher(trimmed);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2);
      return switch (unit.charAt(0)) {
        case 'w' -> Duration.ofDays(7 * amount);
        case 'd' -> Duration.ofDays(amount);
        case 'h' -> Duration.ofHours(amount);
        case 's' -> Duration.ofSeconds(amount);
        default ->
            unit.startsWith("ms") || unit.startsWith("milli")
                ? Duration.ofMillis(amount)
                : Duration.ofMinutes(amount);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must look like '30 days', '12 hours', '15 minutes' or 'PT1H', got '" + text + "'",
          e);
    }
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static TimeUnit parseTimeUnit(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "ms", "millis", "milliseconds" -> TimeUnit.MILLISECONDS;
      case "us", "micros", "microseconds" -> TimeUnit.MICROSECONDS;
      case "ns", "nanos", "nanoseconds" -> TimeUnit.NANOSECONDS;
      default ->
          throw new IllegalArgumentException(
              "time_unit must be millis, micros or nanos, got '" + value + "'");
    };
  }

  private static String unitName(TimeUnit unit) {
    return switch (unit) {
      case MILLISECONDS -> "millis";
      case NANOSECONDS -> "nanos";
      default -> "micros";
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableOptions that && toMap().equals(that.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
