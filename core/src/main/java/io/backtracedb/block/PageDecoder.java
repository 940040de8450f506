package io.backtracedb.block;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.SeekableInputStream;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.transport.TIOStreamTransport;

/**
 * Reads one data page of a flat column chunk and appends the values of chosen rows to a vector,
 * with Parquet's own decoders for the page's encoding (and dictionary). Only the data page v2
 * layout BacktraceDB writes is accepted.
 *
 * <p>Rows are copied out of a page decoded whole when the {@link PageCache} holds it. Otherwise
 * only the chosen rows are decoded, unless the cache admits the page (its second miss within a
 * short window): then it is decoded whole and kept. The file is opened only when a page must be
 * read. The last page decoded whole and not cached is remembered. Not thread-safe.
 */
final class PageDecoder {
  /** Opens the stream the pages are read from, on the first page that is not cached. */
  @FunctionalInterface
  interface Source {
    SeekableInputStream open() throws IOException;
  }

  private final BlockLayout layout;
  private final Source source;
  private final PageCache cache;
  private SeekableInputStream stream;

  /**
   * Codecs of readers that closed, kept for the next ones: a zstd context costs more to create than
   * a small page to decompress. A few concurrent readers' worth are kept: a stack under a lock,
   * which costs a point lookup less than a concurrent deque's traversals.
   */
  private static final BlockCodecs[] POOL = new BlockCodecs[16];

  /** Codecs in {@link #POOL}, from index 0; guarded by {@code POOL}. */
  private static int pooled;

  /** Taken from the pool on the first page decompressed. */
  private BlockCodecs codecs;

  private final CRC32 crc = new CRC32();

  /**
   * A decoder of the pages of the file {@code layout} describes, read from the stream {@code
   * source} opens when first needed, keeping decoded pages in {@code cache} (null: none).
   */
  PageDecoder(BlockLayout layout, Source source, PageCache cache) {
    this.layout = layout;
    this.source = source;
    this.cache = cache;
  }

  /** A page read from the file and checked: its header and where its bytes start. */
  private record RawPage(byte[] bytes, PageHeader header, int headerLength) {}

  /**
   * A data page read and checked, its values section decompressed.
   *
   * @param group the row group
   * @param field the field
   * @param chunk the column chunk
   * @param page the page's index in the chunk
   * @param first the file ordinal of its first row
   * @param rows its rows
   * @param nulls its NULL rows
   * @param raw the page as stored, header included
   * @param levelsStart where its definition levels start in {@code raw}
   * @param levelsLength their length
   * @param values the values section, decompressed
   * @param encoding the values' encoding
   */
  private record DataPage(
      int group,
      int field,
      BlockLayout.Chunk chunk,
      int page,
      long first,
      int rows,
      int nulls,
      byte[] raw,
      int levelsStart,
      int levelsLength,
      byte[] values,
      Encoding encoding) {

    /** The definition level decoder, or null when every row has a value. */
    RunLengthBitPackingHybridDecoder levels() {
      int maxDefinition = chunk.descriptor().getMaxDefinitionLevel();
      return maxDefinition == 0 || nulls == 0
          ? null
          : new RunLengthBitPackingHybridDecoder(
              BytesUtils.getWidthFromMaxInt(maxDefinition),
              new ByteArrayInputStream(raw, levelsStart, levelsLength));
    }
  }

  /**
   * The last page decoded whole and not kept in a cache (one page: a lookup's {@code ts} page),
   * read again without decoding: where it is, and its rows.
   */
  private int memoGroup = -1;

  private int memoField;
  private int memoPage;
  private ColumnVector memo;

  /**
   * Vector ids of the Parquet dictionary ids of {@link #mappedDictionary}; -1 when not yet known.
   */
  private int[] vectorIds = new int[0];

  /** Scratch for gathering BYTE_STREAM_SPLIT doubles. */
  private long[] splitBits = new long[0];

  private String[] mappedDictionary;
  private StringVector mappedVector;
  private int mappedGeneration;

