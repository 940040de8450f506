package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.column.Values;
import io.backtracedb.index.KeyBound;
import io.backtracedb.scan.ScanBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves a scan from a secondary index: picks a conjunct of the bound predicate on an indexed
 * column (equality, IN, IS NULL, ranges), finds the cold blocks the index has entries for, and
 * leaves out the covered blocks that have none. Cold blocks the index does not cover (published
 * since its last change, or all of them when it is stale) and in-memory blocks stay in the scan,
 * and every row read is still tested against the whole predicate, so results equal a full scan's.
 */
public final class IndexLookup {
  private IndexLookup() {}

  /**
   * The blocks to scan and how the index chose them.
   *
   * @param blocks the snapshot's blocks minus the covered cold blocks without matching entries
   * @param index the index used
   * @param indexBlocks cold blocks kept because the index has matching entries in them
   * @param entries matching index entries
   */
  public record Selection(List<ScanBlock> blocks, String index, long indexBlocks, long entries) {}

  /** What to look up: keys (NULL allowed), or a range when {@code keys} is null. */
  private record Probe(String column, List<Object> keys, KeyBound lower, KeyBound upper) {}

  /**
   * The selection for {@code bound} (a predicate bound to the table's schema) over {@code blocks},
   * or null when no ready index serves it.
   */
  public static Selection select(TableStore store, Predicate bound, List<ScanBlock> blocks) {
    if (bound == null || store.indexes().isEmpty()) {
      return null;
    }
    List<Predicate> conjuncts = new ArrayList<>();
    flatten(bound, conjuncts);
    Probe best = null;
    TableIndex chosen = null;
    for (Predicate conjunct : conjuncts) {
      Probe probe = probe(conjunct);
      if (probe == null) {
        continue;
      }
      TableIndex index = store.indexOn(probe.column());
      if (index == null || index.state() != TableIndex.State.READY) {
        continue;
      }
      if (best == null || (best.keys() == null && probe.keys() != null)) {
        best = probe;
        chosen = index;
      }
    }
    if (best == null) {
      return null;
    }
    TableIndex.Hits hits = chosen.lookup(best.keys(), best.lower(), best.upper());
    if (hits == null) {
      return null;
    }
    List<ScanBlock> kept = new ArrayList<>(blocks.size());
    long indexBlocks = 0;
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock cold) {
        long id = cold.block().meta().id();
        if (hits.covered().contains(id)) {
          if (!hits.entriesByBlock().containsKey(id)) {
            continue;
          }
          indexBlocks++;
        }
      }
      kept.add(block);
    }
    return new Selection(kept, chosen.name(), indexBlocks, hits.entries());
  }

  private static void flatten(Predicate predicate, List<Predicate> into) {
    if (predicate instanceof Predicate.And and) {
      for (Predicate part : and.parts()) {
        flatten(part, into);
      }
    } else {
      into.add(predicate);
    }
  }

  private static Probe probe(Predicate predicate) {
    if (predicate instanceof Predicate.Compare c) {
      return switch (c.op()) {
        case EQ -> new Probe(c.column(), List.of(c.value()), null, null);
        case LT -> new Probe(c.column(), null, null, KeyBound.exclusive(c.value()));
        case LE -> new Probe(c.column(), null, null, KeyBound.inclusive(c.value()));
        case GT -> new Probe(c.column(), null, KeyBound.exclusive(c.value()), null);
        case GE -> new Probe(c.column(), null, KeyBound.inclusive(c.value()), null);
        case NE -> null;
      };
    }
    if (predicate instanceof Predicate.Between b) {
      if (Values.compare(b.low(), b.high()) > 0) {
        return new Probe(b.column(), List.of(), null, null);
      }
      return new Probe(b.column(), null, KeyBound.inclusive(b.low()), KeyBound.inclusive(b.high()));
    }
    if (predicate instanceof Predicate.In in) {
      return new Probe(in.column(), in.values(), null, null);
    }
    if (predicate instanceof Predicate.IsNull n && !n.negated()) {
      List<Object> nullKey = new ArrayList<>();
      nullKey.add(null);
      return new Probe(n.column(), nullKey, null, null);
    }
    return null;
  }
}
