package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.scan.ScanBlock;
import java.io.Closeable;
import java.util.List;

/**
 * A consistent view of one table: the cold blocks of its manifest (referenced, so compaction cannot
 * delete them underneath) plus each in-memory block up to the rows visible at capture. Every commit
 * is in it whole or not at all. Close it to release the cold blocks.
 */
public final class TableSnapshot implements Closeable {
  private final String table;
  private final Schema schema;
  private final List<ColdBlock> cold;
  private final List<ScanBlock> blocks;
  private final Predicate retention;
  private boolean closed;

  TableSnapshot(
      String table,
      Schema schema,
      List<ColdBlock> cold,
      List<ScanBlock> blocks,
      Predicate retention) {
    this.table = table;
    this.schema = schema;
    this.cold = cold;
    this.blocks = blocks;
    this.retention = retention;
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** The table's schema. */
  public Schema schema() {
    return schema;
  }

  /** The blocks, cold first (oldest first), then sealed, then the active block. */
  public List<ScanBlock> blocks() {
    return blocks;
  }

  /** The predicate that hides rows past the table's TTL, or null. */
  public Predicate retentionFilter() {
    return retention;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      for (ColdBlock block : cold) {
        block.release();
      }
    }
  }
}
