package io.backtracedb.index;

import java.util.Arrays;

/** The order of index entries: key bytes compared unsigned, then the address as a signed long. */
final class Entries {
  private Entries() {}

  /** Negative, zero or positive as (k1, a1) sorts before, equal to or after (k2, a2). */
  static int compare(byte[] k1, long a1, byte[] k2, long a2) {
    int c = Arrays.compareUnsigned(k1, k2);
    return c != 0 ? c : Long.compare(a1, a2);
  }
}
