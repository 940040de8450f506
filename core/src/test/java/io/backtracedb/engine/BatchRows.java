package io.backtracedb.engine;

import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.Predicate;
import io.backtracedb.Row;
import io.backtracedb.RowBatch;
import io.backtracedb.Schema;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableReader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Self-describing batches for the crash, fault and snapshot tests, and the census that checks them:
 * every row names its batch, its position in the batch, how many rows the batch put into this
 * table, and which tables the batch wrote to; its other values follow from those, so a checker
 * needs no record of what was written to tell a whole batch from a partial, doubled or altered one.
 */
final class BatchRows {
  /** Table bit of table {@code a} in the {@code tables} column. */
  static final int A = 1;

  /** Table bit of table {@code b}. */
  static final int B = 2;

  /** Rows a batch may hold per table: {@code seq} stays below it, so times never collide. */
  static final int MAX_ROWS = 10_000;

  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .notNull("batch", ColumnType.BIGINT)
          .notNull("seq", ColumnType.INTEGER)
          .notNull("rows", ColumnType.INTEGER)
          .notNull("tables", ColumnType.INTEGER)
          .column("tag", ColumnType.VARCHAR)
          .column("val", ColumnType.BIGINT)
          .build();

  private BatchRows() {}

  /** Options with {@code ts} as time column and the given block size. */
  static TableOptions options(int blockRows) {
    return TableOptions.defaults().withTimeColumn("ts").withBlockRows(blockRows);
  }

  /**
   * Creates (or finds) tables {@code a} and {@code b}; {@code b} is a series table tagged by {@code
   * tag} (its other columns are numeric fields), so crashes, faults and snapshots are checked on
   * both kinds of table and on transactions across them.
   */
  static Table[] createTables(Database db, int blockRows) {
    return new Table[] {
      db.createTable("a", SCHEMA, options(blockRows)),
      db.createTable("b", SCHEMA, options(blockRows).asSeries(List.of("tag")))
    };
  }

  /** The time of row {@code seq} of batch {@code id}: batches follow each other in time. */
  static long time(long id, int seq) {
    return id * MAX_ROWS + seq;
  }

  /** The tag of row {@code seq}: a few distinct strings and some NULLs. */
  static String tag(int seq) {
    return seq % 7 == 3 ? null : "t" + seq % 5;
  }

  /** The value of row {@code seq} of a part of {@code rows} rows: the part's values sum to 0. */
  static long value(long id, int seq, int rows) {
    if (seq < rows - 1) {
      return id + seq;
    }
    long n = rows - 1L;
    return -(n * id + n * (n - 1) / 2);
  }

  /** Adds the {@code rows} rows of batch {@code id}'s part for one table. */
  static void add(RowBatch batch, long id, int rows, int tables) {
    if (rows < 1 || rows > MAX_ROWS) {
      throw new IllegalArgumentException("a part holds 1.." + MAX_ROWS + " rows, not " + rows);
    }
    for (int seq = 0; seq < rows; seq++) {
      batch.addRow(time(id, seq), id, seq, rows, tables, tag(seq), value(id, seq, rows));
    }
  }

  /** A new batch holding part {@code id} for {@code table}. */
  static RowBatch part(Table table, long id, int rows, int tables) {
    RowBatch batch = table.newBatch();
    add(batch, id, rows, tables);
    return batch;
  }

  /** What a scan found of one batch in one table. */
  static final class Part {
    final long id;
    int declaredRows = -1;
    int tables = -1;
    int count;
    long sum;
    final BitSet seqs = new BitSet();
    final List<String> problems = new ArrayList<>();

    Part(long id) {
      this.id = id;
    }

    void add(Row row) {
      int rows = row.getInt(3);
      int mask = row.getInt(4);
      int seq = row.getInt(2);
      if (declaredRows < 0) {
        declaredRows = rows;
        tables = mask;
      } else if (declaredRows != rows || tables != mask) {
        problem("rows/tables columns disagree within the batch");
      }
      count++;
      if (seq < 0 || seq >= rows) {
        problem("seq " + seq + " outside 0.." + (rows - 1));
        return;
      }
      if (seqs.get(seq)) {
        problem("row " + seq + " seen twice");
      }
      seqs.set(seq);
      long val = row.isNull(6) ? Long.MIN_VALUE : row.getLong(6);
      sum += val;
      if (row.getLong(0) != time(id, seq)
          || val != value(id, seq, rows)
          || !java.util.Objects.equals(row.getString(5), tag(seq))) {
        problem("row " + seq + " has wrong values " + java.util.Arrays.toString(row.values()));
      }
    }

    private void problem(String text) {
      if (problems.size() < 3) {
        problems.add("batch " + id + ": " + text);
      }
    }

