package io.backtracedb.engine;

import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live Parquet block file with a reference count: the manifest holds one reference, every open
 * snapshot one more. The file is deleted when the count reaches zero, so a block replaced by
 * compaction or dropped by retention stays readable for the snapshots that still use it.
 */
final class ColdBlock {
  private static final System.Logger LOG = System.getLogger(ColdBlock.class.getName());

  private final BlockMeta meta;
  private final Path path;
  private final FileIO io;
  private final AtomicInteger references = new AtomicInteger(1);

  ColdBlock(BlockMeta meta, Path path, FileIO io) {
    this.meta = meta;
    this.path = path;
    this.io = io;
  }

  BlockMeta meta() {
    return meta;
  }

  FileIO io() {
    return io;
  }

  Path path() {
    return path;
  }

  /** Takes a reference for a snapshot. Callers hold the engine's snapshot read lock. */
  void acquire() {
    if (references.getAndIncrement() <= 0) {
      throw new IllegalStateException("block " + path + " was already released");
    }
  }

  /** Drops a reference; the last one deletes the file. */
  void release() {
    if (references.decrementAndGet() == 0) {
      try {
        io.delete(path);
      } catch (IOException e) {
        // The file is unreferenced; open() removes files the manifest does not name.
        LOG.log(System.Logger.Level.WARNING, "cannot delete replaced block " + path, e);
      }
    }
  }
}
