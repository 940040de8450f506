package io.backtracedb.block;

import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} that writes through {@link FileIO} and checksums what it writes.
 *
 * <p>Until {@link ChecksumOutputStream#sealData()} the stream keeps a CRC32C per {@link
 * BlockFormat#CHECKSUM_STRIPE_BYTES} stripe (the data region: magic and row groups); after it, one
 * CRC32C of everything that follows (the tail: column and offset indexes, footer). The stream never
 * closes or forces the file: its owner does, so that a failed write can still be cleaned up.
 */
final class BlockOutputFile implements OutputFile {
  private final FileIO.WritableFile file;
  private ChecksumOutputStream stream;

  BlockOutputFile(FileIO.WritableFile file) {
    this.file = file;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return createOrOverwrite(blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    if (stream != null) {
      throw new IOException("block file " + file.path() + " is already being written");
    }
    if (file.position() != 0) {
      file.truncate(0);
    }
    stream = new ChecksumOutputStream(file);
    return stream;
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return file.path().toString();
  }

  /** The stream Parquet writes to; null before Parquet opened it. */
  ChecksumOutputStream stream() {
    return stream;
  }

  /** The path being written. */
  Path path() {
    return file.path();
  }

  /** Buffers writes to a {@link FileIO.WritableFile} and checksums them. */
  static final class ChecksumOutputStream extends PositionOutputStream {
    /** Write buffer size: large enough that FileIO sees few calls per page. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private final FileIO.WritableFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private final byte[] single = new byte[1];
    private long position;
    private int stripeFill;
    private int[] stripes = new int[16];
    private int stripeCount;
    private long dataEnd = -1;
    private boolean closed;

    ChecksumOutputStream(FileIO.WritableFile file) {
      this.file = file;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      single[0] = (byte) b;
      write(single, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("block file " + file.path() + " is closed");
      }
      checksum(bytes, offset, length);
      position += length;
      while (length > 0) {
        int chunk = Math.min(length, buffer.remaining());
        buffer.put(bytes, offset, chunk);
        offset += chunk;
        length -= chunk;
        if (!buffer.hasRemaining()) {
          drain();
        }
      }
    }

    private void checksum(byte[] bytes, int offset, int length) {
      if (dataEnd >= 0) {
        crc.update(bytes, offset, length);
        return;
      }
      while (length > 0) {
        int chunk = Math.min(length, BlockFormat.CHECKSUM_STRIPE_BYTES - stripeFill);
        crc.update(bytes, offset, chunk);
        stripeFill += chunk;
        offset += chunk;
        length -= chunk;
        if (stripeFill == BlockFormat.CHECKSUM_STRIPE_BYTES) {
          endStripe();
        }
      }
    }

    private void endStripe() {
      if (stripeCount == stripes.length) {
        stripes = Arrays.copyOf(stripes, stripeCount * 2);
      }
      stripes[stripeCount++] = (int) crc.getValue();
      crc.reset();
      stripeFill = 0;
    }

    /**
     * Ends the data region at the current position and returns the CRC32C of each of its stripes;
     * later bytes go into the tail checksum.
     */
    int[] sealData() {
      if (dataEnd >= 0) {
        throw new IllegalStateException("data region of " + file.path() + " already sealed");
      }
      if (stripeFill > 0) {
        endStripe();
      }
      dataEnd = position;
      crc.reset();
      return Arrays.copyOf(stripes, stripeCount);
    }

    /** Where the data region ends (the tail starts); -1 before {@link #sealData()}. */
    long dataEnd() {
      return dataEnd;
    }

    /** The CRC32C of the bytes written since {@link #sealData()}. */
    int tailCrc() {
      return (int) crc.getValue();
    }

    private void drain() throws IOException {
      buffer.flip();
      if (buffer.hasRemaining()) {
        file.write(buffer);
      }
      buffer.clear();
    }

    @Override
    public void flush() throws IOException {
      if (!closed) {
        drain();
      }
    }

    /** Writes out buffered bytes; the file itself stays open for its owner to force and close. */
    @Override
    public void close() throws IOException {
      if (!closed) {
        drain();
        closed = true;
      }
    }
  }
}
