package io.backtracedb.engine;

import io.backtracedb.SeriesInfo;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.LongVector;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import io.backtracedb.series.ChunkFileReader;
import io.backtracedb.series.ChunkRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts what each series of a series table holds: samples, chunks and bytes in its chunk files
 * (reading each chunk's header), plus samples still in memory. For {@code sys.series}.
 */
public final class SeriesStats {
  private SeriesStats() {}

  /** One row per series of {@code store}, by series id. */
  public static List<SeriesInfo> collect(Engine engine, TableStore store) {
    SeriesRegistry registry = store.series();
    if (registry == null) {
      return List.of();
    }
    try (TableSnapshot snapshot = engine.snapshot(store)) {
      int count = registry.seriesCount();
      long[] samples = new long[count];
      long[] chunks = new long[count];
      long[] bytes = new long[count];
      long[] min = new long[count];
      long[] max = new long[count];
      Arrays.fill(min, Long.MAX_VALUE);
      Arrays.fill(max, Long.MIN_VALUE);
      for (ScanBlock block : snapshot.blocks()) {
        if (block instanceof SeriesScanBlock cold) {
          try (ChunkFileReader reader = ChunkFileReader.open(engine.io, cold.block().path())) {
            for (ChunkRef ref : reader.chunks()) {
              int id = ref.seriesId();
              if (id >= count) {
                continue; // registered after the count was taken
              }
              samples[id] += reader.read(ref).header().sampleCount();
              chunks[id]++;
              bytes[id] += ref.length();
              min[id] = Math.min(min[id], ref.minTime());
              max[id] = Math.max(max[id], ref.maxTime());
            }
          }
        } else if (block instanceof MemoryScanBlock) {
          countMemory(store, block, samples, min, max);
        }
      }
      List<SeriesInfo> rows = new ArrayList<>(count);
      for (int id = 0; id < count; id++) {
        boolean any = samples[id] > 0;
        rows.add(
            new SeriesInfo(
                id,
                registry.labels(id).toString(),
                samples[id],
                chunks[id],
                bytes[id],
                any ? min[id] : null,
                any ? max[id] : null));
      }
      return rows;
    } catch (IOException e) {
      throw Engine.storageError("cannot read the series of table '" + store.name() + "'", e);
    }
  }

  private static void countMemory(
      TableStore store, ScanBlock block, long[] samples, long[] min, long[] max)
      throws IOException {
    SeriesRegistry registry = store.series();
    SeriesLayout layout = registry.layout();
    boolean[] columns = new boolean[store.schema().size()];
    columns[layout.time()] = true;
    for (int tag : layout.tags()) {
      columns[tag] = true;
    }
    try (ScanBlock.BatchCursor cursor = block.open(columns, null, null, new ScanCounters())) {
      for (ColumnBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        int[] ids = registry.idsOf(batch.vectors(), batch.start(), batch.end());
        LongVector times = (LongVector) batch.vector(layout.time());
        for (int row = batch.start(); row < batch.end(); row++) {
          int id = ids[row - batch.start()];
          if (id < samples.length) {
            samples[id]++;
            min[id] = Math.min(min[id], times.get(row));
            max[id] = Math.max(max[id], times.get(row));
          }
        }
      }
    }
  }
}
