package io.backtracedb.sql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.sql.BacktraceSchema;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series aggregates over seeded random counters (resets, repeated times, NULLs, rows in random
 * order across flushed and in-memory blocks) against a plain Java computation of their definitions.
 * Replay a failure with {@code -Dbacktrace.seed=}.
 */
class SeriesFunctionsOracleTest {
  /** 2024-01-01T00:00:00Z in milliseconds. */
  private static final long START = 1_704_067_200_000L;

  private static final long BUCKET_MILLIS = 5 * 60_000L;
  private static final int HOSTS = 4;
  private static final int SAMPLES_PER_HOST = 400;

  private static final String QUERY =
      "SELECT host, time_bucket(INTERVAL '5' MINUTE, ts) AS b,"
          + " increase(v, ts), rate(v, ts), delta(v, ts), deriv(v, ts),"
          + " first_sample(v, ts), last_sample(v, ts),"
          + " increase(n, us), rate(n, us), deriv(n, us, 1000000),"
          + " first_sample(n, us), last_sample(n, us)"
          + " FROM m GROUP BY host, time_bucket(INTERVAL '5' MINUTE, ts)";

  @TempDir Path dir;

  /** One generated row; {@code value} and {@code count} may be null. */
  private record Sample(String host, long millis, Double value, Long count) {}

  /** A non-null value at a time, in the order every series aggregate uses. */
  private record Point(long time, double value) {}

