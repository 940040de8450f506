package io.backtracedb.engine;

import io.backtracedb.active.ActiveBlock;
import io.backtracedb.catalog.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable version of what a table holds: its manifest and cold blocks, sealed blocks waiting
 * for flush (oldest first), and the active block. Replaced whole; read without locks.
 */
record TableState(
    Manifest manifest, List<ColdBlock> cold, List<ActiveBlock> sealed, ActiveBlock active) {

  TableState {
    cold = List.copyOf(cold);
    sealed = List.copyOf(sealed);
  }

  /** The active block sealed and a fresh one taking writes. */
  TableState withSealedActive(ActiveBlock fresh) {
    List<ActiveBlock> list = new ArrayList<>(sealed);
    list.add(active);
    return new TableState(manifest, cold, list, fresh);
  }

  /** The oldest sealed block replaced by its cold block under a new manifest. */
  TableState withFlushed(ActiveBlock flushed, ColdBlock block, Manifest newManifest) {
    List<ActiveBlock> remaining = new ArrayList<>(sealed);
    remaining.remove(flushed);
    List<ColdBlock> list = new ArrayList<>(cold);
    list.add(block);
    return new TableState(newManifest, list, remaining, active);
  }

  /** Cold blocks replaced (compaction, retention) under a new manifest. */
  TableState withCold(List<ColdBlock> newCold, Manifest newManifest) {
    return new TableState(newManifest, newCold, sealed, active);
  }

  /** The lowest LSN of rows still only in memory, or {@code Long.MAX_VALUE}. */
  long firstUnflushedLsn() {
    long lsn = active.minLsn();
    for (ActiveBlock block : sealed) {
      lsn = Math.min(lsn, block.minLsn());
    }
    return lsn;
  }
}
