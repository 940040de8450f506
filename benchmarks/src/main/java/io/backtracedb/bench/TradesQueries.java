package io.backtracedb.bench;

import io.backtracedb.Predicate;
import io.backtracedb.ScanStats;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The trades queries written against the embedded reader, as the SQL layer will run them: push the
 * filter and projection into the scan, then aggregate over column batches (selected rows only,
 * NULLs ignored as SQL aggregates do).
 */
final class TradesQueries {
  private static final int PRICE = 2;
  private static final int QTY = 3;
  private static final int SYMBOL = 1;

  private TradesQueries() {}

  /** {@code count(*)} and the sum behind {@code avg(price)}. */
  record Aggregate(long rows, long priceCount, double priceSum, long qtySum, ScanStats stats) {}

  /** {@code GROUP BY symbol}: per group key, rows, non-null prices, their sum and max qty. */
  record Grouped(
      String[] keys,
      long[] rows,
      long[] priceCounts,
      double[] priceSums,
      long[] maxQty,
      int groups,
      ScanStats stats) {}

  /** {@code SELECT count(*) FROM trades}: reads the time column only. */
  static Aggregate count(Table table) {
    long rows = 0;
    try (TableReader reader = table.reader().select("ts")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        rows += batch.selectedCount();
      }
      return new Aggregate(rows, 0, 0, 0, reader.stats());
    }
  }

  /** Q1: {@code SELECT count(*), avg(price) FROM trades WHERE ts BETWEEN low AND high}. */
  static Aggregate window(Table table, Predicate window) {
    long rows = 0;
    long priceCount = 0;
    double priceSum = 0;
    try (TableReader reader = table.reader().where(window).select("price")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        int selected = batch.selectedCount();
        rows += selected;
        DoubleVector price = (DoubleVector) batch.vector(PRICE);
        double[] values = price.values();
        int[] selection = batch.selection();
        boolean nulls = price.mayHaveNulls();
        for (int i = 0; i < selected; i++) {
          int row = selection == null ? batch.start() + i : selection[i];
          if (!nulls || !price.isNull(row)) {
            priceSum += values[row];
            priceCount++;
          }
        }
      }
      return new Aggregate(rows, priceCount, priceSum, 0, reader.stats());
    }
  }

  /** Q4: {@code SELECT sum(qty) FROM trades WHERE price > threshold}. */
  static Aggregate qtyAbove(Table table, double threshold) {
    long rows = 0;
    long sum = 0;
    try (TableReader reader =
        table.reader().where(Predicate.gt("price", threshold)).select("qty")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        int selected = batch.selectedCount();
        rows += selected;
        LongVector qty = (LongVector) batch.vector(QTY);
        long[] values = qty.values();
        int[] selection = batch.selection();
        boolean nulls = qty.mayHaveNulls();
        if (selection == null && !nulls) {
          for (int row = batch.start(); row < batch.end(); row++) {
            sum += values[row];
          }
          continue;
        }
        for (int i = 0; i < selected; i++) {
          int row = selection == null ? batch.start() + i : selection[i];
          if (!nulls || !qty.isNull(row)) {
            sum += values[row];
          }
        }
      }
      return new Aggregate(rows, 0, 0, sum, reader.stats());
    }
  }

  /**
   * Q3: {@code SELECT symbol, count(*), avg(price), max(qty) FROM trades GROUP BY symbol}. Groups
   * are found per batch through the string dictionary: each dictionary id is mapped to a group slot
   * once, then rows aggregate by id.
   */
  static Grouped bySymbol(Table table) {
    Map<String, Integer> slots = new HashMap<>();
    String[] keys = new String[64];
    long[] rows = new long[64];
    long[] priceCounts = new long[64];
    double[] priceSums = new double[64];
    long[] maxQty = new long[64];
    Arrays.fill(maxQty, Long.MIN_VALUE);
    String[] mappedDictionary = null;
    int[] slotOfId = new int[0];
    try (TableReader reader = table.reader().select("symbol", "price", "qty")) {
      ColumnBatch batch;
      while ((batch = reader.nextBatch()) != null) {
        StringVector symbol = (StringVector) batch.vector(SYMBOL);
        DoubleVector price = (DoubleVector) batch.vector(PRICE);
        LongVector qty = (LongVector) batch.vector(QTY);
        int[] ids = symbol.ids();
        String[] dictionary = symbol.dictionary();
        double[] prices = price.values();
        long[] qtys = qty.values();
        if (dictionary != mappedDictionary) {
          // A cold block's batches each bring a dictionary; the active block shares one.
          mappedDictionary = dictionary;
          slotOfId = new int[dictionary.length];
          Arrays.fill(slotOfId, -1);
        }
        boolean nulls = symbol.mayHaveNulls() || price.mayHaveNulls() || qty.mayHaveNulls();
        int[] selection = batch.selection();
        int selected = batch.selectedCount();
        for (int i = 0; i < selected; i++) {
          int row = selection == null ? batch.start() + i : selection[i];
          int slot;
          if (nulls && symbol.isNull(row)) {
            slot = slotFor(slots, null);
          } else {
            int id = ids[row];
            slot = slotOfId[id];
            if (slot < 0) {
              slot = slotFor(slots, dictionary[id]);
              slotOfId[id] = slot;
            }
          }
          if (slot >= rows.length) {
            int size = rows.length * 2;
            keys = Arrays.copyOf(keys, size);
            rows = Arrays.copyOf(rows, size);
            priceCounts = Arrays.copyOf(priceCounts, size);
            priceSums = Arrays.copyOf(priceSums, size);
            int old = maxQty.length;
            maxQty = Arrays.copyOf(maxQty, size);
            Arrays.fill(maxQty, old, size, Long.MIN_VALUE);
          }
          rows[slot]++;
          if (!nulls || !price.isNull(row)) {
            priceSums[slot] += prices[row];
            priceCounts[slot]++;
          }
          if ((!nulls || !qty.isNull(row)) && qtys[row] > maxQty[slot]) {
            maxQty[slot] = qtys[row];
          }
        }
      }
      for (Map.Entry<String, Integer> entry : slots.entrySet()) {
        keys[entry.getValue()] = entry.getKey();
      }
      return new Grouped(keys, rows, priceCounts, priceSums, maxQty, slots.size(), reader.stats());
    }
  }

  private static int slotFor(Map<String, Integer> slots, String key) {
    Integer slot = slots.get(key);
    if (slot == null) {
      slot = slots.size();
      slots.put(key, slot);
    }
    return slot;
  }
}