  private DataPage dataPage(int group, int field, int page) throws IOException {
    BlockLayout.RowGroup rowGroup = layout.groups()[group];
    BlockLayout.Chunk chunk = rowGroup.chunks()[field];
    long first = rowGroup.firstRow() + chunk.offsets().getFirstRowIndex(page);
    long pageRows =
        chunk.offsets().getLastRowIndex(page, rowGroup.rowCount())
            + 1
            - chunk.offsets().getFirstRowIndex(page);
    RawPage raw =
        readPage(chunk.offsets().getOffset(page), chunk.offsets().getCompressedPageSize(page));
    if (raw.header().getType() != PageType.DATA_PAGE_V2
        || !raw.header().isSetData_page_header_v2()) {
      throw corrupt(chunk, page, "is a " + raw.header().getType() + ", not a v2 data page");
    }
    DataPageHeaderV2 v2 = raw.header().getData_page_header_v2();
    if (v2.getNum_rows() != pageRows) {
      throw corrupt(chunk, page, "holds " + v2.getNum_rows() + " rows, its index says " + pageRows);
    }
    int repetitionLength = v2.getRepetition_levels_byte_length();
    int definitionLength = v2.getDefinition_levels_byte_length();
    int compressed = raw.header().getCompressed_page_size();
    if (repetitionLength != 0
        || definitionLength < 0
        || definitionLength > compressed
        || v2.getNum_values() != pageRows
        || v2.getNum_nulls() < 0
        || v2.getNum_nulls() > pageRows) {
      throw corrupt(chunk, page, "has malformed levels for a flat column");
    }
    int valuesStart = raw.headerLength() + definitionLength;
    int valuesLength = compressed - definitionLength;
    int uncompressed = raw.header().getUncompressed_page_size() - definitionLength;
    byte[] values =
        v2.isIs_compressed()
            ? decompress(chunk.codec(), raw.bytes(), valuesStart, valuesLength, uncompressed)
            : java.util.Arrays.copyOfRange(raw.bytes(), valuesStart, valuesStart + valuesLength);
    return new DataPage(
        group,
        field,
        chunk,
        page,
        first,
        (int) pageRows,
        v2.getNum_nulls(),
        raw.bytes(),
        raw.headerLength(),
        definitionLength,
        values,
        Encoding.valueOf(v2.getEncoding().name()));
  }

  /**
   * Appends to {@code out} the values of {@code rows[from..to)}, file ordinals that all lie in page
   * {@code page} of field {@code field} in row group {@code group}, ascending.
   */
  void read(
      int group,
      int field,
      int page,
      ColumnType type,
      long[] rows,
      int from,
      int to,
      ColumnVector out)
      throws IOException {
    ColumnVector whole = cached(group, field, page, type);
    if (whole == null && cache != null && cache.admit(layout, group, field, page)) {
      whole = decodeWhole(group, field, page, type, true);
    }
    if (whole != null) {
      appendCached(whole, firstRow(group, field, page), rows, from, to, out);
      return;
    }
    decode(dataPage(group, field, page), type, rows, from, to, out);
  }

  /** The page decoded whole from the cache or the one remembered, else null. */
  private ColumnVector cached(int group, int field, int page, ColumnType type) {
    ColumnVector whole = remembered(group, field, page);
    if (whole == null && cache != null) {
      whole = cache.get(layout, group, field, page);
    }
    return whole != null && whole.type().physical() == type.physical() ? whole : null;
  }

  /** The page decoded whole when it is the one remembered, else null. */
  private ColumnVector remembered(int group, int field, int page) {
    return memo != null && memoGroup == group && memoField == field && memoPage == page
        ? memo
        : null;
  }

  /** The file ordinal of the first row of a page. */
  private long firstRow(int group, int field, int page) {
    BlockLayout.RowGroup rowGroup = layout.groups()[group];
    return rowGroup.firstRow() + rowGroup.chunks()[field].offsets().getFirstRowIndex(page);
  }

  /**
   * Every row of a page, decoded as a vector of {@code type}: from the cache, or the remembered
   * page, or read and decoded now (then kept in the cache when it was missed recently, else
   * remembered). The vector must not be modified.
   */
  ColumnVector page(int group, int field, int page, ColumnType type) throws IOException {
    ColumnVector whole = cached(group, field, page, type);
    if (whole != null) {
      return whole;
    }
    return decodeWhole(
        group, field, page, type, cache != null && cache.admit(layout, group, field, page));
  }

