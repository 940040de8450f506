package io.backtracedb.testing;

import io.backtracedb.io.FileIO;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The local file system without fsync: {@code force()} and {@code syncDirectory()} do nothing. For
 * in-process tests, where no power is really lost: under a {@link
 * io.backtracedb.io.FaultInjectingFileIO} the power-loss model still tracks what each call would
 * have made durable, and tests of visibility do not depend on durability at all. It saves the
 * milliseconds a real fsync costs, hundreds of times per test.
 */
public final class UnsyncedFileIO extends ForwardingFileIO {
  /** The shared instance; it holds no state. */
  public static final UnsyncedFileIO INSTANCE = new UnsyncedFileIO();

  private UnsyncedFileIO() {
    super(LocalFileIO.INSTANCE);
  }

  @Override
  public FileIO.WritableFile create(Path path) throws IOException {
    return unsynced(super.create(path));
  }

  @Override
  public FileIO.WritableFile openForAppend(Path path) throws IOException {
    return unsynced(super.openForAppend(path));
  }

  @Override
  public void syncDirectory(Path directory) {
    // Nothing: see the class comment.
  }

  private static FileIO.WritableFile unsynced(FileIO.WritableFile file) {
    return new ForwardingWritableFile(file) {
      @Override
      public void force() {
        // Nothing: see the class comment.
      }
    };
  }
}
