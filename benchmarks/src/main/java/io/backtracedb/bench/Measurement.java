package io.backtracedb.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A result of one child run together with the table size and time variant it was measured on: one
 * line of the run's CSV file.
 */
record Measurement(int rows, TimeVariant variant, Result result) {
  /** The CSV header. */
  static final String CSV_HEADER = "rows,ts,scenario,metric,value,unit";

  /** The CSV line. */
  String toCsv() {
    return rows
        + ","
        + variant.label()
        + ","
        + result.scenario()
        + ","
        + result.metric()
        + ","
        + Result.format(result.value())
        + ","
        + result.unit();
  }

  /** The value of a figure in {@code all}, if it was measured. */
  static OptionalDouble find(
      List<Measurement> all, TimeVariant variant, String scenario, String metric) {
    for (Measurement m : all) {
      if (m.variant == variant
          && m.result.scenario().equals(scenario)
          && m.result.metric().equals(metric)) {
        return OptionalDouble.of(m.result.value());
      }
    }
    return OptionalDouble.empty();
  }
}
