package io.backtracedb.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable version of a table's manifest: its live cold blocks and how far the WAL is flushed.
 *
 * @param tableId the id of the table the manifest belongs to
 * @param flushedLsn every row of this table from WAL records up to this LSN is in a cold block
 * @param nextBlockId the id the next written block receives
 * @param blocks the live blocks, in id order
 */
public record Manifest(long tableId, long flushedLsn, long nextBlockId, List<BlockMeta> blocks) {

  /** Validates and copies. */
  public Manifest {
    blocks = List.copyOf(blocks);
  }

  /** The manifest of a new table. */
  public static Manifest empty(long tableId) {
    return new Manifest(tableId, 0, 1, List.of());
  }

  /** A copy with a flushed block added and the flushed position advanced. */
  public Manifest withFlushed(BlockMeta block, long newFlushedLsn) {
    List<BlockMeta> list = new ArrayList<>(blocks);
    list.add(block);
    return new Manifest(
        tableId, Math.max(flushedLsn, newFlushedLsn), Math.max(nextBlockId, block.id() + 1), list);
  }

  /**
   * A copy whose flushed position is at least {@code lsn}: the table holds no rows from WAL records
   * up to {@code lsn} outside its cold blocks.
   */
  public Manifest withFlushedLsn(long lsn) {
    return new Manifest(tableId, Math.max(flushedLsn, lsn), nextBlockId, blocks);
  }

  /** A copy with {@code removed} blocks replaced by {@code added} (compaction, retention). */
  public Manifest withReplaced(List<BlockMeta> removed, List<BlockMeta> added) {
    List<BlockMeta> list = new ArrayList<>(blocks);
    list.removeAll(removed);
    list.addAll(added);
    list.sort((a, b) -> Long.compare(a.id(), b.id()));
    long next = nextBlockId;
    for (BlockMeta block : added) {
      next = Math.max(next, block.id() + 1);
    }
    return new Manifest(tableId, flushedLsn, next, list);
  }

  /** The total rows in cold blocks. */
  public long rowCount() {
    long rows = 0;
    for (BlockMeta block : blocks) {
      rows += block.rowCount();
    }
    return rows;
  }
}
