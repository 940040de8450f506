package io.backtracedb.block;

import io.backtracedb.Column;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A block file whose tail and footer have been read and checked, with a Parquet reader positioned
 * before the first row group: the state a {@link BlockReader} starts from.
 *
 * <p>Opening checks, in order: the tail checksum (when given), the footer's structure, the format
 * version, the stripe checksums' metadata, that the stored schema and the Parquet schema agree, and
 * that each column needed is stored with the table's type.
 */
final class OpenedBlock {
  final Path path;
  final Schema schema;
  final BlockReadOptions options;
  final boolean filtering;
  final BlockCodecs codecs = new BlockCodecs();
  final BlockInputFile input;
  ParquetMetadata footer;
  ParquetFileReader reader;
  Schema fileSchema;
  StripeChecksums stripes;
  MessageType requested;
  int[] decoded;
  int[] absent;

  private OpenedBlock(
      Path path, Schema schema, BlockReadOptions options, boolean filtering, BlockInputFile input) {
    this.path = path;
    this.schema = schema;
    this.options = options;
    this.filtering = filtering;
    this.input = input;
  }

  /**
   * Opens {@code path} to decode the {@code projection} ordinals, filtering with {@code pushed}
   * when pruning is on. Releases everything it opened when it fails.
   *
   * @throws CorruptionException when the file is damaged or stores a column with another type
   * @throws IOException when the device fails
   */
  static OpenedBlock open(
      FileIO io,
      Path path,
      Schema schema,
      SortedSet<Integer> projection,
      ParquetFilters.Pushed pushed,
      BlockReadOptions options)
      throws IOException {
    BlockInputFile input = new BlockInputFile(io, path);
    OpenedBlock block = new OpenedBlock(path, schema, options, pushed.filter() != null, input);
    try {
      block.open(projection, pushed);
      return block;
    } catch (IOException | RuntimeException e) {
      block.closeQuietly(e);
      throw BlockErrors.translate(path, e);
    }
  }

  private void open(SortedSet<Integer> projection, ParquetFilters.Pushed pushed)
      throws IOException {
    if (options.tail() != null) {
      BlockErrors.verifyTail(input, path, options.tail());
    }
    ParquetReadOptions readOptions =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(codecs)
            .useStatsFilter(options.pruning())
            .useDictionaryFilter(options.pruning())
            .useColumnIndexFilter(options.pruning())
            .useBloomFilter(false)
            .useRecordFilter(false)
            .usePageChecksumVerification(true)
            .withRecordFilter(filtering ? FilterCompat.get(pushed.filter()) : FilterCompat.NOOP)
            .build();
    SeekableInputStream stream = input.newStream();
    try {
      footer = ParquetFileReader.readFooter(input, readOptions, stream);
    } catch (RuntimeException e) {
      if (options.tail() != null) {
        throw e; // the footer passed its checksum: what fails to decode it is the reader's
      }
      // Unchecked, a damaged footer can fail parquet-java's decoder in any way, a null field too.
      throw new CorruptionException(path, -1, "cannot decode the Parquet footer (" + e + ")", e);
    }
    Map<String, String> metadata = footer.getFileMetaData().getKeyValueMetaData();
    BlockErrors.checkVersion(path, metadata);
    stripes = BlockErrors.stripes(path, metadata, input.getLength());
    if (stripes != null) {
      input.verifyWith(stripes);
    }
    fileSchema = BlockErrors.storedSchema(path, metadata);
    MessageType fileParquet = footer.getFileMetaData().getSchema();
    if (fileSchema != null && !BlockSchema.toParquet(fileSchema).equals(fileParquet)) {
      // Both live in the footer; disagreement means one was damaged (a renamed field would
      // otherwise read as a column added later: all NULL).
      throw new CorruptionException(
          path,
          -1,
          "Parquet schema " + fileParquet + " does not match stored schema " + fileSchema);
    }
    List<Integer> decodedList = new ArrayList<>();
    List<Integer> absentList = new ArrayList<>();
    for (int ordinal : projection) {
      (isStored(fileParquet, ordinal) ? decodedList : absentList).add(ordinal);
    }
    // The column index filter treats a filter column outside the requested schema as missing,
    // that is all NULL, and would skip every page: predicate columns are always requested.
    TreeSet<Integer> read = new TreeSet<>(decodedList);
    for (String name : pushed.columns()) {
      int ordinal = schema.ordinalOf(name);
      if (isStored(fileParquet, ordinal)) {
        read.add(ordinal);
      }
    }
    List<Type> fields = new ArrayList<>();
    for (Type field : fileParquet.getFields()) {
      int ordinal = schema.ordinalOf(field.getName());
      if (ordinal >= 0 && read.contains(ordinal)) {
        fields.add(field);
      }
    }
    requested = new MessageType(fileParquet.getName(), fields);
    decoded = decodedList.stream().mapToInt(Integer::intValue).toArray();
    absent = absentList.stream().mapToInt(Integer::intValue).toArray();
    reader = new ParquetFileReader(input, footer, readOptions, stream);
    reader.setRequestedSchema(requested);
  }

  /** Whether the file holds column {@code ordinal}; throws when it holds another type. */
  private boolean isStored(MessageType fileParquet, int ordinal) {
    Column column = schema.column(ordinal);
    if (!fileParquet.containsField(column.name())) {
      return false;
    }
    String problem = BlockSchema.incompatibility(column, fileParquet.getType(column.name()));
    if (problem != null) {
      throw new CorruptionException(path, -1, problem);
    }
    return true;
  }

  /** Closes the reader and the file, adding any failure to {@code failure} as suppressed. */
  void closeQuietly(Exception failure) {
    try {
      if (reader != null) {
        reader.close(); // releases the codecs too
      } else {
        codecs.release();
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      input.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