  @Test
  void aggregatesEqualAPlainJavaComputationOverRandomCounters() throws SQLException {
    long seed = seed();
    try {
      check(new Random(seed));
    } catch (AssertionError | RuntimeException | SQLException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  private static long seed() {
    Long fixed = Long.getLong("backtrace.seed");
    return fixed != null ? fixed : new Random().nextLong();
  }

  private void check(Random random) throws SQLException {
    List<Sample> samples = generate(random);
    Map<String, List<Object>> expected = expected(samples);
    try (Database database = Database.open(dir)) {
      Table table =
          database.createTable(
              "m",
              Schema.builder()
                  .notNull("ts", ColumnType.TIMESTAMP)
                  .notNull("us", ColumnType.BIGINT)
                  .notNull("host", ColumnType.VARCHAR)
                  .column("v", ColumnType.DOUBLE)
                  .column("n", ColumnType.BIGINT)
                  .build(),
              TableOptions.defaults().withTimeColumn("ts").withBlockRows(300));
      Collections.shuffle(samples, random);
      for (int from = 0; from < samples.size(); from += 250) {
        RowBatch batch = table.newBatch();
        for (Sample sample : samples.subList(from, Math.min(from + 250, samples.size()))) {
          batch.addRow(
              sample.millis(),
              sample.millis() * 1000,
              sample.host(),
              sample.value(),
              sample.count());
        }
        table.append(batch);
        if (from == 750) {
          database.flush();
        }
      }
      assertGroupsEqual(expected, query(database));
    }
  }

  /** Counters per host: mostly growing, sometimes reset, sometimes two rows at one time. */
  private static List<Sample> generate(Random random) {
    List<Sample> samples = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      String host = "host" + h;
      long millis = START + random.nextInt(60_000);
      double value = random.nextInt(1000) / 100.0;
      long count = random.nextBoolean() ? random.nextInt(100) : (1L << 60) + random.nextInt(100);
      for (int i = 0; i < SAMPLES_PER_HOST; i++) {
        // A step of 0 repeats a time; one bucket holds about 30 samples.
        millis += random.nextInt(4) == 0 ? 0 : random.nextInt(20_000);
        boolean reset = random.nextInt(25) == 0;
        value = reset ? random.nextInt(500) / 100.0 : value + random.nextInt(10_000) / 100.0;
        count = reset ? random.nextInt(10) : count + random.nextInt(1000);
        samples.add(
            new Sample(
                host,
                millis,
                random.nextInt(10) == 0 ? null : value,
                random.nextInt(10) == 0 ? null : count));
      }
    }
    return samples;
  }

  private static String key(String host, long bucketMillis) {
    return host + "@" + bucketMillis;
  }

  /** The answer of {@link #QUERY} per group, computed from the definitions. */
  private static Map<String, List<Object>> expected(List<Sample> samples) {
    Map<String, List<Sample>> groups = new TreeMap<>();
    for (Sample sample : samples) {
      long bucket =
          TimeBucket.TIMESTAMP_ORIGIN_MILLIS
              + Math.floorDiv(sample.millis() - TimeBucket.TIMESTAMP_ORIGIN_MILLIS, BUCKET_MILLIS)
                  * BUCKET_MILLIS;
      groups.computeIfAbsent(key(sample.host(), bucket), k -> new ArrayList<>()).add(sample);
    }
    Map<String, List<Object>> expected = new TreeMap<>();
    for (Map.Entry<String, List<Sample>> group : groups.entrySet()) {
      List<Point> values = new ArrayList<>();
      List<Point> counts = new ArrayList<>();
      for (Sample sample : group.getValue()) {
        if (sample.value() != null) {
          values.add(new Point(sample.millis(), sample.value()));
        }
        if (sample.count() != null) {
          counts.add(new Point(sample.millis() * 1000, sample.count()));
        }
      }
      Comparator<Point> order =
          Comparator.comparingLong(Point::time).thenComparingDouble(Point::value);
      values.sort(order);
      counts.sort(order);
      List<Object> row = new ArrayList<>();
      row.add(values.isEmpty() ? null : increase(values));
      row.add(rate(values, 1000));
      row.add(values.isEmpty() ? null : last(values) - values.get(0).value());
      row.add(deriv(values, 1000));
      row.add(values.isEmpty() ? null : values.get(0).value());
      row.add(values.isEmpty() ? null : last(values));
      row.add(counts.isEmpty() ? null : increase(counts));
      row.add(rate(counts, 1_000_000));
      row.add(deriv(counts, 1_000_000));
      row.add(firstCount(group.getValue()));
      row.add(lastCount(group.getValue()));
      expected.put(group.getKey(), row);
    }
    return expected;
  }

  private static double last(List<Point> points) {
    return points.get(points.size() - 1).value();
  }

  private static double increase(List<Point> points) {
    double increase = 0;
    for (int i = 1; i < points.size(); i++) {
      double previous = points.get(i - 1).value();
      double current = points.get(i).value();
      increase += current >= previous ? current - previous : current;
    }
    return increase;
  }

  private static Double rate(List<Point> points, double unitsPerSecond) {
    if (points.size() < 2) {
      return null;
    }
    long span = points.get(points.size() - 1).time() - points.get(0).time();
    return span == 0 ? null : increase(points) / (span / unitsPerSecond);
  }

  /**
   * The least-squares slope, computed exactly in decimals from the samples (as the doubles the
   * aggregate receives), so that it does not share the rounding of any double formula.
   */
  private static Double deriv(List<Point> points, long unitsPerSecond) {
    if (points.isEmpty()) {
      return null;
    }
    BigDecimal count = BigDecimal.valueOf(points.size());
    BigDecimal sumTime = BigDecimal.ZERO;
    BigDecimal sumValue = BigDecimal.ZERO;
    for (Point point : points) {
      sumTime = sumTime.add(BigDecimal.valueOf(point.time()));
      sumValue = sumValue.add(new BigDecimal(point.value()));
    }
    BigDecimal covariance = BigDecimal.ZERO;
    BigDecimal variance = BigDecimal.ZERO;
    for (Point point : points) {
      // Scaled by the count to stay exact: (n t - sum t) and (n v - sum v).
      BigDecimal time = BigDecimal.valueOf(point.time()).multiply(count).subtract(sumTime);
      BigDecimal value = new BigDecimal(point.value()).multiply(count).subtract(sumValue);
      covariance = covariance.add(time.multiply(value));
      variance = variance.add(time.multiply(time));
    }
    if (variance.signum() == 0) {
      return null;
    }
    return covariance
        .multiply(BigDecimal.valueOf(unitsPerSecond))
        .divide(variance, MathContext.DECIMAL128)
        .doubleValue();
  }

  /** BIGINT first and last are exact: pick them without going through doubles. */
  private static Long firstCount(List<Sample> group) {
    Sample best = null;
    for (Sample sample : group) {
      if (sample.count() != null
          && (best == null
              || sample.millis() < best.millis()
              || (sample.millis() == best.millis() && sample.count() < best.count()))) {
        best = sample;
      }
    }
    return best == null ? null : best.count();
  }

  private static Long lastCount(List<Sample> group) {
    Sample best = null;
    for (Sample sample : group) {
      if (sample.count() != null
          && (best == null
              || sample.millis() > best.millis()
              || (sample.millis() == best.millis() && sample.count() > best.count()))) {
        best = sample;
      }
    }
    return best == null ? null : best.count();
  }

  private static Map<String, List<Object>> query(Database database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("lex", "JAVA");
    properties.setProperty("caseSensitive", "false");
    Map<String, List<Object>> actual = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:calcite:", properties)) {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      calcite.getRootSchema().add("db", new BacktraceSchema(database)).setCacheEnabled(false);
      calcite.setSchema("db");
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(QUERY)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 3; i <= columns; i++) {
            row.add(rs.getObject(i));
          }
          // A TIMESTAMP's raw value is its wall clock in milliseconds.
          actual.put(key(rs.getString(1), rs.getLong(2)), row);
        }
      }
    }
    return actual;
  }

  private static void assertGroupsEqual(
      Map<String, List<Object>> expected, Map<String, List<Object>> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, List<Object>> group : expected.entrySet()) {
      List<Object> want = group.getValue();
      List<Object> got = actual.get(group.getKey());
      for (int i = 0; i < want.size(); i++) {
        String where = group.getKey() + " column " + (i + 3);
        Object wanted = want.get(i);
        if (wanted == null) {
          assertNull(got.get(i), where);
        } else if (wanted instanceof Double number) {
          assertNotNull(got.get(i), where);
          double tolerance = 1e-9 * Math.max(1, Math.abs(number));
          assertEquals(number, (Double) got.get(i), tolerance, where);
        } else {
          assertEquals(wanted, got.get(i), where);
        }
      }
    }
  }
}
