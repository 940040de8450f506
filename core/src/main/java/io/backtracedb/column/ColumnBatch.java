package io.backtracedb.column;

/**
 * A window of rows {@code [start, end)} over column vectors, with an optional selection of the rows
 * that passed a filter.
 *
 * <p>Vectors are indexed by the table's column ordinal; a column that was not requested is null. A
 * batch is a view: it does not own the vectors and is valid until the scan advances.
 */
public final class ColumnBatch {
  private final ColumnVector[] vectors;
  private final int start;
  private final int end;
  private int[] selection;
  private int selected;

  /** A batch of all rows in {@code [start, end)}. */
  public ColumnBatch(ColumnVector[] vectors, int start, int end) {
    this.vectors = vectors;
    this.start = start;
    this.end = end;
    this.selected = end - start;
  }

  /** The vector of the column at {@code ordinal}, or null when the column was not read. */
  public ColumnVector vector(int ordinal) {
    return vectors[ordinal];
  }

  /** All vectors by ordinal. */
  public ColumnVector[] vectors() {
    return vectors;
  }

  /** The first row of the window. */
  public int start() {
    return start;
  }

  /** One past the last row of the window. */
  public int end() {
    return end;
  }

  /** The number of rows that are selected. */
  public int selectedCount() {
    return selected;
  }

  /** The {@code i}-th selected row's index into the vectors. */
  public int selectedRow(int i) {
    return selection == null ? start + i : selection[i];
  }

  /** Keeps only the first {@code count} rows of {@code rows}, which are vector indexes. */
  public void select(int[] rows, int count) {
    this.selection = rows;
    this.selected = count;
  }

  /** The selection array, or null when every row of the window is selected. */
  public int[] selection() {
    return selection;
  }
}
