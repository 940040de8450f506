package io.backtracedb.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Replaces a small file atomically: write a temporary file, fsync it, rename it over the target,
 * fsync the directory. A reader sees the old file or the new one, never a mix, even after a crash.
 */
public final class AtomicFile {
  /** The suffix of the temporary file; leftovers are deleted when a database opens. */
  public static final String TEMP_SUFFIX = ".tmp";

  private AtomicFile() {}

  /** Replaces {@code target} with {@code content}. */
  public static void write(FileIO io, Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    try (FileIO.WritableFile file = io.create(temp)) {
      file.write(ByteBuffer.wrap(content));
      file.force();
    } catch (IOException e) {
      deleteQuietly(io, temp, e);
      throw e;
    }
    io.rename(temp, target);
    io.syncDirectory(target.getParent());
  }

  private static void deleteQuietly(FileIO io, Path temp, IOException failure) {
    try {
      io.delete(temp);
    } catch (IOException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
