package io.backtracedb.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What {@link FaultInjectingFileIO} knows about durability: per file, the bytes a power loss cannot
 * take away, and the directory changes not yet made durable by a directory sync.
 *
 * <p>Thread-safe: every method is synchronized on the model. A file's content changes are
 * serialized by the caller holding the file's {@link FileState} monitor; the model never takes
 * those monitors, so the lock order is always file state, then model.
 */
final class PowerLossModel {

  /** Durability bookkeeping for one file, keyed by its current path. */
  static final class FileState {
    private Path path;

    /**
     * The durable image is the first {@code durableLength} bytes of the current file, unless {@code
     * durableImage} is set.
     */
    private long durableLength;

    /** A copy of the durable bytes, taken when an unsynced change rewrote part of them. */
    private byte[] durableImage;

    private FileState(Path path, long durableLength) {
      this.path = path;
      this.durableLength = durableLength;
    }
  }

  /** The kinds of directory change that a power loss can revert. */
  private enum EntryChange {
    CREATE,
    DELETE,
    RENAME
  }

  /** A directory change not yet durable; it becomes durable when all its directories are synced. */
  private static final class PendingEntry {
    private final EntryChange change;
    private final Path path;
    private final Path source;
    private final byte[] replaced;
    private final Set<Path> directories = new HashSet<>();

    private PendingEntry(EntryChange change, Path path, Path source, byte[] replaced) {
      this.change = change;
      this.path = path;
      this.source = source;
      this.replaced = replaced;
      directories.add(parentOf(path));
      if (source != null) {
        directories.add(parentOf(source));
      }
    }
  }

  private final FileIO delegate;
  private final Map<Path, FileState> files = new HashMap<>();
  private final List<PendingEntry> pending = new ArrayList<>();

  PowerLossModel(FileIO delegate) {
    this.delegate = delegate;
  }

  static Path key(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static Path parentOf(Path path) {
    Path parent = path.getParent();
    return parent == null ? path : parent;
  }

  /** The state of a file about to be created or truncated by {@code create}. */
  synchronized FileState beforeCreate(Path path) throws IOException {
    Path key = key(path);
    if (delegate.exists(key)) {
      FileState state = track(key);
      captureImage(state);
      return state;
    }
    FileState state = new FileState(key, 0);
    files.put(key, state);
    pending.add(new PendingEntry(EntryChange.CREATE, key, null, null));
    return state;
  }

  /** The state of an existing file; a file never seen before is durable as it is. */
  synchronized FileState track(Path path) throws IOException {
    Path key = key(path);
    FileState state = files.get(key);
    if (state == null) {
      state = new FileState(key, delegate.exists(key) ? delegate.size(key) : 0);
      files.put(key, state);
    }
    return state;
  }

  /** Called before bytes are written at {@code position}. */
  synchronized void beforeWrite(FileState state, long position) throws IOException {
    if (position < state.durableLength) {
      captureImage(state);
    }
  }

  /** Called before the file is cut to {@code size}. */
  synchronized void beforeTruncate(FileState state, long size) throws IOException {
    if (size < state.durableLength) {
      captureImage(state);
    }
  }

  /** Called after a successful force: everything now in the file is durable. */
  synchronized void forced(FileState state) throws IOException {
    state.durableImage = null;
    state.durableLength = delegate.size(state.path);
  }

  /**
   * The bytes of {@code path} that would survive a power loss now, or null if it does not exist.
   */
  synchronized byte[] durableContent(Path path) throws IOException {
    Path key = key(path);
    if (!delegate.exists(key)) {
      return null;
    }
    FileState state = files.get(key);
    if (state == null) {
      return delegate.readAllBytes(key);
    }
    if (state.durableImage != null) {
      return state.durableImage.clone();
    }
    byte[] current = delegate.readAllBytes(key);
    return Arrays.copyOf(current, (int) Math.min(current.length, state.durableLength));
  }

  /** Records a completed rename; {@code replaced} is the target's durable content before it. */
  synchronized void renamed(Path source, Path target, byte[] replaced) throws IOException {
    Path from = key(source);
    Path to = key(target);
    FileState state = files.remove(from);
    if (state == null) {
      state = new FileState(to, delegate.size(to));
    }
    state.path = to;
    files.put(to, state);
    pending.add(new PendingEntry(EntryChange.RENAME, to, from, replaced));
  }

  /** Records a completed delete; {@code content} is what a reverted delete brings back. */
  synchronized void deleted(Path path, byte[] content) {
    Path key = key(path);
    files.remove(key);
    pending.add(new PendingEntry(EntryChange.DELETE, key, null, content));
  }

  /** Records a successful directory sync: changes in that directory are durable. */
  synchronized void directorySynced(Path directory) {
    Path key = key(directory);
    pending.removeIf(
        entry -> {
          entry.directories.remove(key);
          return entry.directories.isEmpty();
        });
  }

  /** Rewrites the files as a power loss in {@code mode} leaves them, then forgets everything. */
  synchronized void crash(Random random, FaultInjectingFileIO.CrashMode mode) throws IOException {
    for (FileState state : files.values()) {
      if (mode != FaultInjectingFileIO.CrashMode.KEEP && delegate.exists(state.path)) {
        rewrite(state.path, contentAfterCrash(state, random, mode));
      }
    }
    int kept =
        switch (mode) {
          case DROP -> 0;
          case TEAR -> random.nextInt(pending.size() + 1);
          case KEEP, ZERO_FILL -> pending.size();
        };
    // Directory changes reach the journal in order, so a crash keeps a prefix of them.
    for (int i = pending.size() - 1; i >= kept; i--) {
      revert(pending.get(i));
    }
    files.clear();
    pending.clear();
  }

  private byte[] contentAfterCrash(
      FileState state, Random random, FaultInjectingFileIO.CrashMode mode) throws IOException {
    if (state.durableImage != null) {
      return state.durableImage;
    }
    byte[] current = delegate.readAllBytes(state.path);
    int durable = (int) Math.min(current.length, state.durableLength);
    int unsynced = current.length - durable;
    return switch (mode) {
      case DROP -> Arrays.copyOf(current, durable);
      case TEAR -> Arrays.copyOf(current, durable + random.nextInt(unsynced + 1));
      case ZERO_FILL -> {
        byte[] zeroed = current.clone();
        Arrays.fill(zeroed, durable, zeroed.length, (byte) 0);
        yield zeroed;
      }
      case KEEP -> current;
    };
  }

  private void revert(PendingEntry entry) throws IOException {
    switch (entry.change) {
      case CREATE -> delegate.delete(entry.path);
      case DELETE -> {
        if (entry.replaced != null) {
          rewrite(entry.path, entry.replaced);
        }
      }
      case RENAME -> {
        if (delegate.exists(entry.path)) {
          delegate.rename(entry.path, entry.source);
        }
        if (entry.replaced != null) {
          rewrite(entry.path, entry.replaced);
        }
      }
      default -> throw new IllegalStateException("unknown directory change " + entry.change);
    }
  }

  private void captureImage(FileState state) throws IOException {
    if (state.durableImage == null) {
      byte[] current = delegate.readAllBytes(state.path);
      state.durableImage =
          Arrays.copyOf(current, (int) Math.min(current.length, state.durableLength));
    }
  }

  private void rewrite(Path path, byte[] content) throws IOException {
    try (FileIO.WritableFile file = delegate.create(path)) {
      file.write(ByteBuffer.wrap(content));
    }
  }
}
