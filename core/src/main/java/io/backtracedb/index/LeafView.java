package io.backtracedb.index;

/**
 * A leaf as a cursor reads it: a decoded {@link Node} from the page cache, or a {@link RawLeaf}
 * searched in its page's bytes. Entries are in (key, address) order.
 */
interface LeafView {
  /** The page the leaf is stored in. */
  int pageId();

  /** Entries in the leaf. */
  int count();

  /** The previous leaf, 0 at the start. */
  int prev();

  /** The next leaf, 0 at the end. */
  int next();

  /** Entry {@code i}'s encoded key; the array must not be changed. */
  byte[] key(int i);

  /** Entry {@code i}'s address. */
  long address(int i);

  /** Entry {@code i}'s payload, or null when it has none; the array must not be changed. */
  byte[] payload(int i);

  /**
   * The first index whose key is >= {@code key} (after {@code key} when {@code strict}), or the
   * count: addresses are ignored.
   */
  int keyBound(byte[] key, boolean strict);
}
