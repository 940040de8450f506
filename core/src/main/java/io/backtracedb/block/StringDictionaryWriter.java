package io.backtracedb.block;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Parquet's dictionary encoder for strings, with a lookup by identity in front of its lookup by
 * content.
 *
 * <p>{@link VectorWriter} hands over one {@link Binary} instance per distinct string of a vector,
 * so after a string's first row its id is found by reference instead of by hashing and comparing
 * its bytes. A value not seen by reference yet (or one whose bytes may be reused) goes through
 * Parquet's lookup, so the dictionary, the ids and the fallback decision are exactly Parquet's.
 *
 * <p>Invariant: {@code known} maps an instance to the id Parquet gave it in the current dictionary;
 * it is emptied whenever Parquet empties the dictionary. Not thread-safe.
 */
final class StringDictionaryWriter
    extends DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter {
  private final Map<Binary, Integer> known = new IdentityHashMap<>();

  /**
   * A writer falling back once the dictionary exceeds {@code maxDictionaryBytes}.
   *
   * @param maxDictionaryBytes Parquet's dictionary page size threshold
   */
  StringDictionaryWriter(int maxDictionaryBytes, ByteBufferAllocator allocator) {
    super(maxDictionaryBytes, Encoding.RLE_DICTIONARY, Encoding.PLAIN, allocator);
  }

  @Override
  public void writeBytes(Binary value) {
    Integer id = known.get(value);
    if (id != null) {
      encodedValues.add(id);
      return;
    }
    int size = getDictionarySize();
    super.writeBytes(value);
    if (getDictionarySize() > size && !value.isBackingBytesReused()) {
      known.put(value, size); // Parquet appended it as entry number `size`
    }
  }

  @Override
  protected void clearDictionaryContent() {
    super.clearDictionaryContent();
    known.clear();
  }
}
