package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RowBatchTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .column("symbol", ColumnType.VARCHAR)
          .column("price", ColumnType.DOUBLE)
          .column("qty", ColumnType.BIGINT)
          .column("day", ColumnType.DATE)
          .build();

  @Test
  void wrongTypeNamesTableColumnExpectedActualAndRow() {
    RowBatch batch = new RowBatch("trades", SCHEMA);
    batch.addRow(Instant.EPOCH, "a", 1.0, 1L, null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> batch.addRow(Instant.EPOCH, "a", "abc", 1L, null));
    assertEquals(
        "cannot append to table 'trades': column 'price' expects DOUBLE, got VARCHAR 'abc' (row 1)",
        e.getMessage());
    assertEquals(1, batch.rowCount(), "a rejected row adds nothing");
  }

  @Test
  void aBatchSizedUpFrontStillGrowsPastItsCapacityAndRefusesANegativeOne() {
    RowBatch batch = new RowBatch("trades", SCHEMA, 2);
    for (int i = 0; i < 5; i++) {
      batch.addRow(Instant.ofEpochMilli(i), "s" + i, (double) i, (long) i, null);
    }
    assertEquals(5, batch.rowCount());
    assertEquals(4L, ((LongVector) batch.columns()[3]).get(4));
    assertEquals("s4", ((StringVector) batch.columns()[1]).get(4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RowBatch("trades", SCHEMA, -1));
    assertEquals("capacity cannot be negative: -1", e.getMessage());
  }

  @Test
  void aBatchOfFilledVectorsTakesThemOverAfterCheckingTypesSizesAndNotNull() {
    Schema schema =
        Schema.builder().notNull("ts", ColumnType.BIGINT).column("s", ColumnType.VARCHAR).build();
    LongVector ts = (LongVector) ColumnVector.create(ColumnType.BIGINT, 4);
    StringVector s = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    ts.append(1);
    ts.append(2);
    s.append("a");
    s.appendNull();
    RowBatch batch = RowBatch.of("t", schema, new ColumnVector[] {ts, s});
    assertEquals(2, batch.rowCount());
    assertEquals(ts, batch.columns()[0], "no copy");
    batch.setLong(0, 3).endRow();
    assertEquals(3, batch.rowCount(), "and it takes more rows");

    ColumnVector two = ColumnVector.create(ColumnType.VARCHAR, 4);
    two.appendNull();
    two.appendNull();
    IllegalArgumentException shorter =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowBatch.of("t", schema, new ColumnVector[] {ts, two}));
    assertEquals(
        "cannot append to table 't': column 's' expects 3 values of type VARCHAR, got 2 of type"
            + " VARCHAR",
        shorter.getMessage());
    ColumnVector nulls = ColumnVector.create(ColumnType.BIGINT, 4);
    nulls.appendNull();
    ColumnVector one = ColumnVector.create(ColumnType.VARCHAR, 4);
    one.appendNull();
    IllegalArgumentException notNull =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowBatch.of("t", schema, new ColumnVector[] {nulls, one}));
    assertEquals(
        "cannot append to table 't': column 'ts' is NOT NULL, got NULL (row 0)",
        notNull.getMessage());
  }

  @Test
  void nullIntoNotNullIsRejectedAndTheRowDiscarded() {
    RowBatch batch = new RowBatch("trades", SCHEMA);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> batch.addRow(null, "a", 1.0, 1L, null));
    assertEquals(
        "cannot append to table 'trades': column 'ts' is NOT NULL, got NULL (row 0)",
        e.getMessage());
    batch.setString(1, "x");
    assertThrows(IllegalArgumentException.class, batch::endRow);
    assertEquals(0, batch.rowCount());
    batch.setLong(0, 5).endRow();
    assertEquals(1, batch.rowCount());
    assertEquals(5L, batch.columns()[0].getObject(0));
    assertEquals(null, batch.columns()[1].getObject(0));
  }

  @Test
  void javaTimeValuesBindWithoutTimeZoneShift() {
    RowBatch batch = new RowBatch("trades", SCHEMA);
    Instant instant = Instant.parse("2024-03-10T02:30:00.123Z");
    batch.addRow(instant, null, null, null, LocalDate.of(2024, 2, 29));
    batch.addRow(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_000_000), null, null, null, null);
    batch.addRow(
        OffsetDateTime.of(2024, 3, 10, 4, 30, 0, 123_000_000, ZoneOffset.ofHours(2)),
        null,
        null,
        null,
        null);
    for (int r = 0; r < 3; r++) {
      assertEquals(instant.toEpochMilli(), batch.columns()[0].getObject(r));
    }
    assertEquals((int) LocalDate.of(2024, 2, 29).toEpochDay(), batch.columns()[4].getObject(0));
  }

  @Test
  void integersWidenButDoNotOverflow() {
    Schema ints =
        Schema.builder().column("i", ColumnType.INTEGER).column("l", ColumnType.BIGINT).build();
    RowBatch batch = new RowBatch("t", ints);
    batch.addRow(7L, 7);
    assertEquals(7, batch.columns()[0].getObject(0));
    assertEquals(7L, batch.columns()[1].getObject(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> batch.addRow(1L << 40, 1));
    assertEquals(
        "cannot append to table 't': column 'i' expects INTEGER, got BIGINT 1099511627776 (row 1)",
        e.getMessage());
  }

  @Test
  void wrongArityListsTheColumns() {
    RowBatch batch = new RowBatch("trades", SCHEMA);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> batch.addRow(Instant.EPOCH, "a"));
    assertEquals(
        "cannot append to table 'trades': row 0 has 2 values, the table has 5 columns [ts, symbol, price, qty, day]",
        e.getMessage());
  }

  @Test
  void tableOptionsParseSqlTextAndRejectUnknownKeys() {
    TableOptions options =
        TableOptions.parse(
            java.util.Map.of("time_column", "ts", "block_rows", "100", "ttl", "30 days"));
    assertEquals("ts", options.timeColumn());
    assertEquals(100, options.blockRows());
    assertEquals(java.time.Duration.ofDays(30), options.ttl());
    assertEquals(java.time.Duration.ofHours(12), TableOptions.parseDuration("12h"));
    assertEquals(java.time.Duration.ofMinutes(15), TableOptions.parseDuration("15 minutes"));
    assertEquals(java.time.Duration.ofHours(1), TableOptions.parseDuration("PT1H"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TableOptions.parse(java.util.Map.of("bogus", "1")));
    assertEquals(
        "unknown table option 'bogus'; valid options are time_column, block_rows, ttl, time_unit, kind, tags, out_of_order_window",
        e.getMessage());
    assertEquals(
        "block_rows must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> TableOptions.defaults().withBlockRows(0))
            .getMessage());
  }
}
