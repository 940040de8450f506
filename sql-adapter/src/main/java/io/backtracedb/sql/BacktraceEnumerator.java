package io.backtracedb.sql;

import io.backtracedb.Predicate;
import io.backtracedb.Table;
import io.backtracedb.TableReader;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnVector;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Turns the column batches of a scan into Calcite rows in Calcite's internal representation (epoch
 * millis for TIMESTAMP, epoch days for DATE) and its optimized array format (see {@link
 * BacktraceTable#scan}). The snapshot is taken on the first {@link #moveNext()}; every row first
 * checks the execution's {@link BacktraceCancellation}.
 */
final class BacktraceEnumerator implements Enumerator<Object> {
  private final Table table;
  private final int[] columns;
  private final Predicate predicate;
  private final BacktraceCancellation cancellation;
  private final BacktraceScanSpec.TimeLimit timeLimit;
  private final int[] latest;
  private final BacktraceScanSpec.IndexLimit indexLimit;
  private TableReader reader;
  private ColumnBatch batch;
  private int position;
  private Object current;

  BacktraceEnumerator(
      Table table,
      int[] columns,
      Predicate predicate,
      BacktraceScanSpec.TimeLimit timeLimit,
      BacktraceScanSpec.IndexLimit indexLimit,
      int[] latest,
      BacktraceCancellation cancellation) {
    this.table = table;
    this.timeLimit = timeLimit;
    this.indexLimit = indexLimit;
    this.latest = latest;
    this.columns = columns;
    this.predicate = predicate;
    this.cancellation = cancellation;
  }

  @Override
  public Object current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    // Checked per row, not per batch: a join above may do much work for each row it pulls.
    try {
      cancellation.check(table.name());
    } catch (QueryCanceledException e) {
      close();
      throw e;
    }
    if (reader == null) {
      reader = open();
    }
    while (batch == null || position >= batch.selectedCount()) {
      batch = reader.nextBatch();
      position = 0;
      if (batch == null) {
        return false;
      }
    }
    int row = batch.selectedRow(position++);
    if (columns.length == 1) {
      current = batch.vector(columns[0]).getObject(row);
    } else if (columns.length == 0) {
      current = List.of();
    } else {
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        ColumnVector vector = batch.vector(columns[i]);
        values[i] = vector.getObject(row);
      }
      current = values;
    }
    return true;
  }

  private TableReader open() {
    TableReader opened = table.reader();
    String[] names = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      names[i] = table.schema().column(columns[i]).name();
    }
    // count(*) reads no column, but rows still have to be counted: decode the narrowest useful one.
    opened.select(names.length > 0 ? names : new String[] {table.schema().column(0).name()});
    if (predicate != null) {
      opened.where(predicate);
    }
    if (timeLimit != null) {
      opened.limitByTime(timeLimit.descending(), timeLimit.limit());
    }
    if (indexLimit != null) {
      opened.limitByIndex(
          table.schema().column(indexLimit.column()).name(),
          indexLimit.descending(),
          indexLimit.nullsFirst(),
          indexLimit.limit());
    }
    if (latest != null && table.options().isSeries()) {
      opened.latestPerSeries();
    } else if (latest != null) {
      String[] keys = new String[latest.length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = table.schema().column(latest[i]).name();
      }
      opened.latestPerKey(keys);
    }
    return opened;
  }

  @Override
  public void reset() {
    close();
    batch = null;
    position = 0;
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
