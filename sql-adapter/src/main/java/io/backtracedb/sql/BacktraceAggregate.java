package io.backtracedb.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An aggregate folded into a scan: the scan groups the rows it reads by {@code groupColumns} and
 * computes {@code calls} on column batches, returning one row per group (group values, then call
 * results) instead of one per table row. Immutable.
 *
 * @param groupColumns table column ordinals to group by, in output order
 * @param buckets per group column, the bucket its values are reduced to ({@code time_bucket}, or
 *     {@code column / n}), or null to group by the value itself
 * @param calls the aggregate functions, in output order
 * @param rowType the row type of the aggregate it replaces (planning only)
 */
public record BacktraceAggregate(
    int[] groupColumns, Bucket[] buckets, List<Call> calls, RelDataType rowType) {

  /** An aggregate grouping by plain column values. */
  public BacktraceAggregate(int[] groupColumns, List<Call> calls, RelDataType rowType) {
    this(groupColumns, new Bucket[groupColumns.length], calls, rowType);
  }

  /**
   * A group key computed from a BIGINT or TIMESTAMP value: {@code value / width} truncated toward
   * zero (SQL integer division), or the start of its {@code time_bucket}: {@code origin + k *
   * width} for the largest such start at or before the value.
   *
   * @param divide integer division instead of a bucket start
   * @param width the divisor or bucket width, positive
   * @param origin where buckets start (unused for division)
   */
  public record Bucket(boolean divide, long width, long origin) {
    /** The key of {@code value}. */
    long apply(long value) {
      return divide ? value / width : origin + Math.floorDiv(value - origin, width) * width;
    }

    @Override
    public String toString() {
      return divide ? "/ " + width : "bucket " + width + " from " + origin;
    }
  }

  /** The functions a scan computes. */
  public enum Function {
    /** {@code count(*)}. */
    COUNT_ROWS,
    /** {@code count(column)}: rows where it is not NULL. */
    COUNT,
    /** {@code sum(column)}. */
    SUM,
    /** {@code sum(column)}, 0 for an empty group (Calcite's $SUM0). */
    SUM0,
    /** {@code min(column)}. */
    MIN,
    /** {@code max(column)}. */
    MAX,
    /** {@code avg(column)}. */
    AVG
  }

  /**
   * One aggregate function.
   *
   * @param function what it computes
   * @param column the table column ordinal it reads, -1 for {@code count(*)}
   * @param resultType the SQL type of its result, which decides the Java value returned
   */
  public record Call(Function function, int column, SqlTypeName resultType) {}

  /**
   * The table columns the scan must read: group columns, then call arguments; none for {@code
   * count(*)} alone, whose rows the scan counts (cold blocks from the manifest's row counts).
   */
  int[] columnsRead() {
    List<Integer> columns = new ArrayList<>();
    for (int column : groupColumns) {
      if (!columns.contains(column)) {
        columns.add(column);
      }
    }
    for (Call call : calls) {
      if (call.column() >= 0 && !columns.contains(call.column())) {
        columns.add(call.column());
      }
    }
    return columns.stream().mapToInt(Integer::intValue).toArray();
  }

  /** How EXPLAIN shows it, with table column names. */
  String describe(List<String> names) {
    List<String> group = new ArrayList<>();
    for (int i = 0; i < groupColumns.length; i++) {
      group.add(names.get(groupColumns[i]) + (buckets[i] == null ? "" : " " + buckets[i]));
    }
    List<String> described = new ArrayList<>();
    for (Call call : calls) {
      described.add(
          call.function().name() + "(" + (call.column() < 0 ? "" : names.get(call.column())) + ")");
    }
    return "group=" + group + " calls=" + described;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BacktraceAggregate that
        && Arrays.equals(groupColumns, that.groupColumns)
        && Arrays.equals(buckets, that.buckets)
        && calls.equals(that.calls);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(groupColumns) * 31 + Arrays.hashCode(buckets)) * 31 + calls.hashCode();
  }

  @Override
  public String toString() {
    return "group" + Arrays.toString(groupColumns) + Arrays.toString(buckets) + " " + calls;
  }
}
