package io.backtracedb.engine;

import io.backtracedb.block.ChannelPool;
import io.backtracedb.catalog.BlockMeta;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live Parquet block file with a reference count: the manifest holds one reference, every open
 * snapshot one more. The file is deleted when the count reaches zero, so a block replaced by
 * compaction or dropped by retention stays readable for the snapshots that still use it.
 *
 * <p>It also keeps a few read channels of its file open between lookups ({@link ChannelPool}),
 * closed before the file is deleted and when the engine closes.
 */
final class ColdBlock implements ChannelPool {
  /** Idle channels kept per block: one per concurrent lookup, up to the cores of a small host. */
  private static final int KEPT_CHANNELS = 2;

  private static final System.Logger LOG = System.getLogger(ColdBlock.class.getName());

  private final BlockMeta meta;
  private final Path path;
  private final FileIO io;
  private final AtomicInteger references = new AtomicInteger(1);

  /** Idle open channels; guarded by {@code this}. */
  private final ArrayDeque<SeekableByteChannel> idle = new ArrayDeque<>(KEPT_CHANNELS);

  /** Set when the file is about to be deleted or the engine closed; guarded by {@code this}. */
  private boolean channelsClosed;

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

  @Override
  public synchronized SeekableByteChannel take() {
    return idle.pollFirst();
  }

  @Override
  public synchronized boolean give(SeekableByteChannel channel) {
    if (channelsClosed || idle.size() >= KEPT_CHANNELS) {
      return false;
    }
    idle.addFirst(channel);
    return true;
  }

  /** Closes the idle channels and keeps no more (the file goes, or the engine closes). */
  void closeChannels() {
    List<SeekableByteChannel> closing;
    synchronized (this) {
      channelsClosed = true;
      closing = new ArrayList<>(idle);
      idle.clear();
    }
    for (SeekableByteChannel channel : closing) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot close a channel of " + path, e);
      }
    }
  }

  /** Drops a reference; the last one deletes the file. */
  void release() {
    if (references.decrementAndGet() == 0) {
      closeChannels();
      try {
        io.delete(path);
      } catch (IOException e) {
        // The file is unreferenced; open() removes files the manifest does not name.
        LOG.log(System.Logger.Level.WARNING, "cannot delete replaced block " + path, e);
      }
    }
  }
}
