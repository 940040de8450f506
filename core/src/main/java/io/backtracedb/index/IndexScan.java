package io.backtracedb.index;

import java.util.Arrays;

/**
 * The entries of a key range, ascending or descending, read one at a time: call {@link #next} until
 * it returns false, reading {@link #key} and {@link #address} in between. Within one key, entries
 * come in address order (reversed when descending). Invalidated by changes to the tree, like {@link
 * BTreeCursor}; one scan belongs to one thread.
 */
public final class IndexScan {
  private final BTreeCursor cursor;
  private final byte[] lower;
  private final boolean lowerInclusive;
  private final byte[] upper;
  private final boolean upperInclusive;
  private final boolean descending;
  private boolean started;
  private boolean done;

  IndexScan(
      BTreeCursor cursor,
      byte[] lower,
      boolean lowerInclusive,
      byte[] upper,
      boolean upperInclusive,
      boolean descending) {
    this.cursor = cursor;
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.descending = descending;
  }

  /** Moves to the next entry of the range; false once the range is exhausted. */
  public boolean next() {
    if (done) {
      return false;
    }
    boolean on;
    if (!started) {
      started = true;
      if (descending) {
        on = upper == null ? cursor.seekLast() : cursor.seekBackEncoded(upper, upperInclusive);
      } else {
        on = lower == null ? cursor.seekFirst() : cursor.seekEncoded(lower, !lowerInclusive);
      }
    } else {
      on = descending ? cursor.previous() : cursor.next();
    }
    if (on && !inRange(cursor.keyBytes())) {
      on = false;
    }
    done = !on;
    return on;
  }

  /** The current entry's key. */
  public Object key() {
    return cursor.key();
  }

  /** The current entry's address. */
  public long address() {
    return cursor.address();
  }

  /** The current entry's payload, or null; the array must not be changed. */
  public byte[] payload() {
    return cursor.payload();
  }

  private boolean inRange(byte[] key) {
    if (descending) {
      if (lower == null) {
        return true;
      }
      int c = Arrays.compareUnsigned(key, lower);
      return c > 0 || (c == 0 && lowerInclusive);
    }
    if (upper == null) {
      return true;
    }
    int c = Arrays.compareUnsigned(key, upper);
    return c < 0 || (c == 0 && upperInclusive);
  }
}
