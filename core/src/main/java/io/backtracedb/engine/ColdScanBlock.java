package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.block.BlockReadOptions;
import io.backtracedb.block.BlockReader;
import io.backtracedb.block.BlockScanStats;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import java.io.IOException;

/** A cold Parquet block as a scan sees it: manifest statistics, and batches from its file. */
final class ColdScanBlock implements ScanBlock {
  private final ColdBlock block;
  private final Schema schema;

  ColdScanBlock(ColdBlock block, Schema schema) {
    this.block = block;
    this.schema = schema;
  }

  ColdBlock block() {
    return block;
  }

  @Override
  public long rowCount() {
    return block.meta().rowCount();
  }

  @Override
  public ColumnStats stats(int ordinal) {
    return block.meta().column(ordinal);
  }

  @Override
  public BatchCursor open(boolean[] columns, Predicate pushed, ScanCounters counters)
      throws IOException {
    int count = 0;
    for (boolean column : columns) {
      count += column ? 1 : 0;
    }
    int[] ordinals = new int[count];
    for (int i = 0, k = 0; i < columns.length; i++) {
      if (columns[i]) {
        ordinals[k++] = i;
      }
    }
    BlockReader reader =
        BlockReader.open(
            block.io(),
            block.path(),
            schema,
            ordinals,
            pushed,
            BlockReadOptions.defaults().withTail(block.meta().tail()));
    return new BatchCursor() {
      private boolean closed;

      @Override
      public ColumnBatch next() throws IOException {
        return closed ? null : reader.next();
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        BlockScanStats stats = reader.stats();
        counters.rowGroupsTotal += stats.rowGroups();
        counters.rowGroupsSkipped +=
            stats.rowGroupsSkippedByStatistics() + stats.rowGroupsSkippedByColumnIndex();
        reader.close();
      }
    };
  }
}
