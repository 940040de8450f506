package io.backtracedb.block;

import io.backtracedb.ColumnType;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Decodes a flat column chunk that is read whole, a page at a time, with {@link PageValues}' bulk
 * loops instead of parquet-java's value-by-value column reader. Used for the v2 data pages and
 * encodings BacktraceDB writes; anything else (and row groups read in part, where columns must be
 * synchronised by row index) goes through {@link ColumnDecoder}. Not thread-safe.
 */
final class PageColumnDecoder {
  /** The data page encodings this decoder reads. */
  private static final Set<Encoding> ENCODINGS =
      EnumSet.of(
          Encoding.DELTA_BINARY_PACKED,
          Encoding.BYTE_STREAM_SPLIT,
          Encoding.RLE_DICTIONARY,
          Encoding.PLAIN_DICTIONARY,
          Encoding.PLAIN);

  private final ColumnType type;
  private final ColumnDescriptor descriptor;
  private final boolean nullable;
  private PageReader pages;
  private Dictionary dictionary;
  private String[] dictionaryStrings = new String[0];

  // Parquet dictionary id to the target vector's id (-1: not yet), for mapped at mappedGeneration.
  private int[] vectorIds = new int[0];
  private StringVector mapped;
  private int mappedGeneration;

  // The current page: its rows, which are present, and the present values in order.
  private int pageRows;
  private int row;
  private int value;
  private int[] present = new int[0];
  private boolean hasNulls;
  private boolean dictionaryIds;
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private int[] ids = new int[0];
  private String[] strings = new String[0];

  PageColumnDecoder(ColumnType type, ColumnDescriptor descriptor) {
    this.type = type;
    this.descriptor = descriptor;
    this.nullable = descriptor.getMaxDefinitionLevel() > 0;
  }

  /** Whether a column chunk of {@code type} described by {@code chunk} can be decoded here. */
  static boolean supports(ColumnType type, ColumnChunkMetaData chunk) {
    EncodingStats stats = chunk.getEncodingStats();
    return type.physical() != ColumnType.Physical.BOOLEAN
        && stats != null
        && stats.usesV2Pages()
        && ENCODINGS.containsAll(stats.getDataEncodings());
  }

  /** Starts on the next row group's pages of this column. */
  void start(PageReader reader) {
    this.pages = reader;
    DictionaryPage page = reader.readDictionaryPage();
    dictionary = page == null ? null : page.decode(descriptor);
    dictionaryStrings = new String[dictionary == null ? 0 : dictionary.getMaxId() + 1];
    vectorIds = new int[dictionaryStrings.length];
    mapped = null;
    pageRows = 0;
    row = 0;
  }

  /** Appends the next {@code rows} values to {@code target}, which has this column's type. */
  void decode(ColumnVector target, int rows) throws IOException {
    int left = rows;
    while (left > 0) {
      if (row == pageRows) {
        nextPage();
      }
      int take = Math.min(left, pageRows - row);
      append(target, take);
      left -= take;
    }
  }

  private void append(ColumnVector target, int count) {
    int end = row + count;
    switch (type.physical()) {
      case LONG -> {
        LongVector out = (LongVector) target;
        for (; row < end; row++) {
          if (hasNulls && present[row] == 0) {
            out.appendNull();
          } else {
            out.append(longs[value++]);
          }
        }
      }
      case INT -> {
        IntVector out = (IntVector) target;
        for (; row < end; row++) {
          if (hasNulls && present[row] == 0) {
            out.appendNull();
          } else {
            out.append((int) longs[value++]);
          }
        }
      }
      case DOUBLE -> {
        DoubleVector out = (DoubleVector) target;
        for (; row < end; row++) {
          if (hasNulls && present[row] == 0) {
            out.appendNull();
          } else {
            out.append(doubles[value++]);
          }
        }
      }
      case STRING -> appendStrings((StringVector) target, end);
      default -> throw new IllegalStateException("unsupported type " + type);
    }
  }

  private void appendStrings(StringVector out, int end) {
    if (dictionaryIds && (mapped != out || mappedGeneration != out.generation())) {
      Arrays.fill(vectorIds, -1);
      mapped = out;
      mappedGeneration = out.generation();
    }
    for (; row < end; row++) {
      if (hasNulls && present[row] == 0) {
        out.appendNull();
      } else if (!dictionaryIds) {
        out.append(strings[value++]);
      } else {
        int id = ids[value++];
        int vectorId = vectorIds[id];
        if (vectorId >= 0) {
          out.appendId(vectorId);
        } else {
          String text = dictionaryStrings[id];
          if (text == null) {
            text = dictionary.decodeToBinary(id).toStringUsingUTF8();
            dictionaryStrings[id] = text;
          }
          vectorIds[id] = out.appendReturningId(text);
        }
      }
    }
  }

