package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Series tables hold the same rows an ordinary table would, stored as Gorilla chunks. */
class SeriesTableTest {
  static final Schema CPU =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("host", ColumnType.VARCHAR)
          .column("region", ColumnType.VARCHAR)
          .column("usage", ColumnType.DOUBLE)
          .column("requests", ColumnType.BIGINT)
          .column("cores", ColumnType.INTEGER)
          .build();

  static final long START = 1_700_000_000_000L;

  @TempDir Path dir;

  static TableOptions seriesOptions(int blockRows) {
    return TableOptions.parse(Map.of("kind", "series", "time_column", "ts", "tags", "host,region"))
        .withBlockRows(blockRows);
  }

  /**
   * Rows for 20 hosts every 10 s with jitter, a few out of order within the window, some repeated
   * timestamps, NULL regions and NULL fields.
   */
  static List<Object[]> rows(long seed, long from, int scrapes) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int s = 0; s < scrapes; s++) {
      for (int h = 0; h < 20; h++) {
        long ts = from + s * 10_000L + random.nextInt(5);
        if (random.nextInt(50) == 0) {
          ts -= 30_000; // out of order, inside the default one-hour window
        }
        String region = h % 7 == 0 ? null : "r" + (h % 3);
        Double usage =
            random.nextInt(20) == 0 ? null : Math.round(random.nextDouble() * 1e4) / 100.0;
        Long requests = random.nextInt(30) == 0 ? null : (long) (s * 10 + random.nextInt(10));
        rows.add(new Object[] {ts, "host" + h, region, usage, requests, h % 4 == 0 ? null : h});
        if (random.nextInt(100) == 0) {
          rows.add(new Object[] {ts, "host" + h, region, -1.0, -1L, 1}); // same series, same ts
        }
      }
    }
    return rows;
  }

  static void append(Table table, List<Object[]> rows, int batchRows) {
    RowBatch batch = table.newBatch();
    for (Object[] row : rows) {
      batch.addRow(row);
      if (batch.rowCount() == batchRows) {
        table.append(batch);
        batch.clear();
      }
    }
    if (batch.rowCount() > 0) {
      table.append(batch);
    }
  }

  static List<String> read(Table table, Predicate where, String... columns) {
    List<String> out = new ArrayList<>();
    try (TableReader reader = table.reader()) {
      if (where != null) {
        reader.where(where);
      }
      if (columns.length > 0) {
        reader.select(columns);
      }
      for (Row row : reader) {
        out.add(Arrays.toString(row.values()));
      }
    }
    out.sort(null);
    return out;
  }

  static final List<Predicate> PREDICATES =
      List.of(
          Predicate.eq("host", "host3"),
          Predicate.in("host", "host1", "host7", "nohost"),
          Predicate.ne("region", "r1"),
          Predicate.isNull("region"),
          Predicate.and(Predicate.eq("region", "r2"), Predicate.ge("ts", START + 600_000L)),
          Predicate.between("ts", START + 100_000L, START + 200_000L),
          Predicate.or(Predicate.eq("host", "host2"), Predicate.gt("usage", 90.0)),
          Predicate.isNull("requests"),
          Predicate.not(Predicate.eq("host", "host0")),
          Predicate.like("host", "host1%"),
          Predicate.not(Predicate.like("region", "r_")),
          Predicate.and(Predicate.like("host", "%5"), Predicate.lt("ts", START + 300_000L)));

  @Test
  void seriesTableReturnsWhatAnOrdinaryTableReturns() throws IOException {
    List<Object[]> first = rows(1, START, 60);
    List<Object[]> second = rows(2, START + 600_000L, 60);
    DatabaseOptions options = DatabaseOptions.defaults().withBackgroundFlush(false);
    try (Database db = Database.open(dir, options)) {
      Table series = db.createTable("cpu", CPU, seriesOptions(500));
      Table plain = db.createTable("cpu_plain", CPU, TableOptions.defaults().withTimeColumn("ts"));
      append(series, first, 97);
      append(plain, first, 97);
      series.flush();
      append(series, second, 113);
      append(plain, second, 113);
      assertTrue(series.stats().coldBlocks() > 1, "rows were flushed to chunk files");
      assertEquals(read(plain, null), read(series, null));
      long like =
          first.stream().filter(r -> ((String) r[1]).startsWith("host1")).count()
              + second.stream().filter(r -> ((String) r[1]).startsWith("host1")).count();
      assertEquals(like, read(series, Predicate.like("host", "host1%")).size());
      for (Predicate predicate : PREDICATES) {
        assertEquals(read(plain, predicate), read(series, predicate), predicate.toString());
        assertEquals(
            read(plain, predicate, "host", "usage"),
            read(series, predicate, "host", "usage"),
            predicate.toString());
      }
    }
    try (Database db = Database.open(dir, options)) {
      Table series = db.table("cpu");
      Table plain = db.table("cpu_plain");
      assertTrue(series.options().isSeries());
      assertEquals(List.of("host", "region"), series.options().tags());
      for (Predicate predicate : PREDICATES) {
        assertEquals(read(plain, predicate), read(series, predicate), predicate.toString());
      }
      series.flush();
      series.compact();
      assertEquals(read(plain, null), read(series, null));
      IntegrityReport report = db.check();
      assertTrue(report.ok(), report.toString());
    }
    try (Stream<Path> files = Files.list(dir.resolve("tables/cpu/blocks"))) {
      assertTrue(files.allMatch(file -> file.toString().endsWith(".chunks")));
    }
    assertTrue(Files.exists(dir.resolve("tables/cpu/labels.idx")));
  }

  /** Per series of {@code rows} (as read from a table), the rows at its newest time. */
  static List<String> newest(List<Object[]> rows) {
    Map<String, Comparable<Object>> newest = new java.util.HashMap<>();
    for (Object[] row : rows) {
      @SuppressWarnings("unchecked")
      Comparable<Object> time = (Comparable<Object>) row[0];
      newest.merge(row[1] + "|" + row[2], time, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    List<String> out = new ArrayList<>();
    for (Object[] row : rows) {
      if (newest.get(row[1] + "|" + row[2]).compareTo(row[0]) == 0) {
        out.add(Arrays.toString(row));
      }
    }
    out.sort(null);
    return out;
  }

  static List<Object[]> values(TableReader reader) {
    List<Object[]> out = new ArrayList<>();
    try (reader) {
      for (Row row : reader) {
        out.add(row.values());
      }
    }
    return out;
  }

  @Test
  void newestRowsPerSeriesReadOnlyEachSeriesNewestChunks() {
    DatabaseOptions options = DatabaseOptions.defaults().withBackgroundFlush(false);
    try (Database db = Database.open(dir, options)) {
      Table series = db.createTable("cpu", CPU, seriesOptions(1500));
      Table plain = db.createTable("plain", CPU, TableOptions.defaults().withTimeColumn("ts"));
      List<Object[]> history = rows(8, START, 300);
      append(series, history, 700);
      append(plain, history, 700);
      series.flush();
      List<Object[]> recent = new ArrayList<>();
      for (Object[] row : rows(9, START + 3_000_000L, 3)) {
        if (!"host4".equals(row[1])) {
          recent.add(row);
        }
      }
      append(series, recent, 100);
      append(plain, recent, 100);
      List<String> expected = newest(values(plain.reader()));
      assertEquals(20, expected.stream().map(r -> r.split(", ")[1]).distinct().count());
      assertEquals(expected, read(series.reader().latestPerSeries()));
      try (TableReader reader =
          series.reader().latestPerSeries().where(Predicate.eq("host", "host4"))) {
        List<Object[]> rows = values(reader);
        assertEquals(
            newest(values(plain.reader().where(Predicate.eq("host", "host4")))), strings(rows));
        ScanStats stats = reader.stats();
        assertTrue(
            stats.rowsRead() < 2 * 120 * series.stats().coldBlocks(),
            "only the newest chunks of host4 are decoded: " + stats);
      }
      Predicate before = Predicate.lt("ts", START + 1_000_000L);
      assertEquals(
          newest(values(plain.reader().where(before))),
          strings(values(series.reader().latestPerSeries().where(before))));
      assertEquals(
          newest(values(plain.reader().select("ts", "host", "region", "usage"))),
          strings(
              values(series.reader().latestPerSeries().select("ts", "host", "region", "usage"))));
      assertThrows(IllegalStateException.class, () -> plain.reader().latestPerSeries());
    }
  }

  static List<String> strings(List<Object[]> rows) {
    List<String> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(Arrays.toString(row));
    }
    out.sort(null);
    return out;
  }

  static List<String> read(TableReader reader) {
    return strings(values(reader));
  }

  @Test
  void tagConditionsReadOnlyTheChunksOfMatchingSeries() {
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false))) {
      Table series = db.createTable("cpu", CPU, seriesOptions(100_000));
      append(series, rows(3, START, 50), 1000);
      series.flush();
      try (TableReader reader = series.reader().where(Predicate.eq("host", "host5"))) {
        int rows = 0;
        for (Row row : reader) {
          assertEquals("host5", row.getString("host"));
          rows++;
        }
        assertTrue(rows >= 50, "rows " + rows);
        ScanStats stats = reader.stats();
        assertTrue(
            stats.rowGroupsSkipped() >= stats.rowGroupsTotal() - 2,
            "chunks of other series are skipped: " + stats);
        assertTrue(stats.rowsRead() < 100, "rows read " + stats.rowsRead());
      }
    }
  }

  @Test
  void samplesOlderThanTheWindowAreRejectedAndNothingOfTheBatchApplies() {
    TableOptions options = seriesOptions(1000).withOutOfOrderWindow(Duration.ofMinutes(5));
    try (Database db = Database.open(dir)) {
      Table series = db.createTable("cpu", CPU, options);
      series.append(START + 3_600_000L, "a", "eu", 1.0, 1L, 1);
      series.append(START + 3_600_000L - 240_000L, "a", "eu", 2.0, 2L, 1); // 4 min late: fine
      series.append(START, "b", "eu", 3.0, 3L, 1); // another series: its own newest
      RowBatch batch = series.newBatch();
      batch.addRow(START + 3_700_000L, "a", "eu", 4.0, 4L, 1);
      batch.addRow(START + 3_000_000L, "a", "eu", 5.0, 5L, 1); // 11 min behind: rejected
      ConstraintViolationException error =
          assertThrows(ConstraintViolationException.class, () -> series.append(batch));
      assertEquals(ConstraintViolationException.Kind.OUT_OF_ORDER, error.kind());
      assertTrue(error.getMessage().contains("host=\"a\""), error.getMessage());
      assertTrue(error.getMessage().contains("2023-11-14T23:03:20Z"), error.getMessage());
      assertTrue(error.getMessage().contains("'cpu'"), error.getMessage());
      assertEquals(3, series.stats().rowCount());
      series.flush();
    }
    try (Database db = Database.open(dir)) {
      Table series = db.table("cpu");
      // The newest sample of series a comes back from its chunk file.
      assertThrows(
          ConstraintViolationException.class,
          () -> series.append(START + 3_000_000L, "a", "eu", 6.0, 6L, 1));
      series.append(START + 3_400_000L, "a", "eu", 7.0, 7L, 1);
      assertEquals(4, series.stats().rowCount());
    }
  }

  @Test
  void columnsThatFitNoSeriesRoleAreRefusedByName() {
    try (Database db = Database.open(dir)) {
      Schema withText =
          Schema.builder()
              .notNull("ts", ColumnType.TIMESTAMP)
              .notNull("host", ColumnType.VARCHAR)
              .column("note", ColumnType.VARCHAR)
              .build();
      IllegalArgumentException text =
          assertThrows(
              IllegalArgumentException.class,
              () -> db.createTable("m", withText, seriesOptions(10).asSeries(List.of("host"))));
      assertTrue(text.getMessage().contains("'note'"), text.getMessage());
      IllegalArgumentException tag =
          assertThrows(
              IllegalArgumentException.class,
              () -> db.createTable("m", CPU, seriesOptions(10).asSeries(List.of("usage"))));
      assertTrue(tag.getMessage().contains("must be VARCHAR"), tag.getMessage());
      IllegalArgumentException noTime =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  db.createTable(
                      "m", CPU, TableOptions.defaults().asSeries(List.of("host", "region"))));
      assertTrue(noTime.getMessage().contains("time_column"), noTime.getMessage());
      IllegalArgumentException unknown =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  TableOptions.parse(
                      Map.of("kind", "series", "time_column", "ts", "tags", "host,,region")));
      assertTrue(unknown.getMessage().contains("tags"), unknown.getMessage());
      Table series = db.createTable("cpu", CPU, seriesOptions(10));
      IllegalArgumentException index =
          assertThrows(
              IllegalArgumentException.class, () -> series.createIndex("cpu_host", "host", false));
      assertTrue(index.getMessage().contains("series table 'cpu'"), index.getMessage());
      assertFalse(db.tables().isEmpty());
    }
  }

  @Test
  void retentionDropsExpiredChunkFiles() {
    long now = START + 10 * 86_400_000L;
    DatabaseOptions options =
        DatabaseOptions.defaults()
            .withBackgroundFlush(false)
            .withClock(
                java.time.Clock.fixed(
                    java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC));
    try (Database db = Database.open(dir, options)) {
      Table series = db.createTable("cpu", CPU, seriesOptions(1000).withTtl(Duration.ofDays(2)));
      append(series, rows(4, START, 10), 1000); // 9 days old
      series.flush();
      List<Object[]> recent = rows(5, now - 3_600_000L, 10);
      append(series, recent, 1000);
      series.flush();
      assertEquals(2, series.stats().coldBlocks());
      assertEquals(1, series.applyRetention());
      assertEquals(1, series.stats().coldBlocks());
      int left = 0;
      try (TableReader reader = series.reader().select("ts")) {
        for (Row row : reader) {
          assertTrue(row.getInstant("ts").toEpochMilli() >= now - 2 * 86_400_000L, row.toString());
          left++;
        }
      }
      assertEquals(recent.size(), left);
    }
  }

  @Test
  void aDamagedLabelIndexStopsTheOpenAndNamesTheFile() throws IOException {
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false))) {
      append(db.createTable("cpu", CPU, seriesOptions(100_000)), rows(10, START, 5), 1000);
    }
    Path labels = dir.resolve("tables/cpu/labels.idx");
    byte[] bytes = Files.readAllBytes(labels);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(labels, bytes);
    CorruptionException error = assertThrows(CorruptionException.class, () -> Database.open(dir));
    assertTrue(error.getMessage().contains("labels.idx"), error.getMessage());
  }

  @Test
  void aDamagedChunkIsReportedWithItsFile() throws IOException {
    try (Database db = Database.open(dir, DatabaseOptions.defaults().withBackgroundFlush(false))) {
      Table series = db.createTable("cpu", CPU, seriesOptions(100_000));
      append(series, rows(6, START, 30), 1000);
      series.flush();
    }
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("tables/cpu/blocks"))) {
      file = files.filter(f -> f.toString().endsWith(".chunks")).findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x5a, 0x5a}), 40);
    }
    try (Database db = Database.open(dir)) {
      IntegrityReport report = db.check();
      assertFalse(report.ok());
      assertTrue(report.toString().contains(file.getFileName().toString()), report.toString());
      CorruptionException error =
          assertThrows(CorruptionException.class, () -> read(db.table("cpu"), null));
      assertTrue(error.getMessage().contains(file.getFileName().toString()), error.getMessage());
    }
  }
}
