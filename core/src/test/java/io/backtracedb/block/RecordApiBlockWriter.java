package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * The oracle for {@link BlockWriter}: writes the same block through parquet-java's record API
 * ({@link ParquetWriter} with a {@link WriteSupport} feeding a {@link RecordConsumer}), configured
 * as {@code BlockWriter} configures its column writers. This was how blocks were written before
 * cells went to the column writers directly; both must write the same file, up to the order of the
 * footer's key-value pairs.
 */
final class RecordApiBlockWriter {
  private RecordApiBlockWriter() {}

  /** Writes the block to a local file, without validation, and returns its tail checksum. */
  static TailChecksum write(
      Path path,
      Schema schema,
      ColumnVector[] columns,
      int rowCount,
      int[] order,
      BlockWriteOptions options)
      throws IOException {
    try (io.backtracedb.io.FileIO.WritableFile file = LocalFileIO.INSTANCE.create(path)) {
      BlockOutputFile output = new BlockOutputFile(file);
      Support support = new Support(schema, columns, output);
      try (ParquetWriter<int[]> writer = builder(output, support, schema, options).build()) {
        int[] row = new int[1];
        for (int i = 0; i < rowCount; i++) {
          row[0] = order == null ? i : order[i];
          writer.write(row);
        }
      }
      BlockOutputFile.ChecksumOutputStream stream = output.stream();
      return new TailChecksum(stream.getPos(), stream.dataEnd(), stream.tailCrc());
    }
  }

  private static Builder builder(
      BlockOutputFile output, Support support, Schema schema, BlockWriteOptions options) {
    Builder builder =
        new Builder(output, support)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new BlockCodecs(options.zstdLevel()))
            .withCompressionCodec(options.codec().parquetName())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withPageRowCountLimit(options.pageRows())
            .withPageSize(options.pageBytes())
            .withRowGroupRowCountLimit(options.rowGroupRows())
            .withRowGroupSize(options.rowGroupBytes())
            .withMaxPaddingSize(0)
            .withValidation(false)
            .withStatisticsEnabled(true)
            .withPageWriteChecksumEnabled(true)
            .withBloomFilterEnabled(false)
            .withDictionaryEncoding(false)
            .withByteStreamSplitEncoding(true);
    for (Column column : schema.columns()) {
      if (column.type() == ColumnType.VARCHAR && column.name().indexOf('.') < 0) {
        builder.withDictionaryEncoding(column.name(), true);
      }
    }
    return builder;
  }

  /** Feeds the record consumer from the vectors; a record is a one-element array of a row index. */
  private static final class Support extends WriteSupport<int[]> {
    private final Schema schema;
    private final ColumnVector[] columns;
    private final BlockOutputFile output;
    private final String[] names;
    private final List<Map<Integer, Binary>> encoded = new ArrayList<>();
    private RecordConsumer consumer;

    Support(Schema schema, ColumnVector[] columns, BlockOutputFile output) {
      this.schema = schema;
      this.columns = columns;
      this.output = output;
      this.names = schema.names().toArray(new String[0]);
      for (int c = 0; c < columns.length; c++) {
        encoded.add(new HashMap<>());
      }
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return context();
    }

    private WriteContext context() {
      Map<String, String> metadata = new HashMap<>();
      metadata.put(BlockFormat.VERSION_KEY, Integer.toString(BlockFormat.VERSION));
      metadata.put(BlockFormat.SCHEMA_KEY, BlockSchema.encode(schema));
      return new WriteContext(BlockSchema.toParquet(schema), metadata);
    }

    @Override
    public String getName() {
      return BlockWriter.MODEL_NAME;
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(int[] record) {
      int row = record[0];
      consumer.startMessage();
      for (int c = 0; c < columns.length; c++) {
        ColumnVector vector = columns[c];
        if (vector.isNull(row)) {
          continue;
        }
        consumer.startField(names[c], c);
        switch (vector.type().physical()) {
          case LONG -> consumer.addLong(((LongVector) vector).get(row));
          case INT -> consumer.addInteger(((IntVector) vector).get(row));
          case DOUBLE -> consumer.addDouble(((DoubleVector) vector).get(row));
          case BOOLEAN -> consumer.addBoolean(((BooleanVector) vector).get(row));
          case STRING -> {
            String value = ((StringVector) vector).get(row);
            consumer.addBinary(
                encoded
                    .get(c)
                    .computeIfAbsent(
                        ((StringVector) vector).ids()[row],
                        id ->
                            Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8))));
          }
        }
        consumer.endField(names[c], c);
      }
      consumer.endMessage();
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
      BlockOutputFile.ChecksumOutputStream stream = output.stream();
      int[] stripes = stream.sealData();
      Map<String, String> metadata = new HashMap<>();
      metadata.put(BlockFormat.DATA_BYTES_KEY, Long.toString(stream.dataEnd()));
      metadata.put(BlockFormat.DATA_CRC32C_KEY, StripeChecksums.encode(stripes));
      return new FinalizedWriteContext(metadata);
    }
  }

  /** The writer builder for {@link Support}. */
  private static final class Builder extends ParquetWriter.Builder<int[], Builder> {
    private final Support support;

    Builder(BlockOutputFile file, Support support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<int[]> getWriteSupport(Configuration configuration) {
      return support;
    }

    @Override
    protected WriteSupport<int[]> getWriteSupport(ParquetConfiguration configuration) {
      return support;
    }
  }
}
