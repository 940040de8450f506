package io.backtracedb.block;

import io.backtracedb.ColumnType;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Decodes one flat column from a Parquet {@link ColumnReader} into column vectors, value by value
 * with primitive getters; no record is assembled.
 *
 * <p>Strings go through a dictionary-aware converter, so a dictionary-encoded page decodes each
 * distinct value from UTF-8 once per row group. Not thread-safe.
 */
final class ColumnDecoder {
  /** The converter of columns that are read but not decoded: nothing is ever sent to it. */
  static final PrimitiveConverter UNUSED = new PlainConverter();

  private final ColumnType type;
  private final int maxDefinitionLevel;
  private final StringConverter strings;
  private ColumnReader reader;

  ColumnDecoder(ColumnType type, int maxDefinitionLevel) {
    this.type = type;
    this.maxDefinitionLevel = maxDefinitionLevel;
    this.strings = type == ColumnType.VARCHAR ? new StringConverter() : null;
  }

  /** The converter Parquet binds to this column (used for strings only). */
  PrimitiveConverter converter() {
    return strings != null ? strings : UNUSED;
  }

  /** Reads the next row group through {@code columnReader}. */
  void start(ColumnReader columnReader) {
    this.reader = columnReader;
  }

  /** Appends the next {@code rows} values to {@code target}, which has this column's type. */
  void decode(ColumnVector target, int rows) {
    ColumnReader in = reader;
    int nullLevel = maxDefinitionLevel;
    switch (type.physical()) {
      case LONG -> {
        LongVector out = (LongVector) target;
        for (int i = 0; i < rows; i++) {
          if (in.getCurrentDefinitionLevel() < nullLevel) {
            out.appendNull();
          } else {
            out.append(in.getLong());
          }
          in.consume();
        }
      }
      case INT -> {
        IntVector out = (IntVector) target;
        for (int i = 0; i < rows; i++) {
          if (in.getCurrentDefinitionLevel() < nullLevel) {
            out.appendNull();
          } else {
            out.append(in.getInteger());
          }
          in.consume();
        }
      }
      case DOUBLE -> {
        DoubleVector out = (DoubleVector) target;
        for (int i = 0; i < rows; i++) {
          if (in.getCurrentDefinitionLevel() < nullLevel) {
            out.appendNull();
          } else {
            out.append(in.getDouble());
          }
          in.consume();
        }
      }
      case BOOLEAN -> {
        BooleanVector out = (BooleanVector) target;
        for (int i = 0; i < rows; i++) {
          if (in.getCurrentDefinitionLevel() < nullLevel) {
            out.appendNull();
          } else {
            out.append(in.getBoolean());
          }
          in.consume();
        }
      }
      case STRING -> {
        StringVector out = (StringVector) target;
        strings.target = out;
        for (int i = 0; i < rows; i++) {
          if (in.getCurrentDefinitionLevel() < nullLevel) {
            out.appendNull();
          } else {
            in.writeCurrentValueToConverter();
          }
          in.consume();
        }
        strings.target = null;
      }
      default -> throw new IllegalStateException("unknown physical type " + type);
    }
  }

  /** A converter for values read with primitive getters, which never receives a value. */
  private static final class PlainConverter extends PrimitiveConverter {}

  /** Appends strings to the current target, caching decoded dictionary entries. */
  private static final class StringConverter extends PrimitiveConverter {
    private StringVector target;
    private Dictionary dictionary;
    private String[] decoded;

    /**
     * Parquet dictionary id to the target vector's id (-1: not seen), valid for {@code mapped} at
     * {@code mappedGeneration}: a dictionary-encoded value costs an array read, not a hash lookup.
     */
    private int[] vectorIds = new int[0];

    private StringVector mapped;
    private int mappedGeneration;

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary newDictionary) {
      this.dictionary = newDictionary;
      this.decoded = new String[newDictionary.getMaxId() + 1];
      this.vectorIds = new int[decoded.length];
      this.mapped = null;
    }

    @Override
    public void addValueFromDictionary(int id) {
      if (mapped != target || mappedGeneration != target.generation()) {
        java.util.Arrays.fill(vectorIds, -1);
        mapped = target;
        mappedGeneration = target.generation();
      }
      int vectorId = vectorIds[id];
      if (vectorId >= 0) {
        target.appendId(vectorId);
        return;
      }
      String value = decoded[id];
      if (value == null) {
        value = dictionary.decodeToBinary(id).toStringUsingUTF8();
        decoded[id] = value;
      }
      vectorIds[id] = target.appendReturningId(value);
    }

    @Override
    public void addBinary(Binary value) {
      target.append(value.toStringUsingUTF8());
    }
  }
}