  /** Every row of a page, read and decoded now, then kept in the cache or remembered. */
  private ColumnVector decodeWhole(int group, int field, int page, ColumnType type, boolean keep)
      throws IOException {
    ColumnVector whole;
    DataPage data = dataPage(group, field, page);
    if (type.physical() == ColumnType.Physical.STRING && data.encoding().usesDictionary()) {
      whole = dictionaryIds(data, type);
    } else {
      long[] rows = new long[data.rows()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = data.first() + i;
      }
      whole = ColumnVector.create(type, rows.length);
      decode(data, type, rows, 0, rows.length, whole);
    }
    if (keep) {
      cache.put(layout, group, field, page, whole);
    } else {
      memo = whole;
      memoGroup = group;
      memoField = field;
      memoPage = page;
    }
    return whole;
  }

  /**
   * Every row of a dictionary-encoded VARCHAR page as a vector of the chunk's dictionary ids over
   * its dictionary's strings, which it shares: no value is hashed.
   */
  private StringVector dictionaryIds(DataPage data, ColumnType type) throws IOException {
    PageDictionary dictionary = dictionary(data.group(), data.field());
    String[] strings = dictionary.strings();
    if (strings == null) {
      throw corrupt(data.chunk(), data.page(), "is dictionary-encoded without string entries");
    }
    ValuesReader reader = valuesReader(data, dictionary);
    RunLengthBitPackingHybridDecoder levels = data.levels();
    int maxDefinition = data.chunk().descriptor().getMaxDefinitionLevel();
    StringVector vector = StringVector.withDictionary(type, strings, data.rows());
    for (int row = 0; row < data.rows(); row++) {
      if (levels != null && levels.readInt() != maxDefinition) {
        vector.appendNull();
        continue;
      }
      int id = reader.readValueDictionaryId();
      if (id < 0 || id >= strings.length) {
        throw corrupt(
            data.chunk(),
            data.page(),
            "holds dictionary id " + id + " outside a dictionary of " + strings.length);
      }
      vector.appendId(id);
    }
    return vector;
  }

  /** Appends the values of {@code rows[from..to)}, all in {@code data}'s page, to {@code out}. */
  private void decode(
      DataPage data, ColumnType type, long[] rows, int from, int to, ColumnVector out)
      throws IOException {
    int group = data.group();
    int field = data.field();
    int page = data.page();
    int maxDefinition = data.chunk().descriptor().getMaxDefinitionLevel();
    int[] stored = storedIndexes(rows, from, to, data.first(), data.levels(), maxDefinition);
    int present = data.rows() - data.nulls();
    byte[] values = data.values();
    if (data.encoding() == Encoding.BYTE_STREAM_SPLIT
        && type.physical() == ColumnType.Physical.DOUBLE) {
      if (values.length != present * Double.BYTES) {
        throw corrupt(
            data.chunk(), page, "holds " + values.length + " bytes for " + present + " doubles");
      }
      appendSplitDoubles(values, present, stored, (DoubleVector) out);
      return;
    }
    if (data.encoding() == Encoding.DELTA_BINARY_PACKED
        && (type.physical() == ColumnType.Physical.LONG
            || type.physical() == ColumnType.Physical.INT)) {
      appendDeltas(DeltaDecoder.decode(values, 0, values.length, present), stored, out);
      return;
    }
    PageDictionary dictionary = data.encoding().usesDictionary() ? dictionary(group, field) : null;
    ValuesReader reader = valuesReader(data, dictionary);
    // Mapping ids pays off when the rows are not much fewer than the dictionary's entries.
    if (dictionary != null
        && dictionary.strings() != null
        && stored.length * 4 >= dictionary.strings().length
        && out instanceof StringVector strings) {
      appendDictionaryStrings(reader, stored, dictionary, strings);
      return;
    }
    int position = 0;
    for (int index : stored) {
      if (index < 0) {
        out.appendNull();
        continue;
      }
      reader.skip(index - position);
      append(type, reader, dictionary, out);
      position = index + 1;
    }
  }