    /** Whether every row of the part is here once. */
    boolean whole() {
      return problems.isEmpty() && count == declaredRows && seqs.cardinality() == declaredRows;
    }

    @Override
    public String toString() {
      return "batch "
          + id
          + " ("
          + count
          + " of "
          + declaredRows
          + " rows, tables "
          + tables
          + (problems.isEmpty() ? "" : ", " + problems)
          + ")";
    }
  }

  /** Every batch part of {@code table} matching {@code filter} (null: all rows), by batch id. */
  static Map<Long, Part> census(Table table, Predicate filter) {
    Map<Long, Part> parts = new HashMap<>();
    try (TableReader reader = table.reader()) {
      if (filter != null) {
        reader.where(filter);
      }
      while (reader.next()) {
        Row row = reader.row();
        long id = row.getLong(1);
        parts.computeIfAbsent(id, Part::new).add(row);
      }
    }
    return parts;
  }

  /** Every batch part of {@code table}. */
  static Map<Long, Part> census(Table table) {
    return census(table, null);
  }

  /** Problems of parts that are not whole, in batch order; at most {@code limit}. */
  static List<String> partial(Collection<Part> parts, int limit) {
    List<String> problems = new ArrayList<>();
    for (Part part : new TreeMap<>(byId(parts)).values()) {
      if (!part.whole() && problems.size() < limit) {
        problems.add(part.toString());
      }
    }
    return problems;
  }

  private static Map<Long, Part> byId(Collection<Part> parts) {
    Map<Long, Part> map = new HashMap<>();
    for (Part part : parts) {
      map.put(part.id, part);
    }
    return map;
  }

  /**
   * The state of both tables after recovery or quiescence: every part is whole, and a batch that
   * wrote to both tables is in both or in neither.
   */
  static final class Census {
    final Map<Long, Part> a;
    final Map<Long, Part> b;

    Census(Map<Long, Part> a, Map<Long, Part> b) {
      this.a = a;
      this.b = b;
    }

    /** The census of tables {@code a} and {@code b}; a table that does not exist is empty. */
    static Census of(Database db) {
      return new Census(censusIfExists(db, "a"), censusIfExists(db, "b"));
    }

    private static Map<Long, Part> censusIfExists(Database db, String table) {
      return db.findTable(table).map(BatchRows::census).orElseGet(HashMap::new);
    }

    /** Whether any part of batch {@code id} is present. */
    boolean present(long id) {
      return a.containsKey(id) || b.containsKey(id);
    }

    /** The highest batch id present, or 0. */
    long maxId() {
      long max = 0;
      for (long id : a.keySet()) {
        max = Math.max(max, id);
      }
      for (long id : b.keySet()) {
        max = Math.max(max, id);
      }
      return max;
    }

    /** The total number of rows in both tables. */
    long rows() {
      long rows = 0;
      for (Part part : a.values()) {
        rows += part.count;
      }
      for (Part part : b.values()) {
        rows += part.count;
      }
      return rows;
    }

    /** Every problem: partial parts, and batches missing from a table they wrote to. */
    List<String> problems() {
      List<String> problems = new ArrayList<>();
      problems.addAll(partial(a.values(), 10));
      problems.addAll(partial(b.values(), 10));
      checkCounterpart(a, b, B, "b", problems);
      checkCounterpart(b, a, A, "a", problems);
      checkOwnBit(a, A, "a", problems);
      checkOwnBit(b, B, "b", problems);
      return problems;
    }

    /** Ids of {@code ids} that are absent; at most 20. */
    List<Long> missing(Collection<Long> ids) {
      List<Long> missing = new ArrayList<>();
      for (long id : ids) {
        if (!present(id) && missing.size() < 20) {
          missing.add(id);
        }
      }
      return missing;
    }

    /** Ids of batches matching {@code test} that are present; at most 20. */
    List<Long> presentWhere(LongPredicate test) {
      List<Long> found = new ArrayList<>();
      for (Map<Long, Part> parts : List.of(a, b)) {
        for (long id : parts.keySet()) {
          if (test.test(id) && !found.contains(id) && found.size() < 20) {
            found.add(id);
          }
        }
      }
      return found;
    }

    private static void checkOwnBit(Map<Long, Part> parts, int bit, String name, List<String> out) {
      int reported = 0;
      for (Part part : parts.values()) {
        if ((part.tables & bit) == 0 && reported++ < 10) {
          out.add(part + " is in table " + name + " but does not name it");
        }
      }
    }

    private static void checkCounterpart(
        Map<Long, Part> these, Map<Long, Part> others, int bit, String name, List<String> out) {
      int reported = 0;
      for (Part part : these.values()) {
        if ((part.tables & bit) != 0 && !others.containsKey(part.id) && reported++ < 10) {
          out.add(part + " wrote to both tables but is missing from table " + name);
        }
      }
    }
  }
}
