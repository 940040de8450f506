package io.backtracedb.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One measured figure: a scenario ({@code w1_sync}, {@code q1}, ...), a metric of it ({@code
 * rows_per_s}, {@code median_ms}, ...), its value and unit.
 *
 * <p>A child JVM prints each as a line {@code result,<scenario>,<metric>,<value>,<unit>} on its
 * standard output; the parent parses them back with {@link #parseLine(String)}.
 */
record Result(String scenario, String metric, double value, String unit) {
  /** The prefix of a result line on a child's standard output. */
  static final String PREFIX = "result,";

  /** The line a child prints. */
  String toLine() {
    return PREFIX + scenario + "," + metric + "," + format(value) + "," + unit;
  }

  /** The result on {@code line}, or null when the line is not a result line. */
  static Result parseLine(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = line.substring(PREFIX.length()).split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("malformed result line: '" + line + "'");
    }
    return new Result(parts[0], parts[1], Double.parseDouble(parts[2]), parts[3]);
  }

  /** A value in plain decimal notation, at most three decimals, no trailing zeros. */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    BigDecimal decimal = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN);
    String text = decimal.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
