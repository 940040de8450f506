package io.backtracedb.sql.function;

/**
 * The earliest and the latest sample of one group of VARCHAR or BOOLEAN values, as Calcite holds
 * them ({@link String}, {@link Boolean}), kept as rows arrive in any order. Ties in time go to the
 * smallest value for the first sample and the largest for the last, by the values' natural order
 * (strings by UTF-16 code units, false before true). Not thread-safe: one instance serves one group
 * of one running query.
 */
public final class FirstLastObject {
  private long count;
  private long firstTime;
  private Comparable<Object> firstValue;
  private long lastTime;
  private Comparable<Object> lastValue;

  /** An empty group. */
  public FirstLastObject() {}

  /** Takes one sample; {@code value} is a non-null {@link Comparable} of one class per group. */
  @SuppressWarnings("unchecked")
  public void add(Object value, long time) {
    Comparable<Object> comparable = (Comparable<Object>) value;
    if (count++ == 0) {
      firstTime = lastTime = time;
      firstValue = lastValue = comparable;
      return;
    }
    if (time < firstTime || (time == firstTime && comparable.compareTo(firstValue) < 0)) {
      firstTime = time;
      firstValue = comparable;
    }
    if (time > lastTime || (time == lastTime && comparable.compareTo(lastValue) > 0)) {
      lastTime = time;
      lastValue = comparable;
    }
  }

  /** The value of the earliest sample (the smallest of those at the earliest time). */
  public Object first() {
    return firstValue;
  }

  /** The value of the latest sample (the largest of those at the latest time). */
  public Object last() {
    return lastValue;
  }
}
