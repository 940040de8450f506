package io.backtracedb.testing;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The local file system without fsync: {@code force()} and {@code syncDirectory()} do nothing. For
 * in-process tests, where no power is really lost: under a {@link
 * io.backtracedb.io.FaultInjectingFileIO} the power-loss model still tracks what each call would
 * have made durable, and tests of visibility do not depend on durability at all. It saves the
 * milliseconds a real fsync costs, hundreds of times per test.
 */
public final class UnsyncedFileIO implements FileIO {
  /** The shared instance; it holds no state. */
  public static final UnsyncedFileIO INSTANCE = new UnsyncedFileIO();

  private static final FileIO LOCAL = LocalFileIO.INSTANCE;

  private UnsyncedFileIO() {}

  @Override
  public WritableFile create(Path path) throws IOException {
    return new Unsynced(LOCAL.create(path));
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    return new Unsynced(LOCAL.openForAppend(path));
  }

  @Override
  public SeekableByteChannel openRead(Path path) throws IOException {
    return LOCAL.openRead(path);
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return LOCAL.readAllBytes(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    LOCAL.rename(source, target);
  }

  @Override
  public boolean delete(Path path) throws IOException {
    return LOCAL.delete(path);
  }

  @Override
  public boolean exists(Path path) {
    return LOCAL.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return LOCAL.size(path);
  }

  @Override
  public List<Path> list(Path directory) throws IOException {
    return LOCAL.list(directory);
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    LOCAL.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) {
    // Nothing: see the class comment.
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    return LOCAL.tryLock(lockFile);
  }

  /** A writable file whose force does nothing. */
  private static final class Unsynced implements WritableFile {
    private final WritableFile file;

    Unsynced(WritableFile file) {
      this.file = file;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      file.write(buffer);
    }

    @Override
    public void force() {
      // Nothing: see the class comment.
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public void truncate(long size) throws IOException {
      file.truncate(size);
    }

    @Override
    public Path path() {
      return file.path();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
