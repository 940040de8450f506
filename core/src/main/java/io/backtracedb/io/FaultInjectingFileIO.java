package io.backtracedb.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link FileIO} decorator for tests: it logs every operation, fails chosen calls, tears writes
 * and simulates power loss.
 *
 * <p><b>Faults.</b> {@link #inject} registers a {@link Fault}: fail the N-th matching call of a
 * kind once or from then on, optionally only for paths matching a predicate, with an ordinary I/O
 * error or a "No space left on device" one, or tear a write (write a prefix of the buffer, then
 * throw). Calls are counted per fault from the moment it is injected, starting at 1.
 *
 * <p><b>Power loss.</b> The decorator tracks, for every file it modified, the bytes that would
 * survive a power loss: a file's durable length is its length at the last successful {@code
 * force()} (a file that existed before it was first touched counts as durable as it is). {@link
 * #simulateCrash} rewrites each tracked file to its durable bytes plus, by {@link CrashMode},
 * nothing, a random prefix of the unsynced tail, the whole tail, or the tail's length in zeros. If
 * an unsynced write or truncate changed bytes below the durable length, the durable bytes were
 * copied first and every mode except KEEP restores exactly that copy.
 *
 * <p>Directory entries: a create (of a new file), rename or delete stays revertible until {@link
 * #syncDirectory} succeeds on the directory holding it (both directories for a rename). A crash
 * keeps the oldest of these pending changes and reverts the rest, newest first: DROP reverts all,
 * KEEP and ZERO_FILL keep all, TEAR keeps a random prefix. A reverted create deletes the file, a
 * reverted delete brings back its durable bytes, a reverted rename moves the file back and restores
 * what it replaced.
 *
 * <p>Not modelled: directory creation (directories always survive), reordering of writes within a
 * file's unsynced tail (only prefixes survive), partial loss after a failed {@code force()} (a
 * failed force changes nothing durable; the crash decides), and lock files. Writes, truncates and
 * forces of one file are serialized by the decorator, so they never overlap as they could on a real
 * file system.
 *
 * <p>Every operation is logged ({@link #calls()}) except {@link #exists}, which cannot fail, and
 * {@code position()} and {@code seek()} of an open file, which do no I/O; a rename is logged under
 * its source path.
 *
 * <p>Thread-safe. {@link #simulateCrash} must not race with other calls: stop the code under test
 * (close or abandon it) first. The crash closes every handle opened before it; using such a handle
 * afterwards throws an {@link IOException}. It also removes every fault, as a restarted process
 * finds a working disk; inject new ones afterwards if needed.
 */
public final class FaultInjectingFileIO implements FileIO {

  /** The message of an injected full-disk error, as the JDK reports ENOSPC on Linux. */
  public static final String DISK_FULL_MESSAGE = "No space left on device";

  /** The kinds of operation the decorator logs, counts and can fail. */
  public enum Op {
    CREATE,
    OPEN_APPEND,
    OPEN_READ,
    READ,
    READ_ALL,
    WRITE,
    FORCE,
    TRUNCATE,
    CLOSE,
    RENAME,
    DELETE,
    SIZE,
    LIST,
    CREATE_DIRECTORIES,
    SYNC_DIRECTORY,
    LOCK
  }

  /** What a simulated power loss does to bytes written but not forced. */
  public enum CrashMode {
    /** Unsynced bytes and unsynced directory changes are all lost. */
    DROP,
    /** A random prefix of each file's unsynced bytes and of the directory changes survives. */
    TEAR,
    /** Everything survives: a process crash (kill -9) rather than a power loss. */
    KEEP,
    /** Unsynced file lengths survive but their bytes read as zeros; directory changes survive. */
    ZERO_FILL
  }

  /**
   * One logged operation.
   *
   * @param sequence the operation's position in the log, from 1
   * @param op its kind
   * @param path the file or directory it acted on (the source of a rename)
   * @param failed whether an injected fault failed it
   */
  public record Call(long sequence, Op op, Path path, boolean failed) {}

  private final FileIO delegate;
  private final PowerLossModel model;
  private final List<Call> calls = new ArrayList<>();
  private final List<Fault.Injection> injections = new CopyOnWriteArrayList<>();
  private final Set<Closeable> openHandles = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();

  /** Wraps {@code delegate}, usually {@link LocalFileIO#INSTANCE}. */
  public FaultInjectingFileIO(FileIO delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.model = new PowerLossModel(delegate);
  }

  /** Registers a fault; the returned handle tells whether and how often it fired. */
  public Fault.Injection inject(Fault fault) {
    Fault.Injection injection = new Fault.Injection(fault);
    injections.add(injection);
    return injection;
  }

  /** Removes every fault. */
  public void clearFaults() {
    injections.clear();
  }

  /** A copy of the operation log, oldest first. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Empties the operation log. */
  public void clearCalls() {
    synchronized (calls) {
      calls.clear();
    }
  }

  /** How many logged operations were of kind {@code op}. */
  public long count(Op op) {
    return count(op, path -> true);
  }

  /** How many logged operations were of kind {@code op} on a path accepted by {@code paths}. */
  public long count(Op op, Predicate<Path> paths) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.op() == op && paths.test(c.path())).count();
    }
  }

  /** Paths inside {@code directory} (at any depth), for counting and fault filters. */
  public static Predicate<Path> under(Path directory) {
    Path root = PowerLossModel.key(directory);
    return path -> PowerLossModel.key(path).startsWith(root);
  }

  /** Paths whose file name ends with {@code suffix}, for counting and fault filters. */
  public static Predicate<Path> nameEndsWith(String suffix) {
    return path -> path.getFileName() != null && path.getFileName().toString().endsWith(suffix);
  }

  /**
   * Simulates a power loss: every file modified through this decorator is rewritten as {@code mode}
   * leaves it, pending directory changes are reverted as described in the class comment, open
   * handles are closed and invalidated, and all faults are removed. Afterwards everything on disk
   * counts as durable.
   */
  public void simulateCrash(Random random, CrashMode mode) throws IOException {
    generation.incrementAndGet();
    for (Closeable handle : openHandles) {
      try {
        handle.close();
      } catch (IOException ignored) {
        // The process is dead: its handles are gone whatever close says.
      }
    }
    openHandles.clear();
    injections.clear();
    model.crash(random, mode);
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    check(Op.CREATE, path);
    PowerLossModel.FileState state = model.beforeCreate(path);
    return new TrackedFile(path, delegate.create(path), state);
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    check(Op.OPEN_APPEND, path);
    WritableFile file = delegate.openForAppend(path);
    return new TrackedFile(path, file, model.track(path));
  }

  @Override
  public SeekableByteChannel openRead(Path path) throws IOException {
    check(Op.OPEN_READ, path);
    return new TrackedChannel(path, delegate.openRead(path));
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    check(Op.READ_ALL, path);
    return delegate.readAllBytes(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    check(Op.RENAME, source);
    byte[] replaced = model.durableContent(target);
    delegate.rename(source, target);
    model.renamed(source, target, replaced);
  }

  @Override
  public boolean delete(Path path) throws IOException {
    check(Op.DELETE, path);
    byte[] content = model.durableContent(path);
    boolean existed = delegate.delete(path);
    if (existed) {
      model.deleted(path, content);
    }
    return existed;
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    check(Op.SIZE, path);
    return delegate.size(path);
  }

  @Override
  public List<Path> list(Path directory) throws IOException {
    check(Op.LIST, directory);
    return delegate.list(directory);
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    check(Op.CREATE_DIRECTORIES, directory);
    delegate.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    check(Op.SYNC_DIRECTORY, directory);
    delegate.syncDirectory(directory);
    model.directorySynced(directory);
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    check(Op.LOCK, lockFile);
    return delegate.tryLock(lockFile);
  }

  /** Logs a call and throws if a non-tearing fault fires; returns a tearing fault that fired. */
  private Fault.Injection check(Op op, Path path) throws IOException {
    Fault.Injection firing = null;
    for (Fault.Injection injection : injections) {
      if (injection.countCall(op, path) && firing == null) {
        firing = injection;
      }
    }
    log(op, path, firing != null);
    if (firing != null && !firing.fault().tears(op)) {
      throw firing.fault().exception(op, path);
    }
    return firing;
  }

  private void log(Op op, Path path, boolean failed) {
    synchronized (calls) {
      calls.add(new Call(calls.size() + 1L, op, path, failed));
    }
  }

  /** A writable file whose writes, truncates and forces update the power-loss model. */
  private final class TrackedFile implements WritableFile {
    private final Path path;
    private final WritableFile file;
    private final PowerLossModel.FileState state;
    private final long openedIn = generation.get();

    TrackedFile(Path path, WritableFile file, PowerLossModel.FileState state) {
      this.path = path;
      this.file = file;
      this.state = state;
      openHandles.add(file);
    }

    private void checkLive() throws IOException {
      if (openedIn != generation.get()) {
        throw new IOException("file " + path + " was open across a simulated crash");
      }
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      checkLive();
      Fault.Injection tear = check(Op.WRITE, path);
      synchronized (state) {
        model.beforeWrite(state, file.position());
        if (tear == null) {
          file.write(buffer);
          return;
        }
        int kept = Math.min(tear.fault().tearBytes(), buffer.remaining());
        ByteBuffer prefix = buffer.duplicate();
        prefix.limit(prefix.position() + kept);
        file.write(prefix);
        buffer.position(buffer.position() + kept);
        throw tear.fault().exception(Op.WRITE, path);
      }
    }

    @Override
    public void force() throws IOException {
      checkLive();
      check(Op.FORCE, path);
      synchronized (state) {
        file.force();
        model.forced(state);
      }
    }

    @Override
    public long position() throws IOException {
      checkLive();
      return file.position();
    }

    @Override
    public void seek(long position) throws IOException {
      checkLive();
      synchronized (state) {
        file.seek(position);
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      checkLive();
      check(Op.TRUNCATE, path);
      synchronized (state) {
        model.beforeTruncate(state, size);
        file.truncate(size);
      }
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public void close() throws IOException {
      if (openedIn != generation.get()) {
        return;
      }
      openHandles.remove(file);
      check(Op.CLOSE, path);
      file.close();
    }
  }

  /** A read channel that logs and can fail its reads. */
  private final class TrackedChannel implements SeekableByteChannel {
    private final Path path;
    private final SeekableByteChannel channel;
    private final long openedIn = generation.get();

    TrackedChannel(Path path, SeekableByteChannel channel) {
      this.path = path;
      this.channel = channel;
      openHandles.add(channel);
    }

    private void checkLive() throws IOException {
      if (openedIn != generation.get()) {
        throw new IOException("file " + path + " was open across a simulated crash");
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      checkLive();
      check(Op.READ, path);
      return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      throw new IOException("file " + path + " is open for reading only");
    }

    @Override
    public long position() throws IOException {
      checkLive();
      return channel.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      checkLive();
      channel.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      checkLive();
      return channel.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
      throw new IOException("file " + path + " is open for reading only");
    }

    @Override
    public boolean isOpen() {
      return openedIn == generation.get() && channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      openHandles.remove(channel);
      channel.close();
    }
  }
}