  private void nextPage() throws IOException {
    DataPage page = pages.readPage();
    if (!(page instanceof DataPageV2 v2)) {
      throw new IllegalArgumentException(
          "column '" + descriptor.getPath()[0] + "' has " + page + " where a v2 data page belongs");
    }
    if (v2.isCompressed()) {
      throw new IllegalStateException("page of '" + descriptor.getPath()[0] + "' not decompressed");
    }
    int rows = v2.getRowCount();
    int nulls = v2.getNullCount();
    if (rows <= 0 || nulls < 0 || nulls > rows) {
      throw new IllegalArgumentException("page with " + rows + " rows and " + nulls + " nulls");
    }
    hasNulls = nulls > 0;
    if (nullable) {
      if (present.length < rows) {
        present = new int[rows];
      }
      PageValues.rleHybrid(input(v2.getDefinitionLevels()), 1, present, rows);
    } else if (nulls > 0) {
      throw new IllegalArgumentException("NOT NULL column page with " + nulls + " nulls");
    }
    int count = rows - nulls;
    PageValues.Input in = input(v2.getData());
    Encoding encoding = v2.getDataEncoding();
    dictionaryIds = encoding == Encoding.RLE_DICTIONARY || encoding == Encoding.PLAIN_DICTIONARY;
    if (dictionaryIds) {
      if (dictionary == null) {
        throw new IllegalArgumentException("dictionary-encoded page without a dictionary");
      }
      if (ids.length < count) {
        ids = new int[count];
      }
      int width = in.readByte();
      PageValues.rleHybrid(in, width, ids, count);
      for (int i = 0; i < count; i++) {
        if (ids[i] < 0 || ids[i] >= dictionaryStrings.length) {
          throw new IllegalArgumentException("dictionary id " + ids[i] + " out of range");
        }
      }
    } else {
      decodeValues(in, encoding, count);
    }
    pageRows = rows;
    row = 0;
    value = 0;
  }

  /** The bytes of {@code bytes} as an input, without a copy when they are in a heap array. */
  private static PageValues.Input input(org.apache.parquet.bytes.BytesInput bytes)
      throws IOException {
    java.nio.ByteBuffer buffer = bytes.toByteBuffer();
    if (buffer.hasArray()) {
      return new PageValues.Input(
          buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return new PageValues.Input(copy, 0, copy.length);
  }

  private void decodeValues(PageValues.Input in, Encoding encoding, int count) {
    switch (type.physical()) {
      case LONG, INT -> {
        if (longs.length < count) {
          longs = new long[count];
        }
        if (encoding == Encoding.DELTA_BINARY_PACKED) {
          PageValues.deltaBinaryPacked(in, longs, count);
        } else if (encoding == Encoding.PLAIN) {
          PageValues.plainLongs(
              in, longs, count, type.physical() == ColumnType.Physical.INT ? 4 : 8);
        } else {
          throw unsupported(encoding);
        }
      }
      case DOUBLE -> {
        if (doubles.length < count) {
          doubles = new double[count];
        }
        if (longs.length < count) {
          longs = new long[count];
        }
        if (encoding == Encoding.BYTE_STREAM_SPLIT) {
          PageValues.byteStreamSplitDoubles(in, doubles, count, longs);
        } else if (encoding == Encoding.PLAIN) {
          PageValues.plainLongs(in, longs, count, 8);
          for (int i = 0; i < count; i++) {
            doubles[i] = Double.longBitsToDouble(longs[i]);
          }
        } else {
          throw unsupported(encoding);
        }
      }
      case STRING -> {
        if (encoding != Encoding.PLAIN) {
          throw unsupported(encoding);
        }
        if (strings.length < count) {
          strings = new String[count];
        }
        for (int i = 0; i < count; i++) {
          in.require(4);
          int length =
              (in.bytes[in.position] & 0xff)
                  | (in.bytes[in.position + 1] & 0xff) << 8
                  | (in.bytes[in.position + 2] & 0xff) << 16
                  | (in.bytes[in.position + 3] & 0xff) << 24;
          in.position += 4;
          in.require(length);
          strings[i] = new String(in.bytes, in.position, length, StandardCharsets.UTF_8);
          in.position += length;
        }
      }
      default -> throw unsupported(encoding);
    }
  }

  private IllegalArgumentException unsupported(Encoding encoding) {
    return new IllegalArgumentException(
        "column '" + descriptor.getPath()[0] + "' has a " + encoding + " page");
  }
}
