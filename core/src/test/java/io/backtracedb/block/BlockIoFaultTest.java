package io.backtracedb.block;

import static io.backtracedb.block.BlockTestSupport.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.ForwardingFileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write, force and read of a block goes through {@link FileIO}, and its failures surface. */
class BlockIoFaultTest {
  @TempDir Path dir;

  private final List<Object[]> rows =
      BlockTestSupport.randomRows(new Random(41), ALL_TYPES, 20_000);

  @Test
  void everyByteIsWrittenAndForcedThroughFileIo() throws IOException {
    FaultyFileIO io = new FaultyFileIO();
    WrittenBlock written = write(io, dir.resolve("b.parquet"));
    assertEquals(Files.size(written.path()), io.bytesWritten);
    assertEquals(1, io.forces);
    assertEquals(Files.size(written.path()), written.bytes());
  }

  @Test
  void failingTheNthWriteFailsTheBlockAndRemovesTheFile() throws IOException {
    int writes = countWrites();
    assertTrue(writes > 3, writes + " writes");
    for (int n = 1; n <= writes; n++) {
      FaultyFileIO io = new FaultyFileIO();
      io.failWrite = n;
      Path file = dir.resolve("fail-" + n + ".parquet");
      IOException error = assertThrows(IOException.class, () -> write(io, file), "write " + n);
      assertTrue(error.getMessage().contains("injected") || hasInjectedCause(error), "write " + n);
      assertFalse(Files.exists(file), "file left after failed write " + n);
    }
  }

  @Test
  void failingForceFailsTheBlockAndRemovesTheFile() {
    FaultyFileIO io = new FaultyFileIO();
    io.failForce = true;
    Path file = dir.resolve("force.parquet");
    assertThrows(IOException.class, () -> write(io, file));
    assertFalse(Files.exists(file));
  }

  @Test
  void failingReadsAreDeviceErrorsNotCorruption() throws IOException {
    Path file = write(new FaultyFileIO(), dir.resolve("r.parquet")).path();
    long size = Files.size(file);
    for (long after : new long[] {0, 7, size / 3, size - 100}) {
      FaultyFileIO io = new FaultyFileIO();
      io.failReadAfter = after;
      IOException error =
          assertThrows(
              IOException.class,
              () -> {
                try (BlockReader reader =
                    BlockReader.open(
                        io, file, ALL_TYPES, null, null, BlockReadOptions.defaults())) {
                  BlockTestSupport.readAll(reader);
                }
              },
              "reads failing after " + after + " bytes");
      assertTrue(hasInjectedCause(error), "cause kept");
    }
  }

  private int countWrites() throws IOException {
    FaultyFileIO io = new FaultyFileIO();
    write(io, dir.resolve("count.parquet"));
    return io.writes;
  }

  private WrittenBlock write(FileIO io, Path file) throws IOException {
    return BlockWriter.write(
        io,
        file,
        ALL_TYPES,
        BlockTestSupport.vectors(ALL_TYPES, rows),
        rows.size(),
        null,
        BlockWriteOptions.defaults()
            .withCodec(BlockWriteOptions.Codec.UNCOMPRESSED)
            .withRowGroupRows(5000));
  }

  private static boolean hasInjectedCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("injected")) {
        return true;
      }
    }
    return false;
  }

  /** A local {@link FileIO} that counts calls and fails the ones it is told to. */
  private static final class FaultyFileIO extends ForwardingFileIO {
    int writes;
    long bytesWritten;
    int forces;
    int failWrite;
    boolean failForce;
    long failReadAfter = -1;
    long bytesRead;

    FaultyFileIO() {
      super(LocalFileIO.INSTANCE);
    }

    @Override
    public WritableFile create(Path path) throws IOException {
      return new ForwardingWritableFile(super.create(path)) {
        @Override
        public void write(ByteBuffer buffer) throws IOException {
          if (++writes == failWrite) {
            throw new IOException("injected write failure");
          }
          bytesWritten += buffer.remaining();
          super.write(buffer);
        }

        @Override
        public void force() throws IOException {
          forces++;
          if (failForce) {
            throw new IOException("injected force failure");
          }
          super.force();
        }
      };
    }

    @Override
    public SeekableByteChannel openRead(Path path) throws IOException {
      SeekableByteChannel channel = super.openRead(path);
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          if (failReadAfter >= 0 && bytesRead + dst.remaining() > failReadAfter) {
            throw new IOException("injected read failure");
          }
          int n = channel.read(dst);
          bytesRead += Math.max(n, 0);
          return n;
        }

        @Override
        public int write(ByteBuffer src) {
          throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
          return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
          channel.position(newPosition);
          return this;
        }

        @Override
        public long size() throws IOException {
          return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
          return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }
  }
}
