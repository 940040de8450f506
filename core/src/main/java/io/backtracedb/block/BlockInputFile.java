package io.backtracedb.block;

import io.backtracedb.io.FileIO;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over {@link FileIO} that verifies the data region's stripe checksums
 * before any byte of it reaches Parquet.
 *
 * <p>Verification starts once {@link #verifyWith} is called (after the footer, which holds the
 * checksums, has been read). A read that covers whole stripes is checked in place; a stripe only
 * partly covered is read whole once and checked. Errors are typed so the reader can tell damage
 * ({@link ChecksumMismatchException}, {@link EOFException}) from a failing device ({@link
 * DeviceException}). Not thread-safe.
 */
final class BlockInputFile implements InputFile, AutoCloseable {
  private final FileIO io;
  private final Path path;
  private final long length;
  private final List<SeekableByteChannel> channels = new ArrayList<>();
  private SeekableByteChannel unused;
  private StripeChecksums stripes;
  private ByteBuffer stripeBuffer;

  BlockInputFile(FileIO io, Path path) throws IOException {
    this.io = io;
    this.path = path;
    SeekableByteChannel channel = open();
    unused = channel;
    try {
      this.length = channel.size();
    } catch (IOException e) {
      try {
        close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new DeviceException("cannot read the size of " + path, e);
    }
  }

  /**
   * A file read through {@code channel}, already open on it and checked to be {@code length} bytes
   * long when it was first opened.
   */
  BlockInputFile(FileIO io, Path path, SeekableByteChannel channel, long length) {
    this.io = io;
    this.path = path;
    this.length = length;
    channels.add(channel);
    unused = channel;
  }

  /**
   * Hands over the first channel (the one the first stream reads), which {@link #close()} then
   * leaves open; null when there is none. The streams of this file must no longer be used.
   */
  SeekableByteChannel detachFirst() {
    if (channels.isEmpty()) {
      return null;
    }
    unused = null;
    return channels.remove(0);
  }

  private SeekableByteChannel open() throws IOException {
    SeekableByteChannel channel = io.openRead(path);
    channels.add(channel);
    return channel;
  }

  /** From now on, reads of the data region are verified against {@code checksums}. */
  void verifyWith(StripeChecksums checksums) {
    this.stripes = checksums;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    SeekableByteChannel channel = unused != null ? unused : open();
    unused = null;
    return new Stream(channel);
  }

  /** Reads {@code [position, position + buffer.remaining())} fully, without verification. */
  void readFully(SeekableByteChannel channel, long position, ByteBuffer buffer) throws IOException {
    if (position + buffer.remaining() > length) {
      throw new EOFException(
          "read of "
              + buffer.remaining()
              + " bytes at offset "
              + position
              + " goes past the end of "
              + path
              + " ("
              + length
              + " bytes)");
    }
    try {
      if (channel instanceof FileChannel file) {
        // A positional read: one system call, no seek.
        long at = position;
        while (buffer.hasRemaining()) {
          int read = file.read(buffer, at);
          if (read < 0) {
            throw new EOFException("unexpected end of " + path + " at offset " + at);
          }
          at += read;
        }
        return;
      }
      channel.position(position);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new EOFException("unexpected end of " + path + " at offset " + channel.position());
        }
      }
    } catch (EOFException e) {
      throw e;
    } catch (IOException e) {
      throw new DeviceException("cannot read " + path + " at offset " + position, e);
    }
  }

  /**
   * Verifies the stripes overlapping {@code [position, position + length)}, whose bytes are now in
   * {@code read} from its position {@code readStart}.
   */
  private void verify(SeekableByteChannel channel, long position, ByteBuffer read, int readStart)
      throws IOException {
    StripeChecksums checksums = stripes;
    int length = read.position() - readStart;
    if (checksums == null || length == 0 || position >= checksums.dataBytes()) {
      return;
    }
    long end = Math.min(position + length, checksums.dataBytes());
    for (int stripe = StripeChecksums.stripeOf(position);
        stripe < checksums.count() && StripeChecksums.start(stripe) < end;
        stripe++) {
      if (checksums.isVerified(stripe)) {
        continue;
      }
      long stripeStart = StripeChecksums.start(stripe);
      long stripeEnd = checksums.end(stripe);
      boolean ok;
      if (stripeStart >= position && stripeEnd <= position + length) {
        ByteBuffer view = read.duplicate();
        view.position(readStart + (int) (stripeStart - position));
        view.limit(readStart + (int) (stripeEnd - position));
        ok = checksums.verify(stripe, view);
      } else {
        if (stripeBuffer == null) {
          stripeBuffer = ByteBuffer.allocate(BlockFormat.CHECKSUM_STRIPE_BYTES);
        }
        stripeBuffer.clear().limit((int) (stripeEnd - stripeStart));
        readFully(channel, stripeStart, stripeBuffer);
        stripeBuffer.flip();
        ok = checksums.verify(stripe, stripeBuffer);
      }
      if (!ok) {
        throw new ChecksumMismatchException(stripeStart, stripeEnd);
      }
    }
  }

  /** The CRC32C of bytes {@code [from, to)}, read without stripe verification. */
  int crc32c(long from, long to) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocate(BlockFormat.CHECKSUM_STRIPE_BYTES);
    SeekableByteChannel channel = channels.get(0);
    for (long at = from; at < to; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
      readFully(channel, at, buffer);
      at += buffer.position();
      buffer.flip();
      crc.update(buffer);
    }
    return (int) crc.getValue();
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (SeekableByteChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    channels.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }

  /** The bytes at {@code [start, end)} do not match their stored checksum. */
  static final class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long start;

    ChecksumMismatchException(long start, long end) {
      super("CRC32C mismatch in data stripe [" + start + ", " + end + ")");
      this.start = start;
    }

    /** Where the damaged stripe starts. */
    long start() {
      return start;
    }
  }

  /** The device or file system failed a read; the file itself may be intact. */
  static final class DeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    DeviceException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** A positioned stream over one channel of the file. */
  private final class Stream extends SeekableInputStream {
    /**
     * Reads smaller than this are served from a read-ahead buffer (Thrift reads field by field).
     */
    private static final int SMALL_READ = 4096;

    private final SeekableByteChannel channel;
    private final byte[] single = new byte[1];
    private final ByteBuffer readAhead = ByteBuffer.allocate(2 * SMALL_READ);
    private long readAheadStart = -1;
    private long position;

    Stream(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
      if (newPosition < 0) {
        throw new EOFException("seek to negative offset " + newPosition + " in " + path);
      }
      position = newPosition;
    }

    @Override
    public int read() throws IOException {
      if (position >= length) {
        return -1;
      }
      readFully(single, 0, 1);
      return single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
      if (count == 0) {
        return 0;
      }
      if (position >= length) {
        return -1;
      }
      int available = (int) Math.min(count, length - position);
      readFully(bytes, offset, available);
      return available;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int offset, int count) throws IOException {
      readFully(ByteBuffer.wrap(bytes, offset, count));
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
      if (!buffer.hasRemaining()) {
        return 0;
      }
      if (position >= length) {
        return -1;
      }
      int available = (int) Math.min(buffer.remaining(), length - position);
      ByteBuffer slice = buffer.duplicate();
      slice.limit(slice.position() + available);
      readFully(slice);
      buffer.position(slice.position());
      return available;
    }

    @Override
    public void readFully(ByteBuffer buffer) throws IOException {
      int count = buffer.remaining();
      if (count < SMALL_READ) {
        readSmall(buffer, count);
        return;
      }
      int start = buffer.position();
      long at = position;
      BlockInputFile.this.readFully(channel, at, buffer);
      position = at + count;
      verify(channel, at, buffer, start);
    }

    private void readSmall(ByteBuffer buffer, int count) throws IOException {
      long bufferedEnd = readAheadStart + readAhead.limit();
      if (readAheadStart < 0 || position < readAheadStart || position + count > bufferedEnd) {
        // Refill from the current position; near the end of the file read what is left, and let
        // the copy below fail if that is still too little.
        long left = length - position;
        if (left < count) {
          BlockInputFile.this.readFully(channel, position, buffer); // throws EOFException
        }
        readAhead.clear().limit((int) Math.min(readAhead.capacity(), left));
        readAheadStart = -1;
        BlockInputFile.this.readFully(channel, position, readAhead);
        verify(channel, position, readAhead, 0);
        readAhead.flip();
        readAheadStart = position;
      }
      ByteBuffer source = readAhead.duplicate();
      source.position((int) (position - readAheadStart)).limit(source.position() + count);
      buffer.put(source);
      position += count;
    }

    @Override
    public long skip(long count) {
      long skipped = Math.max(0, Math.min(count, length - position));
      position += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, length - position));
    }

    @Override
    public void close() {
      // Channels are closed with the file.
    }
  }
}