  private static ValuesReader valuesReader(DataPage data, PageDictionary dictionary)
      throws IOException {
    ColumnDescriptor descriptor = data.chunk().descriptor();
    ValuesReader reader =
        dictionary == null
            ? data.encoding().getValuesReader(descriptor, ValuesType.VALUES)
            : data.encoding()
                .getDictionaryBasedValuesReader(
                    descriptor, ValuesType.VALUES, dictionary.dictionary());
    reader.initFromPage(data.rows(), ByteBufferInputStream.wrap(ByteBuffer.wrap(data.values())));
    return reader;
  }

  /**
   * For each of {@code rows[from..to)} (ascending, in a page starting at file row {@code
   * pageFirst}), the index of its value among the values the page stores, or -1 when the row is
   * NULL: NULLs take no place among the values.
   */
  private static int[] storedIndexes(
      long[] rows,
      int from,
      int to,
      long pageFirst,
      RunLengthBitPackingHybridDecoder levels,
      int maxDefinition)
      throws IOException {
    int[] stored = new int[to - from];
    if (levels == null) {
      for (int i = from; i < to; i++) {
        stored[i - from] = (int) (rows[i] - pageFirst);
      }
      return stored;
    }
    int row = 0;
    int present = 0;
    for (int i = from; i < to; i++) {
      int target = (int) (rows[i] - pageFirst);
      for (; row < target; row++) {
        if (levels.readInt() == maxDefinition) {
          present++;
        }
      }
      stored[i - from] = levels.readInt() == maxDefinition ? present++ : -1;
      row++;
    }
    return stored;
  }

  /** Appends the decoded integers at {@code stored} indexes (-1: NULL) to a LONG or INT vector. */
  private static void appendDeltas(long[] decoded, int[] stored, ColumnVector out) {
    for (int index : stored) {
      if (index < 0) {
        out.appendNull();
      } else if (out instanceof LongVector longs) {
        longs.append(decoded[index]);
      } else {
        ((IntVector) out).append((int) decoded[index]);
      }
    }
  }

  /**
   * Appends the doubles at {@code stored} indexes of a BYTE_STREAM_SPLIT page of {@code present}
   * values: byte {@code k} of value {@code i} is at {@code k * present + i}, so each value is read
   * where it lies, without decoding the page.
   */
  private void appendSplitDoubles(byte[] values, int present, int[] stored, DoubleVector out) {
    if (stored.length >= 64) {
      // Many rows: gather one byte plane at a time, each a forward pass over its stream.
      if (splitBits.length < stored.length) {
        splitBits = new long[stored.length];
      }
      long[] bits = splitBits;
      java.util.Arrays.fill(bits, 0, stored.length, 0L);
      for (int k = 0; k < Double.BYTES; k++) {
        int base = k * present;
        int shift = 8 * k;
        for (int i = 0; i < stored.length; i++) {
          int index = stored[i];
          if (index >= 0) {
            bits[i] |= (values[base + index] & 0xFFL) << shift;
          }
        }
      }
      for (int i = 0; i < stored.length; i++) {
        if (stored[i] < 0) {
          out.appendNull();
        } else {
          out.append(Double.longBitsToDouble(bits[i]));
        }
      }
      return;
    }
    for (int index : stored) {
      if (index < 0) {
        out.appendNull();
        continue;
      }
      long bits = 0;
      for (int k = 0; k < Double.BYTES; k++) {
        bits |= (values[k * present + index] & 0xFFL) << (8 * k);
      }
      out.append(Double.longBitsToDouble(bits));
    }
  }

  /**
   * The vector ids in {@code out} of the entries of dictionary {@code strings} (-1: not yet
   * appended), kept while the same dictionary is read into the same vector generation.
   */
  private int[] vectorIds(String[] strings, StringVector out) {
    if (mappedDictionary != strings
        || mappedVector != out
        || mappedGeneration != out.generation()) {
      if (vectorIds.length < strings.length) {
        vectorIds = new int[strings.length];
      }
      Arrays.fill(vectorIds, 0, strings.length, -1);
      mappedDictionary = strings;
      mappedVector = out;
      mappedGeneration = out.generation();
    }
    return vectorIds;
  }

