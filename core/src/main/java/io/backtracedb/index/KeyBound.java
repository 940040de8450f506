package io.backtracedb.index;

/**
 * One end of a key range for {@link BTree#scan}; a null {@code KeyBound} means unbounded. The value
 * may be null: the NULL key, which sorts before every other key.
 *
 * @param value the bound's key, in the engine's representation
 * @param inclusive whether entries with exactly this key are in the range
 */
public record KeyBound(Object value, boolean inclusive) {

  /** Entries with keys from (or up to) {@code value}, that key included. */
  public static KeyBound inclusive(Object value) {
    return new KeyBound(value, true);
  }

  /** Entries with keys after (or before) {@code value}, that key excluded. */
  public static KeyBound exclusive(Object value) {
    return new KeyBound(value, false);
  }
}
