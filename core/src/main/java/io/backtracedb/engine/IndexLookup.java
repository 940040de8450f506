package io.backtracedb.engine;

import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.block.BlockFormat;
import io.backtracedb.column.Values;
import io.backtracedb.index.KeyBound;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.StatsPruner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves a scan from a secondary index when that costs less than scanning: picks the conjuncts of
 * the bound predicate on indexed columns (equality, IN, IS NULL, ranges), counts their entries in
 * the tree (stopping once they are too many to win), and compares the cost of fetching those rows
 * page by page with the cost of scanning the cold blocks min/max pruning keeps. When the index
 * wins, each covered cold block with entries is read at exactly the rows the entries address, and
 * covered blocks without entries are left out. Cold blocks the index does not cover (published
 * since its last change, or all of them when it is stale) and in-memory blocks are scanned, and
 * every row read is still tested against the whole predicate, so results equal a full scan's.
 *
 * <p>The cost model counts rows decoded: a scan decodes every row of the blocks it keeps; an index
 * lookup walks {@link #ENTRY_COST} rows' worth per entry and decodes about one page of rows for
 * every distinct page its entries fall in.
 */
public final class IndexLookup {
  /** What one index entry costs, in rows a scan decodes: a tree step against a few values. */
  static final long ENTRY_COST = 4;

  /** Rows per data page of the blocks the engine writes: reading one row decodes about a page. */
  static final long PAGE_ROWS = BlockFormat.DEFAULT_PAGE_ROWS;

  private IndexLookup() {}

  /**
   * The blocks to scan and how the index chose them.
   *
   * @param blocks the snapshot's blocks, covered cold blocks reduced to the rows the index found
   * @param index the index used
   * @param rangeText the keys looked up, spelled only when asked for (see {@link #range})
   * @param indexBlocks cold blocks kept because the index has matching entries in them
   * @param entries matching index entries
   */
  public record Selection(
      List<ScanBlock> blocks,
      String index,
      Supplier<String> rangeText,
      long indexBlocks,
      long entries) {

    /** The keys looked up, as EXPLAIN shows them: {@code [42..42]}, {@code (5..+inf)}. */
    public String range() {
      return rangeText.get();
    }
  }

  /**
   * What to look up in one index: keys (NULL allowed), or a range when {@code keys} is null.
   *
   * @param column the indexed column
   * @param keys the keys, or null for a range
   * @param lower the range's lower bound (null: unbounded), when {@code keys} is null
   * @param upper the range's upper bound (null: unbounded), when {@code keys} is null
   */
  record Probe(String column, List<Object> keys, KeyBound lower, KeyBound upper) {

    /** The keys as EXPLAIN shows them. */
    String describe() {
      if (keys != null) {
        if (keys.isEmpty()) {
          return "[]";
        }
        StringBuilder text = new StringBuilder();
        for (Object key : keys) {
          text.append(text.length() == 0 ? "" : ", ")
              .append('[')
              .append(literal(key))
              .append("..")
              .append(literal(key))
              .append(']');
        }
        return text.toString();
      }
      boolean lowerOpen = lower == null || lower.value() == null;
      return (lowerOpen || !lower.inclusive() ? "(" : "[")
          + (lowerOpen ? "-inf" : literal(lower.value()))
          + ".."
          + (upper == null ? "+inf" : literal(upper.value()))
          + (upper == null || !upper.inclusive() ? ")" : "]");
    }

    private static String literal(Object value) {
      return value == null
          ? "NULL"
          : value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /** A probe that could serve, and what it costs. */
  private record Choice(Probe probe, TableIndex index, TableIndex.Hits hits, long cost) {}

  /**
   * The selection for {@code bound} (a predicate bound to the table's schema) over {@code blocks},
   * or null when no ready index serves it for less than a scan costs ({@code always}: when no ready
   * index serves it at all; for comparing plans).
   */
  public static Selection select(
      TableStore store, Predicate bound, List<ScanBlock> blocks, boolean always) {
    if (bound == null || store.indexes().isEmpty()) {
      return null;
    }
    long coldRows = 0;
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock) {
        coldRows += block.rowCount();
      }
    }
    if (coldRows == 0 && !always) {
      return null; // nothing cold to spare
    }
    // A probe of a filter that is not a conjunction is the whole filter: every block holding one of
    // its entries passes the blocks' statistics, so the scan reads at least those blocks' rows.
    boolean wholeFilter = !(bound instanceof Predicate.And);
    long scanRows = -1; // what the scan reads after the statistics, counted when needed
    BlockRows blockRows = null;
    Choice best = null;
    for (Probe probe : probes(bound)) {
      TableIndex index = store.indexOn(probe.column());
      if (index == null || index.state() != TableIndex.State.READY) {
        continue;
      }
      // Past this many entries the index costs more than the scan: stop counting there. Until the
      // scan is counted, a first look counts a few entries, which a point lookup's are.
      long limit =
          always
              ? Long.MAX_VALUE
              : scanRows >= 0 ? scanRows / ENTRY_COST : Math.min(FIRST_LOOK, coldRows / ENTRY_COST);
      TableIndex.Hits hits = index.lookup(probe.keys(), probe.lower(), probe.upper(), limit);
      if (hits == null && !always && scanRows < 0) {
        scanRows = scanRows(store.schema(), bound, blocks);
        if (scanRows == 0) {
          return null;
        }
        hits = index.lookup(probe.keys(), probe.lower(), probe.upper(), scanRows / ENTRY_COST);
      }
      if (hits == null) {
        continue;
      }
      if (blockRows == null) {
        blockRows = BlockRows.of(blocks);
      }
      long cost = hits.addresses().length * ENTRY_COST + pageRowsRead(hits.addresses(), blockRows);
      if (!always && !(wholeFilter && cost < rowsHolding(hits.addresses(), blockRows))) {
        if (scanRows < 0) {
          scanRows = scanRows(store.schema(), bound, blocks);
          if (scanRows == 0) {
            return null;
          }
        }
        if (!(cost < scanRows)) {
          continue;
        }
      }
      if (best == null || cost < best.cost()) {
        best = new Choice(probe, index, hits, cost);
      }
    }
    return best == null ? null : narrow(best, blocks);
  }

  /** Entries a first look at an index counts before the scan's rows are: a few keys' worth. */
  private static final long FIRST_LOOK = 64;

  /** The rows of the cold blocks of {@code blocks} whose statistics {@code bound} may match. */
  private static long scanRows(Schema schema, Predicate bound, List<ScanBlock> blocks) {
    long rows = 0;
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock
          && StatsPruner.mayMatch(bound, schema, block::stats, block.rowCount())) {
        rows += block.rowCount();
      }
    }
    return rows;
  }

  /** The rows of the blocks of {@code blockRows} that hold one of {@code addresses} (ascending). */
  static long rowsHolding(long[] addresses, BlockRows blockRows) {
    long rows = 0;
    long block = -1;
    for (long address : addresses) {
      if (IndexKeys.blockOf(address) != block) {
        block = IndexKeys.blockOf(address);
        rows += Math.max(0, blockRows.rowsOf(block));
      }
    }
    return rows;
  }

  /**
   * The selection serving {@code ORDER BY column LIMIT limit} from an index on the column, or null
   * when none is ready or walking it costs more than a scan; see {@link IndexOrder}.
   */
  public static Selection selectOrder(
      TableStore store,
      Predicate bound,
      List<ScanBlock> blocks,
      String column,
      boolean descending,
      boolean nullsFirst,
      long limit) {
    return IndexOrder.select(store, bound, blocks, column, descending, nullsFirst, limit);
  }

  /** Counts a read that {@code selection}'s index served, for {@code sys.indexes}. */
  public static void recordScan(TableStore store, Selection selection) {
    for (TableIndex index : store.indexes()) {
      if (index.name().equals(selection.index())) {
        index.recordScan();
      }
    }
  }

  /**
   * The blocks with each covered cold block cut to the rows of its entries; a covering index's
   * entries also carry those rows' values, when every entry of the block has its payload.
   */
  private static Selection narrow(Choice choice, List<ScanBlock> blocks) {
    TableIndex.Hits hits = choice.hits();
    long[] addresses = hits.addresses();
    List<ScanBlock> kept = new ArrayList<>(blocks.size());
    long indexBlocks = 0;
    long firstBlock = addresses.length == 0 ? 0 : IndexKeys.blockOf(addresses[0]);
    long lastBlock =
        addresses.length == 0 ? -1 : IndexKeys.blockOf(addresses[addresses.length - 1]);
    for (ScanBlock block : blocks) {
      if (block instanceof ColdScanBlock cold) {
        long id = cold.block().meta().id();
        if (hits.covered().contains(id)) {
          if (id < firstBlock || id > lastBlock) {
            continue; // no entry in this block
          }
          // Addresses ascend, each once, so one block's entries are one run of them.
          int from = firstAtOrAfter(addresses, IndexKeys.address(id, 0));
          int to = firstAtOrAfter(addresses, IndexKeys.address(id + 1, 0));
          if (from < to) {
            kept.add(
                cold.withRows(
                    ordinals(addresses, from, to), coveredRows(choice.index(), hits, from, to)));
            indexBlocks++;
          }
          continue;
        }
      }
      kept.add(block);
    }
    Probe probe = choice.probe();
    return new Selection(
        kept, choice.index().name(), probe::describe, indexBlocks, addresses.length);
  }

  /**
   * The row ordinals of block {@code id} among ascending, distinct {@code addresses} (one run of
   * them), or null when it has none.
   */
  static long[] rowsOf(long[] addresses, long id) {
    int from = firstAtOrAfter(addresses, IndexKeys.address(id, 0));
    int to = firstAtOrAfter(addresses, IndexKeys.address(id + 1, 0));
    return from == to ? null : ordinals(addresses, from, to);
  }

  /** The row ordinals of {@code addresses[from..to)}. */
  private static long[] ordinals(long[] addresses, int from, int to) {
    long[] rows = new long[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = addresses[i] & IndexKeys.ORDINAL_MASK;
    }
    return rows;
  }

  /** The first position in ascending, distinct {@code values} holding {@code value} or more. */
  private static int firstAtOrAfter(long[] values, long value) {
    int at = Arrays.binarySearch(values, value);
    return at >= 0 ? at : -at - 1;
  }

  /**
   * The values a covering index's entries {@code from..to} (one block's) hold, or null when the
   * index is not covering or one of them has no payload (a payload too long for its cell is not
   * stored).
   */
  private static CoveredRows coveredRows(TableIndex index, TableIndex.Hits hits, int from, int to) {
    byte[][] payloads = hits.payloads();
    if (payloads == null) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (payloads[i] == null) {
        return null;
      }
    }
    return new CoveredRows(
        index, Arrays.copyOfRange(hits.keys(), from, to), Arrays.copyOfRange(payloads, from, to));
  }

  /**
   * The row counts of a snapshot's cold blocks by block id, for {@link #pageRowsRead}: ids sorted,
   * found by binary search.
   */
  static final class BlockRows {
    private final long[] ids;
    private final long[] rows;

    private BlockRows(long[] ids, long[] rows) {
      this.ids = ids;
      this.rows = rows;
    }

    /** The cold blocks of {@code blocks}. */
    static BlockRows of(List<ScanBlock> blocks) {
      long[] ids = new long[blocks.size()];
      long[] rows = new long[blocks.size()];
      int n = 0;
      boolean ascending = true;
      for (ScanBlock block : blocks) {
        if (block instanceof ColdScanBlock cold) {
          ids[n] = cold.block().meta().id();
          rows[n] = block.rowCount();
          ascending &= n == 0 || ids[n - 1] < ids[n];
          n++;
        }
      }
      if (!ascending) { // a snapshot lists its cold blocks by id: this is the exception
        long[][] pairs = new long[n][];
        for (int i = 0; i < n; i++) {
          pairs[i] = new long[] {ids[i], rows[i]};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < n; i++) {
          ids[i] = pairs[i][0];
          rows[i] = pairs[i][1];
        }
      }
      return new BlockRows(Arrays.copyOf(ids, n), Arrays.copyOf(rows, n));
    }

    /** The rows of block {@code id}, or -1 when it is not one of them. */
    long rowsOf(long id) {
      int at = Arrays.binarySearch(ids, id);
      return at < 0 ? -1 : rows[at];
    }
  }

  /**
   * The rows decoded to fetch the rows at {@code addresses} (ascending): a page of {@link
   * #PAGE_ROWS} rows, or the whole block when it is smaller, for every distinct page they fall in.
   * Entries of blocks not in {@code blockRows} (not in the snapshot) are not read.
   */
  static long pageRowsRead(long[] addresses, BlockRows blockRows) {
    long rows = 0;
    long previous = -1;
    long block = -1;
    long inBlock = -1;
    for (long address : addresses) {
      if (IndexKeys.blockOf(address) != block) {
        block = IndexKeys.blockOf(address);
        inBlock = blockRows.rowsOf(block);
      }
      long page = (block << 32) | ((address & IndexKeys.ORDINAL_MASK) / PAGE_ROWS);
      if (page != previous && inBlock >= 0) {
        rows += Math.min(PAGE_ROWS, inBlock);
        previous = page;
      }
    }
    return rows;
  }

  /**
   * The probes of the conjuncts of {@code predicate} that an index could answer, one per column:
   * conjuncts on one column are combined (a range's two sides into one range; keys win over a
   * range, both being supersets of the rows), and an OR of equalities on one column is a list of
   * keys, as SQL's IN arrives. Values that cannot be compared (parameters not yet bound) keep the
   * first conjunct's bound.
   */
  static List<Probe> probes(Predicate predicate) {
    List<Predicate> conjuncts = new ArrayList<>();
    flatten(predicate, conjuncts);
    // A filter has few conjuncts: a list searched by column keeps their order without a map.
    List<Probe> byColumn = new ArrayList<>(conjuncts.size());
    for (Predicate conjunct : conjuncts) {
      Probe probe = probe(conjunct);
      if (probe == null) {
        continue;
      }
      int at = 0;
      while (at < byColumn.size() && !byColumn.get(at).column().equals(probe.column())) {
        at++;
      }
      if (at == byColumn.size()) {
        byColumn.add(probe);
      } else {
        byColumn.set(at, combine(byColumn.get(at), probe));
      }
    }
    return byColumn;
  }

  /**
   * The ready index {@code predicate} could be looked up in and the keys, as EXPLAIN shows them
   * ({@code t_id: [?0..?0]}), without looking anything up: for a predicate whose values are not
   * known yet. Null when no ready index applies.
   */
  public static String describe(TableStore store, Predicate predicate) {
    if (predicate == null) {
      return null;
    }
    for (Probe probe : probes(predicate)) {
      TableIndex index = store.indexOn(probe.column());
      if (index != null && index.state() == TableIndex.State.READY) {
        return index.name() + ": " + probe.describe();
      }
    }
    return null;
  }

  private static Probe combine(Probe a, Probe b) {
    if (a.keys() != null || b.keys() != null) {
      if (a.keys() != null && b.keys() != null) {
        return a.keys().size() <= b.keys().size() ? a : b;
      }
      return a.keys() != null ? a : b;
    }
    return new Probe(
        a.column(),
        null,
        tighter(a.lower(), b.lower(), true),
        tighter(a.upper(), b.upper(), false));
  }

  /** The narrower of two bounds of one side of a range (null: unbounded). */
  private static KeyBound tighter(KeyBound x, KeyBound y, boolean lowerSide) {
    if (x == null || y == null) {
      return x == null ? y : x;
    }
    if (!comparable(x.value(), y.value())) {
      return x;
    }
    int c = IndexKeys.KEY_ORDER.compare(x.value(), y.value());
    if (c == 0) {
      return x.inclusive() ? y : x;
    }
    return (c > 0) == lowerSide ? x : y;
  }

  /** Whether two key values can be ordered now (NULL always can). */
  private static boolean comparable(Object a, Object b) {
    return a == null
        || b == null
        || (a instanceof Comparable && b instanceof Comparable && a.getClass() == b.getClass());
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

  /** An OR of equalities (or IN lists) on one column as that column's keys, or null. */
  private static Probe keysOf(Predicate.Or or) {
    String column = null;
    List<Object> keys = new ArrayList<>();
    for (Predicate part : or.parts()) {
      Probe probe = probe(part);
      if (probe == null
          || probe.keys() == null
          || (column != null && !column.equals(probe.column()))) {
        return null;
      }
      column = probe.column();
      keys.addAll(probe.keys());
    }
    return column == null ? null : new Probe(column, keys, null, null);
  }

  /** Entries of non-NULL keys start after the NULL key, which sorts first. */
  private static final KeyBound AFTER_NULL = KeyBound.exclusive(null);

  private static Probe probe(Predicate predicate) {
    if (predicate instanceof Predicate.Compare c) {
      return switch (c.op()) {
        case EQ -> new Probe(c.column(), List.of(c.value()), null, null);
        case LT -> new Probe(c.column(), null, AFTER_NULL, KeyBound.exclusive(c.value()));
        case LE -> new Probe(c.column(), null, AFTER_NULL, KeyBound.inclusive(c.value()));
        case GT -> new Probe(c.column(), null, KeyBound.exclusive(c.value()), null);
        case GE -> new Probe(c.column(), null, KeyBound.inclusive(c.value()), null);
        case NE -> null;
      };
    }
    if (predicate instanceof Predicate.Between b) {
      if (comparable(b.low(), b.high()) && Values.compare(b.low(), b.high()) > 0) {
        return new Probe(b.column(), List.of(), null, null);
      }
      return new Probe(b.column(), null, KeyBound.inclusive(b.low()), KeyBound.inclusive(b.high()));
    }
    if (predicate instanceof Predicate.Or or) {
      return keysOf(or);
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
