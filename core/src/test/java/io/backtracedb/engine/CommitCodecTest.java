package io.backtracedb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backtracedb.ColumnType;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.testing.SeedExtension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeedExtension.class)
class CommitCodecTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .column("ts", ColumnType.TIMESTAMP)
          .column("s", ColumnType.VARCHAR)
          .column("d", ColumnType.DOUBLE)
          .column("i", ColumnType.INTEGER)
          .column("b", ColumnType.BOOLEAN)
          .column("day", ColumnType.DATE)
          .build();

  @Test
  void everyTypeAndNullRoundTripsThroughAPayload(Random random) {
    for (int distinct : new int[] {1, 300, 70_000}) {
      RowBatch batch = new RowBatch("t", SCHEMA);
      List<Object[]> expected = new ArrayList<>();
      int rows = Math.max(500, distinct + 10);
      for (int r = 0; r < rows; r++) {
        Object[] row = {
          random.nextInt(8) == 0 ? null : random.nextLong(),
          random.nextInt(8) == 0 ? null : "v" + random.nextInt(distinct) + "é",
          random.nextInt(8) == 0 ? null : random.nextGaussian(),
          random.nextInt(8) == 0 ? null : random.nextInt(),
          random.nextInt(8) == 0 ? null : random.nextBoolean(),
          random.nextInt(8) == 0 ? null : random.nextInt(40_000)
        };
        batch.addRow(row);
        expected.add(row);
      }
      ByteBuffer payload =
          CommitCodec.encode(List.of(new CommitCodec.Entry(7, batch.columns(), batch.rowCount())));
      List<CommitCodec.Entry> decoded = CommitCodec.decode(payload, id -> id == 7 ? SCHEMA : null);
      assertEquals(1, decoded.size());
      CommitCodec.Entry entry = decoded.get(0);
      assertEquals(rows, entry.rowCount());
      for (int r = 0; r < rows; r++) {
        Object[] actual = new Object[SCHEMA.size()];
        for (int c = 0; c < actual.length; c++) {
          actual[c] = entry.columns()[c].getObject(r);
        }
        assertArrayEquals(
            expected.get(r), actual, "row " + r + " with " + distinct + " distinct strings");
      }
    }
  }

  @Test
  void entriesOfTablesThatNoLongerExistAreSkipped() {
    Schema small = Schema.builder().column("x", ColumnType.BIGINT).build();
    RowBatch a = new RowBatch("a", small).addRow(1L);
    RowBatch b = new RowBatch("b", small).addRow(2L).addRow(3L);
    ByteBuffer payload =
        CommitCodec.encode(
            List.of(
                new CommitCodec.Entry(1, a.columns(), 1),
                new CommitCodec.Entry(2, b.columns(), 2)));
    List<CommitCodec.Entry> decoded = CommitCodec.decode(payload, id -> id == 2 ? small : null);
    assertEquals(1, decoded.size());
    assertEquals(2, decoded.get(0).tableId());
    assertEquals(3L, decoded.get(0).columns()[0].getObject(1));
  }

  @Test
  void aRecordWhoseColumnsDoNotMatchTheSchemaIsRejected() {
    Schema small = Schema.builder().column("x", ColumnType.BIGINT).build();
    RowBatch a = new RowBatch("a", small).addRow(1L);
    ByteBuffer payload = CommitCodec.encode(List.of(new CommitCodec.Entry(1, a.columns(), 1)));
    Schema other = Schema.builder().column("x", ColumnType.DOUBLE).build();
    assertThrows(IllegalArgumentException.class, () -> CommitCodec.decode(payload, id -> other));
  }
}
