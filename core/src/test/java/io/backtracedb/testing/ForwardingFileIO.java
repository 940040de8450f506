package io.backtracedb.testing;

import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link FileIO} that forwards every call to another: test decorators override what they change.
 */
public abstract class ForwardingFileIO implements FileIO {
  private final FileIO delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingFileIO(FileIO delegate) {
    this.delegate = delegate;
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    return delegate.create(path);
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    return delegate.openForAppend(path);
  }

  @Override
  public SeekableByteChannel openRead(Path path) throws IOException {
    return delegate.openRead(path);
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return delegate.readAllBytes(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    delegate.rename(source, target);
  }

  @Override
  public boolean delete(Path path) throws IOException {
    return delegate.delete(path);
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return delegate.size(path);
  }

  @Override
  public List<Path> list(Path directory) throws IOException {
    return delegate.list(directory);
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    delegate.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    delegate.syncDirectory(directory);
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    return delegate.tryLock(lockFile);
  }

  /** A writable file that forwards every call to another. */
  public static class ForwardingWritableFile implements WritableFile {
    private final WritableFile file;

    /** Forwards to {@code file}. */
    public ForwardingWritableFile(WritableFile file) {
      this.file = file;
    }

    @Override
    public void write(java.nio.ByteBuffer buffer) throws IOException {
      file.write(buffer);
    }

    @Override
    public void force() throws IOException {
      file.force();
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public void seek(long position) throws IOException {
      file.seek(position);
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
