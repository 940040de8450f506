package io.backtracedb.active;

import io.backtracedb.Schema;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.StatsAccumulator;

/**
 * The in-memory, columnar block a table appends to: one growable vector per column, running
 * statistics per column, and the range of WAL LSNs whose rows it holds.
 *
 * <p>Threading: a single writer (holding the table's commit lock) appends rows, which stay
 * invisible until {@link #publish(int)} moves the visible row count. Readers read {@link
 * #visibleRows()} first (a volatile read) and then only rows below it, so they see each commit
 * whole or not at all. Running statistics may already include rows that are not yet visible; they
 * only ever widen, so pruning on them is safe.
 *
 * <p>Invariant: {@code visibleRows <= rowCount}; a sealed block takes no more appends.
 */
public final class ActiveBlock {
  private final long sequence;
  private final Schema schema;
  private final ColumnVector[] vectors;
  private final StatsAccumulator[] stats;
  private int rowCount;
  private volatile int visibleRows;
  private volatile boolean sealed;
  private long minLsn = Long.MAX_VALUE;
  private long maxLsn;

  /** An empty block; {@code sequence} identifies it among the table's in-memory blocks. */
  public ActiveBlock(long sequence, Schema schema, int initialCapacity) {
    this.sequence = sequence;
    this.schema = schema;
    this.vectors = new ColumnVector[schema.size()];
    this.stats = new StatsAccumulator[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      vectors[i] = ColumnVector.create(schema.column(i).type(), initialCapacity);
      stats[i] = new StatsAccumulator(schema.column(i).type());
    }
  }

  /** Which in-memory block of its table this is; increases as blocks are sealed. */
  public long sequence() {
    return sequence;
  }

  /**
   * Appends rows {@code [from, to)} of already validated {@code columns} (by ordinal) written by
   * WAL record {@code lsn}; they stay invisible until published. Writer only.
   */
  public void append(ColumnVector[] columns, int from, int to, long lsn) {
    if (sealed) {
      throw new IllegalStateException("block " + sequence + " is sealed");
    }
    for (int i = 0; i < vectors.length; i++) {
      ColumnVector source = columns[i];
      stats[i].addRange(source, from, to);
      vectors[i].appendRange(source, from, to);
    }
    rowCount += to - from;
    minLsn = Math.min(minLsn, lsn);
    maxLsn = Math.max(maxLsn, lsn);
  }

  /** Makes the first {@code rows} rows visible to new readers. */
  public void publish(int rows) {
    if (rows > visibleRows) {
      visibleRows = rows;
    }
  }

  /** The rows readers may see; read it before touching any vector. */
  public int visibleRows() {
    return visibleRows;
  }

  /** All appended rows, visible or not. Writer only. */
  public int rowCount() {
    return rowCount;
  }

  /** Stops appends: the block will be flushed to a cold block. */
  public void seal() {
    sealed = true;
  }

  /** Whether the block was sealed. */
  public boolean isSealed() {
    return sealed;
  }

  /** The vector of the column at {@code ordinal}; readers stay below {@link #visibleRows()}. */
  public ColumnVector vector(int ordinal) {
    return vectors[ordinal];
  }

  /** All vectors by ordinal. */
  public ColumnVector[] vectors() {
    return vectors;
  }

  /** The running statistics of a column (a superset of the visible rows' range). */
  public ColumnStats stats(int ordinal) {
    return stats[ordinal].stats();
  }

  /** The lowest LSN with rows here, or {@code Long.MAX_VALUE} when empty. */
  public long minLsn() {
    return minLsn;
  }

  /** The highest LSN with rows here, or 0 when empty. */
  public long maxLsn() {
    return maxLsn;
  }

  /** The schema of the rows. */
  public Schema schema() {
    return schema;
  }

  /** Heap bytes held by the vectors, roughly. */
  public long heapBytes() {
    long bytes = 0;
    for (ColumnVector vector : vectors) {
      bytes += vector.heapBytes();
    }
    return bytes;
  }
}
