package io.backtracedb.block;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayWriter;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's version 2 value encoders, except for BYTE_STREAM_SPLIT doubles ({@link
 * DoubleStreamSplitWriter}) and dictionary strings ({@link StringDictionaryWriter}), which encode
 * the same bytes with less work per value.
 */
final class BlockValuesWriterFactory implements ValuesWriterFactory {
  private final ValuesWriterFactory defaults = new DefaultV2ValuesWriterFactory();
  private ParquetProperties properties;

  @Override
  public void initialize(ParquetProperties properties) {
    this.properties = properties;
    defaults.initialize(properties);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor column) {
    PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
    boolean dictionary = properties.isDictionaryEnabled(column);
    if (type == PrimitiveTypeName.DOUBLE
        && !dictionary
        && properties.isByteStreamSplitEnabled(column)) {
      return new DoubleStreamSplitWriter();
    }
    if (type == PrimitiveTypeName.BINARY && dictionary) {
      // As Parquet's factory builds it: dictionary first, DELTA_BYTE_ARRAY once it is too big.
      return FallbackValuesWriter.of(
          new StringDictionaryWriter(
              properties.getDictionaryPageSizeThreshold(), properties.getAllocator()),
          new DeltaByteArrayWriter(
              properties.getInitialSlabSize(),
              properties.getPageSizeThreshold(),
              properties.getAllocator()));
    }
    return defaults.newValuesWriter(column);
  }
}
