package io.backtracedb.engine;

import io.backtracedb.BacktraceException;
import io.backtracedb.IntegrityReport;
import io.backtracedb.Schema;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.column.ColumnBatch;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.column.StatsAccumulator;
import io.backtracedb.scan.ScanBlock;
import io.backtracedb.scan.ScanCounters;
import io.backtracedb.wal.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a database without changing it: WAL record checksums, and every cold block read in full
 * (footer checksum, page checksums) with its row count, size and statistics compared with the
 * manifest.
 */
public final class IntegrityCheck {
  private IntegrityCheck() {}

  /** Runs the check on an open engine. */
  public static IntegrityReport run(Engine engine) {
    List<String> problems = new ArrayList<>();
    VerifyReport wal = engine.wal().verify();
    for (VerifyReport.Problem problem : wal.problems()) {
      if (!problem.tornTail()) {
        problems.add(
            "WAL " + problem.file() + " at offset " + problem.offset() + ": " + problem.detail());
      }
    }
    int blocks = 0;
    long rows = 0;
    for (TableStore store : engine.tables()) {
      try (TableSnapshot snapshot = engine.snapshot(store)) {
        for (ColdBlock block : snapshotCold(store, snapshot)) {
          blocks++;
          rows += checkBlock(store, block, problems);
        }
      }
      IndexVerification.run(engine, store, problems);
    }
    return new IntegrityReport(problems, wal.segments(), wal.records(), blocks, rows);
  }

  private static List<ColdBlock> snapshotCold(TableStore store, TableSnapshot snapshot) {
    List<ColdBlock> cold = new ArrayList<>();
    for (var block : snapshot.blocks()) {
      if (block instanceof ColdScanBlock scan) {
        cold.add(scan.block());
      } else if (block instanceof SeriesScanBlock scan) {
        cold.add(scan.block());
      }
    }
    return cold;
  }

  private static long checkBlock(TableStore store, ColdBlock block, List<String> problems) {
    Schema schema = store.schema();
    BlockMeta meta = block.meta();
    StatsAccumulator[] stats = new StatsAccumulator[schema.size()];
    for (int i = 0; i < stats.length; i++) {
      stats[i] = new StatsAccumulator(schema.column(i).type());
    }
    long rows = 0;
    try {
      long size = block.io().size(block.path());
      if (size != meta.bytes()) {
        problems.add(block.path() + ": " + size + " bytes, the manifest says " + meta.bytes());
      }
      boolean[] all = new boolean[schema.size()];
      Arrays.fill(all, true);
      try (ScanBlock.BatchCursor reader =
          store.scanBlock(block, null).open(all, null, null, new ScanCounters())) {
        for (ColumnBatch batch = reader.next(); batch != null; batch = reader.next()) {
          for (int i = 0; i < stats.length; i++) {
            stats[i].addRange(batch.vector(i), batch.start(), batch.end());
          }
          rows += batch.end() - batch.start();
        }
      }
    } catch (IOException | BacktraceException e) {
      problems.add(block.path() + ": " + e.getMessage());
      return rows;
    }
    if (rows != meta.rowCount()) {
      problems.add(block.path() + ": " + rows + " rows, the manifest says " + meta.rowCount());
    }
    for (int i = 0; i < stats.length; i++) {
      ColumnStats actual = stats[i].stats();
      if (!actual.equals(meta.column(i))) {
        problems.add(
            block.path()
                + ": column '"
                + schema.column(i).name()
                + "' statistics "
                + actual
                + ", the manifest says "
                + meta.column(i));
      }
    }
    return rows;
  }
}