  /**
   * Appends rows {@code rows[from..to)} of a cached page whose first row is {@code first}: strings
   * by dictionary id (each id looked up in the target's dictionary once), runs of consecutive rows
   * of other types in bulk.
   */
  private void appendCached(
      ColumnVector whole, long first, long[] rows, int from, int to, ColumnVector out) {
    if (whole instanceof StringVector strings && out instanceof StringVector target) {
      String[] dictionary = strings.dictionary();
      int[] ids = strings.ids();
      // Many rows into a vector that can take the page's dictionary as its own (when the array is
      // exactly the page's entries, as a dictionary-encoded page's is): the ids are the same.
      boolean shared =
          dictionary.length == strings.dictionarySize()
              && (to - from) * 4 >= dictionary.length
              && target.shareDictionary(dictionary);
      // A few rows into an empty vector (a point lookup's) are appended by value: mapping ids would
      // first clear an entry per value of the page's dictionary.
      boolean byValue = !shared && target.size() == 0 && (to - from) * 16 < dictionary.length;
      int[] mapping = shared || byValue ? null : vectorIds(dictionary, target);
      for (int i = from; i < to; i++) {
        int row = (int) (rows[i] - first);
        if (strings.isNull(row)) {
          target.appendNull();
          continue;
        }
        int id = ids[row];
        if (shared) {
          target.appendId(id);
        } else if (byValue) {
          target.append(dictionary[id]);
        } else if (mapping[id] >= 0) {
          target.appendId(mapping[id]);
        } else {
          mapping[id] = target.appendReturningId(dictionary[id]);
        }
      }
      return;
    }
    int i = from;
    while (i < to) {
      int end = i + 1;
      while (end < to && rows[end] == rows[end - 1] + 1) {
        end++;
      }
      int row = (int) (rows[i] - first);
      if (end - i >= 8) {
        out.appendRange(whole, row, row + (end - i));
      } else {
        for (int k = i; k < end; k++) {
          out.appendFrom(whole, (int) (rows[k] - first));
        }
      }
      i = end;
    }
  }

  /**
   * Appends dictionary-encoded strings by id: each Parquet dictionary id is looked up in the
   * vector's own dictionary once per vector generation, not once per row.
   */
  private void appendDictionaryStrings(
      ValuesReader reader, int[] stored, PageDictionary dictionary, StringVector out) {
    String[] strings = dictionary.strings();
    int[] mapping = vectorIds(strings, out);
    int position = 0;
    for (int index : stored) {
      if (index < 0) {
        out.appendNull();
        continue;
      }
      reader.skip(index - position);
      int id = reader.readValueDictionaryId();
      if (id < 0 || id >= strings.length) {
        throw new IllegalStateException(
            "dictionary id " + id + " outside a dictionary of " + strings.length);
      }
      int vectorId = mapping[id];
      if (vectorId >= 0) {
        out.appendId(vectorId);
      } else {
        mapping[id] = out.appendReturningId(strings[id]);
      }
      position = index + 1;
    }
  }

  private static void append(
      ColumnType type, ValuesReader reader, PageDictionary dictionary, ColumnVector out) {
    switch (type.physical()) {
      case LONG -> ((LongVector) out).append(reader.readLong());
      case INT -> ((IntVector) out).append(reader.readInteger());
      case DOUBLE -> ((DoubleVector) out).append(reader.readDouble());
      case BOOLEAN -> ((BooleanVector) out).append(reader.readBoolean());
      case STRING ->
          ((StringVector) out)
              .append(
                  dictionary != null
                      ? dictionary.strings()[reader.readValueDictionaryId()]
                      : reader.readBytes().toStringUsingUTF8());
      default -> throw new IllegalStateException("unknown physical type " + type);
    }
  }

