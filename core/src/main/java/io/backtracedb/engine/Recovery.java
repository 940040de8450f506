package io.backtracedb.engine;

import io.backtracedb.CorruptionException;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.catalog.Catalog;
import io.backtracedb.catalog.CatalogStore;
import io.backtracedb.catalog.Manifest;
import io.backtracedb.catalog.ManifestStore;
import io.backtracedb.catalog.TableEntry;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import io.backtracedb.series.ChunkFileReader;
import io.backtracedb.series.ChunkRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings an engine to the state of its last acknowledged commit when it opens: reads the catalog
 * and each table's manifest (no Parquet footer is read; a series table reads its label index and
 * its chunk files' indexes), removes files that no manifest names (temporary files, blocks written
 * but never published, directories of dropped tables), then replays the WAL past each table's
 * flushed LSN into active blocks.
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

  private Recovery() {}

  static void recover(Engine engine) throws IOException {
    FileIO io = engine.io;
    io.delete(engine.directory.resolve(CatalogStore.FILE_NAME + AtomicFile.TEMP_SUFFIX));
    Catalog catalog = engine.catalogStore().read();
    engine.setCatalog(catalog);
    removeDroppedTables(engine, catalog);
    long replayAfter = Long.MAX_VALUE;
    for (TableEntry entry : catalog.tables().values()) {
      TableStore store = openTable(engine, entry);
      engine.register(store);
      replayAfter = Math.min(replayAfter, store.state().manifest().flushedLsn());
    }
    if (replayAfter == Long.MAX_VALUE) {
      replayAfter = 0;
    }
    long[] replayed = new long[2];
    engine.wal =
        WalBinding.open(
            engine,
            replayAfter,
            (lsn, payload) -> replayed[0] += replay(engine, lsn, payload, replayed));
    for (TableStore store : engine.tables()) {
      Indexes.open(engine, store);
    }
    if (replayed[0] > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "database "
              + engine.directory
              + ": replayed "
              + replayed[1]
              + " WAL records, "
              + replayed[0]
              + " rows");
    }
  }

  private static void removeDroppedTables(Engine engine, Catalog catalog) throws IOException {
    Path tables = engine.directory.resolve("tables");
    for (Path directory : engine.io.list(tables)) {
      if (!catalog.tables().containsKey(directory.getFileName().toString())) {
        LOG.log(System.Logger.Level.INFO, "removing files of dropped table " + directory);
        deleteTree(engine.io, directory);
      }
    }
  }

  private static TableStore openTable(Engine engine, TableEntry entry) throws IOException {
    FileIO io = engine.io;
    Path directory = engine.tableDirectory(entry.name());
    io.createDirectories(directory.resolve("blocks"));
    io.delete(directory.resolve(ManifestStore.FILE_NAME + AtomicFile.TEMP_SUFFIX));
    ManifestStore manifests = new ManifestStore(io, directory, entry.schema());
    Manifest manifest = manifests.read(entry.id());
    TableStore store = new TableStore(entry, directory, manifests);
    List<ColdBlock> cold = new ArrayList<>();
    Set<String> live = new HashSet<>();
    for (BlockMeta meta : manifest.blocks()) {
      Path path = store.blockPath(meta);
      if (!io.exists(path)) {
        throw new CorruptionException(
            path, -1, "block " + meta.id() + " named by " + manifests.file() + " is missing");
      }
      live.add(meta.file());
      cold.add(new ColdBlock(meta, path, io));
    }
    for (Path file : io.list(store.blocksDirectory)) {
      if (!live.contains(file.getFileName().toString())) {
        LOG.log(System.Logger.Level.INFO, "removing unpublished block file " + file);
        io.delete(file);
      }
    }
    if (entry.options().isSeries()) {
      store.setSeries(loadSeries(io, store, entry, cold));
    }
    store.initialize(manifest, cold);
    return store;
  }

  /**
   * A series table's registry: its label index file, with each series' newest timestamp taken from
   * the chunk file indexes (replay raises it further). A chunk naming a series the label index does
   * not know is corruption.
   */
  private static SeriesRegistry loadSeries(
      FileIO io, TableStore store, TableEntry entry, List<ColdBlock> cold) throws IOException {
    Path labels = store.labelsPath();
    io.delete(labels.resolveSibling(labels.getFileName() + AtomicFile.TEMP_SUFFIX));
    SeriesLayout layout = SeriesLayout.of(entry.name(), entry.schema(), entry.options());
    SeriesRegistry registry = SeriesRegistry.load(io, labels, layout, entry.schema());
    for (ColdBlock block : cold) {
      try (ChunkFileReader reader = ChunkFileReader.open(io, block.path())) {
        for (ChunkRef chunk : reader.chunks()) {
          if (chunk.seriesId() >= registry.seriesCount()) {
            throw new CorruptionException(
                block.path(),
                chunk.offset(),
                "chunk of series "
                    + chunk.seriesId()
                    + ", but "
                    + labels
                    + " names only "
                    + registry.seriesCount()
                    + " series");
          }
          registry.noteNewest(chunk.seriesId(), chunk.maxTime());
        }
      }
    }
    return registry;
  }

  /** Applies one WAL record's rows to tables that have not flushed it; returns rows applied. */
  private static long replay(Engine engine, long lsn, ByteBuffer payload, long[] counters) {
    List<CommitCodec.Entry> entries;
    try {
      entries =
          CommitCodec.decode(
              payload,
              id -> {
                TableStore store = engine.tableById(id);
                return store == null ? null : store.schema();
              });
    } catch (RuntimeException e) {
      throw new CorruptionException(
          engine.directory.resolve("wal"), -1, "WAL record " + lsn + " cannot be decoded: " + e, e);
    }
    counters[1]++;
    long rows = 0;
    for (CommitCodec.Entry entry : entries) {
      TableStore store = engine.tableById(entry.tableId());
      if (lsn <= store.state().manifest().flushedLsn()) {
        continue;
      }
      TableStore.Position position = store.append(entry.columns(), entry.rowCount(), lsn);
      position.block().publish(position.endRow());
      rows += entry.rowCount();
    }
    return rows;
  }

  /** Deletes a directory and everything below it. */
  static void deleteTree(FileIO io, Path root) {
    try {
      if (Files.isDirectory(root)) {
        for (Path child : io.list(root)) {
          deleteTree(io, child);
        }
      }
      io.delete(root);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + root + "; open() retries", e);
    }
  }
}
