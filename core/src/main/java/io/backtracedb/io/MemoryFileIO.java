package io.backtracedb.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link FileIO} that keeps every file in memory: for in-memory databases, where nothing may
 * touch the disk. fsync is a no-op; everything is lost with the instance. Thread-safe.
 */
public final class MemoryFileIO implements FileIO {
  private final Map<Path, Bytes> files = new TreeMap<>();
  private final Set<Path> directories = new HashSet<>();
  private final Set<Path> locks = new HashSet<>();

  /** The contents of one file; grows as it is written. */
  private static final class Bytes {
    private byte[] data = new byte[0];
    private int length;

    synchronized void write(long position, ByteBuffer source) {
      int count = source.remaining();
      int end = Math.toIntExact(position + count);
      if (end > data.length) {
        data = Arrays.copyOf(data, Math.max(end, data.length * 2));
      }
      source.get(data, (int) position, count);
      length = Math.max(length, end);
    }

    synchronized int read(long position, ByteBuffer target) {
      if (position >= length) {
        return -1;
      }
      int count = (int) Math.min(target.remaining(), length - position);
      target.put(data, (int) position, count);
      return count;
    }

    synchronized void truncate(long size) {
      length = (int) Math.min(length, size);
    }

    synchronized long size() {
      return length;
    }

    synchronized byte[] copy() {
      return Arrays.copyOf(data, length);
    }
  }

  private static Path key(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private synchronized Bytes file(Path path) throws NoSuchFileException {
    Bytes bytes = files.get(key(path));
    if (bytes == null) {
      throw new NoSuchFileException(path.toString());
    }
    return bytes;
  }

  @Override
  public synchronized WritableFile create(Path path) throws IOException {
    Bytes bytes = new Bytes();
    files.put(key(path), bytes);
    return new MemoryWritable(path, bytes, 0);
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    Bytes bytes = file(path);
    return new MemoryWritable(path, bytes, bytes.size());
  }

  @Override
  public SeekableByteChannel openRead(Path path) throws IOException {
    return new MemoryReadable(file(path));
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return file(path).copy();
  }

  @Override
  public synchronized void rename(Path source, Path target) throws IOException {
    Bytes bytes = files.remove(key(source));
    if (bytes == null) {
      throw new NoSuchFileException(source.toString());
    }
    files.put(key(target), bytes);
  }

  @Override
  public synchronized boolean delete(Path path) {
    Path k = key(path);
    return files.remove(k) != null || directories.remove(k);
  }

  @Override
  public synchronized boolean exists(Path path) {
    Path k = key(path);
    return files.containsKey(k) || directories.contains(k);
  }

  @Override
  public long size(Path path) throws IOException {
    return file(path).size();
  }

  @Override
  public synchronized List<Path> list(Path directory) {
    Path k = key(directory);
    Set<Path> children = new HashSet<>();
    for (Path file : files.keySet()) {
      if (k.equals(file.getParent())) {
        children.add(file);
      }
    }
    for (Path dir : directories) {
      if (k.equals(dir.getParent())) {
        children.add(dir);
      }
    }
    List<Path> sorted = new ArrayList<>(children);
    sorted.sort(null);
    return sorted;
  }

  @Override
  public synchronized void createDirectories(Path directory) throws IOException {
    for (Path p = key(directory); p != null; p = p.getParent()) {
      if (files.containsKey(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
      directories.add(p);
    }
  }

  @Override
  public void syncDirectory(Path directory) {
    // Nothing is durable in memory.
  }

  @Override
  public synchronized Closeable tryLock(Path lockFile) {
    Path k = key(lockFile);
    if (!locks.add(k)) {
      return null;
    }
    return () -> {
      synchronized (MemoryFileIO.this) {
        locks.remove(k);
      }
    };
  }

  /** A writer at a position of an in-memory file. */
  private static final class MemoryWritable implements WritableFile {
    private final Path path;
    private final Bytes bytes;
    private long position;
    private boolean closed;

    MemoryWritable(Path path, Bytes bytes, long position) {
      this.path = path;
      this.bytes = bytes;
      this.position = position;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      if (closed) {
        throw new ClosedChannelException();
      }
      int count = buffer.remaining();
      bytes.write(position, buffer);
      position += count;
    }

    @Override
    public void force() {
      // Nothing is durable in memory.
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void seek(long newPosition) {
      position = newPosition;
    }

    @Override
    public void truncate(long size) {
      bytes.truncate(size);
      position = Math.min(position, size);
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A read-only channel over an in-memory file. */
  private static final class MemoryReadable implements SeekableByteChannel {
    private final Bytes bytes;
    private long position;
    private boolean open = true;

    MemoryReadable(Bytes bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      int count = bytes.read(position, target);
      if (count > 0) {
        position += count;
      }
      return count;
    }

    @Override
    public int write(ByteBuffer source) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return bytes.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