  /** The dictionary of a column chunk, read and cached in the layout on first use. */
  PageDictionary dictionary(int group, int field) throws IOException {
    PageDictionary cached = layout.dictionary(group, field);
    if (cached != null) {
      return cached;
    }
    BlockLayout.Chunk chunk = layout.groups()[group].chunks()[field];
    if (chunk.dictionaryOffset() < 0) {
      throw corrupt(chunk, 0, "is dictionary-encoded, but its column chunk has no dictionary");
    }
    long end = chunk.offsets().getOffset(0);
    long length = end - chunk.dictionaryOffset();
    if (length <= 0 || length > Integer.MAX_VALUE) {
      throw corrupt(chunk, 0, "follows a dictionary page of " + length + " bytes");
    }
    RawPage raw = readPage(chunk.dictionaryOffset(), (int) length);
    if (raw.header().getType() != PageType.DICTIONARY_PAGE
        || !raw.header().isSetDictionary_page_header()) {
      throw new CorruptionException(
          layout.path(),
          chunk.dictionaryOffset(),
          "column '" + chunk.descriptor().getPath()[0] + "': no dictionary page where expected");
    }
    DictionaryPageHeader header = raw.header().getDictionary_page_header();
    int compressed = raw.header().getCompressed_page_size();
    byte[] bytes =
        decompress(
            chunk.codec(),
            raw.bytes(),
            raw.headerLength(),
            compressed,
            raw.header().getUncompressed_page_size());
    Encoding encoding = Encoding.valueOf(header.getEncoding().name());
    Dictionary dictionary =
        encoding.initDictionary(
            chunk.descriptor(),
            new DictionaryPage(BytesInput.from(bytes), header.getNum_values(), encoding));
    String[] strings = null;
    if (chunk.descriptor().getPrimitiveType().getPrimitiveTypeName()
        == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY) {
      strings = new String[dictionary.getMaxId() + 1];
      for (int id = 0; id < strings.length; id++) {
        strings[id] = dictionary.decodeToBinary(id).toStringUsingUTF8();
      }
    }
    return layout.remember(group, field, new PageDictionary(dictionary, strings));
  }

  /**
   * Reads {@code length} bytes at {@code offset} (stripe-verified) holding one page, parses its
   * header and checks that the page fills them exactly and matches its CRC.
   */
  private RawPage readPage(long offset, int length) throws IOException {
    byte[] bytes = new byte[length];
    if (stream == null) {
      stream = source.open();
    }
    stream.seek(offset);
    stream.readFully(bytes);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    PageHeader header = readHeader(in);
    int headerLength = length - in.available();
    if (header.getCompressed_page_size() != length - headerLength) {
      throw new CorruptionException(
          layout.path(),
          offset,
          "page of "
              + header.getCompressed_page_size()
              + " bytes after its header, the offset index gives it "
              + (length - headerLength));
    }
    if (header.isSetCrc()) {
      crc.reset();
      crc.update(bytes, headerLength, length - headerLength);
      if ((int) crc.getValue() != header.getCrc()) {
        throw new CorruptionException(layout.path(), offset, "page CRC mismatch");
      }
    }
    return new RawPage(bytes, header, headerLength);
  }

  /**
   * A page header read straight through Thrift's compact protocol: Parquet's {@code
   * Util.readPageHeader} adds a validator that formats its messages before checking anything, which
   * costs more than the parse on a page read for one row. The header is checked here instead
   * (against the offset index, the page's CRC and its decompressed size).
   */
  private static PageHeader readHeader(ByteArrayInputStream in) throws IOException {
    PageHeader header = new PageHeader();
    try {
      header.read(new TCompactProtocol(new TIOStreamTransport(in)));
    } catch (TException e) {
      throw new IOException("malformed page header: " + e.getMessage(), e);
    }
    return header;
  }

  private byte[] decompress(
      CompressionCodecName codec, byte[] bytes, int offset, int length, int uncompressed)
      throws IOException {
    if (codecs == null) {
      synchronized (POOL) {
        if (pooled > 0) {
          codecs = POOL[--pooled];
          POOL[pooled] = null;
        }
      }
      if (codecs == null) {
        codecs = new BlockCodecs();
      }
    }
    return codecs.decompress(codec, bytes, offset, length, uncompressed);
  }

  private CorruptionException corrupt(BlockLayout.Chunk chunk, int page, String problem) {
    return new CorruptionException(
        layout.path(),
        chunk.offsets().getOffset(page),
        "page " + page + " of column '" + chunk.descriptor().getPath()[0] + "' " + problem);
  }

  /** Hands the codecs to the next reader, or frees their native contexts when enough are kept. */
  void release() {
    if (codecs == null) {
      return;
    }
    synchronized (POOL) {
      if (pooled < POOL.length) {
        POOL[pooled++] = codecs;
        return;
      }
    }
    codecs.release();
  }
}
