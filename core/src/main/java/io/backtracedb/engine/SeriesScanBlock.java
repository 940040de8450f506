package io.backtracedb.engine;

import io.backtracedb.CorruptionException;
import io.backtracedb.Predicate;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.IntVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.encoding.EncodingException;
import io.backtracedb.encoding.SampleIterator;
import io.backtracedb.encoding.TimestampIterator;
import io.backtracedb.scan.RowFilter;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import io.backtracedb.series.ChunkFileReader;
import io.backtracedb.series.ChunkReader;
import io.backtracedb.series.ChunkRef;
import io.backtracedb.series.LabelMatcher;
import io.backtracedb.series.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * A cold block of a series table as a scan sees it: its chunk file. Tag conditions of the pushed
 * predicate choose series through the label index, time conditions choose chunks through the file's
 * index, and only the projected fields are decoded. Rows come series by series, each in time order.
 */
final class SeriesScanBlock implements ScanBlock {
  /** Rows per batch, about as many as a memory block's batch. */
  private static final int BATCH_ROWS = 8192;

  private final ColdBlock block;
  private final Schema schema;
  private final SeriesRegistry registry;

  SeriesScanBlock(ColdBlock block, Schema schema, SeriesRegistry registry) {
    this.block = block;
    this.schema = schema;
    this.registry = registry;
  }

  ColdBlock block() {
    return block;
  }

  @Override
  public long rowCount() {
    return block.meta().rowCount();
  }

  @Override
  public ColumnStats stats(int ordinal) {
    return block.meta().column(ordinal);
  }

  @Override
  public BatchCursor open(
      boolean[] columns, Predicate pushed, RowFilter filter, ScanCounters counters)
      throws IOException {
    return cursor(columns, pushed, counters, false);
  }

  /** Reads, per selected series, only the chunks that end at the series' newest time here. */
  @Override
  public BatchCursor openLatest(
      boolean[] columns, Predicate pushed, RowFilter filter, ScanCounters counters)
      throws IOException {
    return cursor(columns, pushed, counters, true);
  }

  private Cursor cursor(
      boolean[] columns, Predicate pushed, ScanCounters counters, boolean newestOnly)
      throws IOException {
    SeriesLayout layout = registry.layout();
    LabelMatcher matcher = SeriesPushdown.matcher(pushed, schema, layout);
    RoaringBitmap selected = matcher == null ? null : registry.select(matcher);
    long[] range = SeriesPushdown.timeRange(pushed, schema.column(layout.time()).name());
    ChunkFileReader reader = ChunkFileReader.open(block.io(), block.path());
    List<ChunkRef> chunks = new ArrayList<>();
    try {
      for (int id : reader.seriesIds()) {
        if (selected == null || selected.contains(id)) {
          List<ChunkRef> found = reader.chunks(id, range[0], range[1]);
          chunks.addAll(newestOnly ? newest(found) : found);
        }
      }
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    counters.rowGroupsTotal += reader.chunkCount();
    counters.rowGroupsSkipped += reader.chunkCount() - chunks.size();
    return new Cursor(reader, chunks, columns);
  }

  /** The chunks that end at the latest time among {@code chunks} (several when they tie). */
  private static List<ChunkRef> newest(List<ChunkRef> chunks) {
    long newest = Long.MIN_VALUE;
    for (ChunkRef chunk : chunks) {
      newest = Math.max(newest, chunk.maxTime());
    }
    List<ChunkRef> kept = new ArrayList<>(1);
    for (ChunkRef chunk : chunks) {
      if (chunk.maxTime() == newest) {
        kept.add(chunk);
      }
    }
    return kept;
  }

  /** Decodes the chosen chunks into batches of about {@link #BATCH_ROWS} rows. */
  private final class Cursor implements BatchCursor {
    private final ChunkFileReader reader;
    private final List<ChunkRef> chunks;
    private final ColumnVector[] vectors;
    private final boolean timeWanted;
    private final int[] wantedFields;
    private int next;
    private boolean closed;

    Cursor(ChunkFileReader reader, List<ChunkRef> chunks, boolean[] columns) {
      this.reader = reader;
      this.chunks = chunks;
      this.vectors = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (columns[i]) {
          vectors[i] = ColumnVector.create(schema.column(i).type(), BATCH_ROWS + 256);
        }
      }
      SeriesLayout layout = registry.layout();
      this.timeWanted = columns[layout.time()];
      int[] fields = layout.fields();
      int count = 0;
      for (int field : fields) {
        count += columns[field] ? 1 : 0;
      }
      this.wantedFields = new int[count];
      for (int f = 0, k = 0; f < fields.length; f++) {
        if (columns[fields[f]]) {
          wantedFields[k++] = f;
        }
      }
    }

    @Override
    public ColumnBatch next() throws IOException {
      if (closed || next >= chunks.size()) {
        return null;
      }
      for (ColumnVector vector : vectors) {
        if (vector != null) {
          vector.reset();
        }
      }
      int rows = 0;
      while (next < chunks.size() && rows < BATCH_ROWS) {
        ChunkRef ref = chunks.get(next++);
        ChunkReader chunk = reader.read(ref);
        try {
          rows += decode(chunk);
        } catch (EncodingException e) {
          throw new CorruptionException(
              block.path(), ref.offset(), "chunk of series " + ref.seriesId() + ": " + e, e);
        }
        for (ColumnVector vector : vectors) {
          if (vector != null && vector.size() != rows) {
            throw new CorruptionException(
                block.path(),
                ref.offset(),
                "chunk of series " + ref.seriesId() + " decodes to a wrong number of samples");
          }
        }
      }
      return new ColumnBatch(vectors, 0, rows);
    }

    /** Appends the chunk's samples to the vectors; returns how many. */
    private int decode(ChunkReader chunk) {
      SeriesLayout layout = registry.layout();
      int count = chunk.header().sampleCount();
      if (timeWanted) {
        LongVector times = (LongVector) vectors[layout.time()];
        TimestampIterator iterator = chunk.timestamps();
        while (iterator.next()) {
          times.append(iterator.timestamp());
        }
      }
      for (int f : wantedFields) {
        ColumnVector vector = vectors[layout.fields()[f]];
        SampleIterator values = chunk.field(f);
        while (values.next()) {
          if (!values.present()) {
            vector.appendNull();
          } else if (vector instanceof DoubleVector doubles) {
            doubles.append(values.value());
          } else if (vector instanceof LongVector longs) {
            longs.append(values.longValue());
          } else {
            ((IntVector) vector).append((int) values.longValue());
          }
        }
      }
      Labels labels = registry.labels(chunk.header().seriesId());
      for (int ordinal : layout.tags()) {
        StringVector tags = (StringVector) vectors[ordinal];
        if (tags == null) {
          continue;
        }
        String value = labels.get(schema.column(ordinal).name());
        if (value == null) {
          for (int i = 0; i < count; i++) {
            tags.appendNull();
          }
        } else {
          int id = tags.appendReturningId(value);
          for (int i = 1; i < count; i++) {
            tags.appendId(id);
          }
        }
      }
      return count;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        reader.close();
      }
    }
  }
}
