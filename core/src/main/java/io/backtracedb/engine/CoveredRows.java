package io.backtracedb.engine;

import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.scan.ScanBlock;
import java.nio.file.Path;

/**
 * Rows of one cold block as a covering index's entries hold them: each row's key and the payload of
 * the included columns, in the block's row order. A scan that reads only those columns takes its
 * batches from here instead of the block's file (an index-only read).
 */
final class CoveredRows {
  /** Rows per batch, as a block reader returns them. */
  private static final int BATCH_ROWS = io.backtracedb.block.BlockFormat.DEFAULT_BATCH_ROWS;

  private final int keyOrdinal;
  private final RowPayload payload;
  private final Path indexFile;
  private final Object[] keys;
  private final byte[][] payloads;

  /**
   * @param index the covering index the entries come from
   * @param keys the rows' keys, in row order
   * @param payloads the rows' payloads, none null, in row order
   */
  CoveredRows(TableIndex index, Object[] keys, byte[][] payloads) {
    this.keyOrdinal = index.ordinal;
    this.payload = index.payload;
    this.indexFile = index.path;
    this.keys = keys;
    this.payloads = payloads;
  }

  /** Whether every column set in {@code columns} is the key or an included column. */
  boolean serves(boolean[] columns) {
    int[] included = payload.ordinals();
    for (int c = 0; c < columns.length; c++) {
      if (columns[c] && c != keyOrdinal && !contains(included, c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows in batches of the columns set in {@code columns}, which {@link #serves} them; each
   * batch is decoded when asked for.
   */
  ScanBlock.BatchCursor open(Schema schema, boolean[] columns) {
    return new ScanBlock.BatchCursor() {
      private int next;

      @Override
      public ColumnBatch next() {
        if (next >= keys.length) {
          return null;
        }
        int from = next;
        int to = Math.min(keys.length, from + BATCH_ROWS);
        next = to;
        return batch(schema, columns, from, to);
      }

      @Override
      public void close() {
        next = keys.length;
      }
    };
  }

  private ColumnBatch batch(Schema schema, boolean[] columns, int from, int to) {
    ColumnVector[] vectors = new ColumnVector[schema.size()];
    for (int c = 0; c < columns.length; c++) {
      if (columns[c]) {
        vectors[c] = ColumnVector.create(schema.column(c).type(), to - from);
      }
    }
    ColumnVector keyVector = vectors[keyOrdinal];
    for (int i = from; i < to; i++) {
      if (keyVector != null) {
        if (keys[i] == null) {
          keyVector.appendNull();
        } else {
          keyVector.appendObject(keys[i]);
        }
      }
      payload.decodeInto(payloads[i], vectors, indexFile);
    }
    return new ColumnBatch(vectors, 0, to - from);
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
