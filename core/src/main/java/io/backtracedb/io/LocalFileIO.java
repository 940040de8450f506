package io.backtracedb.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The production {@link FileIO}: the local file system through NIO, with real fsync. */
public final class LocalFileIO implements FileIO {

  /** The shared instance; it holds no state. */
  public static final LocalFileIO INSTANCE = new LocalFileIO();

  private LocalFileIO() {}

  @Override
  public WritableFile create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    ownerOnly(path);
    return new ChannelFile(path, channel);
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
    channel.position(channel.size());
    return new ChannelFile(path, channel);
  }

  @Override
  public SeekableByteChannel openRead(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.READ);
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return Files.readAllBytes(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public boolean delete(Path path) throws IOException {
    return Files.deleteIfExists(path);
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return Files.size(path);
  }

  @Override
  public List<Path> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      List<Path> result = new ArrayList<>(entries.sorted().toList());
      return result;
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    Files.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    // Opening a directory for reading and forcing it is how the JDK exposes fsync(dirfd) on Linux.
    uninterrupted(
        () -> {
          try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
          }
        });
  }

  /** Channel I/O that may run on a thread whose interrupt status is set. */
  @FunctionalInterface
  private interface ChannelCall {
    void run() throws IOException;
  }

  /** Channel I/O with a result that may run on a thread whose interrupt status is set. */
  @FunctionalInterface
  private interface ChannelQuery {
    long run() throws IOException;
  }

  /** {@link #uninterrupted(ChannelCall)} for a call with a result. */
  private static long uninterruptedQuery(ChannelQuery query) throws IOException {
    long[] result = new long[1];
    uninterrupted(() -> result[0] = query.run());
    return result[0];
  }

  /**
   * Runs {@code call} with the thread's interrupt status cleared, then restores it. A FileChannel
   * call on an interrupted thread closes the channel (ClosedByInterruptException): one cancelled
   * committer would close the shared WAL segment and stop every later commit until reopen. An
   * interrupt that arrives while the call runs can still do that.
   */
  private static void uninterrupted(ChannelCall call) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      call.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    FileLock held = lock;
    return () -> {
      try {
        held.release();
      } finally {
        channel.close();
      }
    };
  }

  private static void ownerOnly(Path path) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // Not a POSIX file system: the platform's defaults apply.
    }
  }

  /** A {@link WritableFile} over a {@link FileChannel}. */
  private static final class ChannelFile implements WritableFile {
    private final Path path;
    private final FileChannel channel;

    ChannelFile(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      uninterrupted(
          () -> {
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          });
    }

    @Override
    public void force() throws IOException {
      uninterrupted(() -> channel.force(true));
    }

    @Override
    public long position() throws IOException {
      return uninterruptedQuery(channel::position);
    }

    @Override
    public void seek(long position) throws IOException {
      uninterrupted(() -> channel.position(position));
    }

    @Override
    public void truncate(long size) throws IOException {
      uninterrupted(
          () -> {
            channel.truncate(size);
            channel.position(size);
          });
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
