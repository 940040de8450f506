package io.backtracedb.block;

import io.backtracedb.Schema;
import io.backtracedb.column.BooleanVector;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Feeds Parquet's record consumer straight from column vectors: the "record" is a row index, so no
 * row object is ever built.
 *
 * <p>Strings are encoded to UTF-8 once per dictionary entry of their {@link StringVector}, not once
 * per row. When Parquet finishes the last row group it asks for final metadata: that is when the
 * data region is sealed and its stripe checksums are stored in the footer.
 */
final class ColumnArrayWriteSupport extends WriteSupport<ColumnArrayWriteSupport.Row> {
  private final Schema schema;
  private final MessageType parquetSchema;
  private final BlockOutputFile output;
  private final String[] names;
  private final ColumnVector[] columns;
  private final Binary[][] encodedStrings;
  private RecordConsumer consumer;

  /** The row to write next; one mutable instance is reused for every row. */
  static final class Row {
    int index;
  }

  ColumnArrayWriteSupport(Schema schema, ColumnVector[] columns, BlockOutputFile output) {
    this.schema = schema;
    this.parquetSchema = BlockSchema.toParquet(schema);
    this.output = output;
    this.columns = columns;
    this.names = schema.names().toArray(new String[0]);
    this.encodedStrings = new Binary[columns.length][];
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
    return new WriteContext(parquetSchema, metadata);
  }

  @Override
  public String getName() {
    return "backtracedb";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Row row) {
    int index = row.index;
    consumer.startMessage();
    for (int c = 0; c < columns.length; c++) {
      ColumnVector vector = columns[c];
      if (vector.isNull(index)) {
        continue; // an absent OPTIONAL field is a NULL
      }
      consumer.startField(names[c], c);
      switch (vector.type().physical()) {
        case LONG -> consumer.addLong(((LongVector) vector).get(index));
        case INT -> consumer.addInteger(((IntVector) vector).get(index));
        case DOUBLE -> consumer.addDouble(((DoubleVector) vector).get(index));
        case BOOLEAN -> consumer.addBoolean(((BooleanVector) vector).get(index));
        case STRING -> consumer.addBinary(encoded(c, (StringVector) vector, index));
        default -> throw new IllegalStateException("unknown physical type " + vector.type());
      }
      consumer.endField(names[c], c);
    }
    consumer.endMessage();
  }

  private Binary encoded(int column, StringVector vector, int row) {
    String[] dictionary = vector.dictionary();
    Binary[] cache = encodedStrings[column];
    if (cache == null || cache.length < dictionary.length) {
      Binary[] grown = new Binary[dictionary.length];
      if (cache != null) {
        System.arraycopy(cache, 0, grown, 0, cache.length);
      }
      cache = grown;
      encodedStrings[column] = cache;
    }
    int id = vector.ids()[row];
    Binary binary = cache[id];
    if (binary == null) {
      binary = Binary.fromConstantByteArray(dictionary[id].getBytes(StandardCharsets.UTF_8));
      cache[id] = binary;
    }
    return binary;
  }

  @Override
  public FinalizedWriteContext finalizeWrite() {
    // Parquet calls this after the last row group is on the stream and before the indexes and
    // footer: exactly the end of the data region.
    BlockOutputFile.ChecksumOutputStream stream = output.stream();
    int[] stripes = stream.sealData();
    Map<String, String> metadata = new HashMap<>();
    metadata.put(BlockFormat.DATA_BYTES_KEY, Long.toString(stream.dataEnd()));
    metadata.put(BlockFormat.DATA_CRC32C_KEY, StripeChecksums.encode(stripes));
    return new FinalizedWriteContext(metadata);
  }
}
