package io.backtracedb.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the engine performs, behind one interface so that tests can inject faults.
 *
 * <p>Implementations are thread-safe. Paths are absolute or relative to the working directory; the
 * interface never resolves them itself.
 */
public interface FileIO {

  /** Creates (or truncates) a file for writing, positioned at 0. */
  WritableFile create(Path path) throws IOException;

  /** Opens an existing file for writing, positioned at its end. */
  WritableFile openForAppend(Path path) throws IOException;

  /** Opens a file for random-access reading. */
  SeekableByteChannel openRead(Path path) throws IOException;

  /** Reads a whole (small) file. */
  byte[] readAllBytes(Path path) throws IOException;

  /** Atomically replaces {@code target} with {@code source}; the directory still needs a sync. */
  void rename(Path source, Path target) throws IOException;

  /** Deletes a file if it exists; returns whether it existed. */
  boolean delete(Path path) throws IOException;

  /** Whether a file or directory exists. */
  boolean exists(Path path);

  /** The size of a file in bytes. */
  long size(Path path) throws IOException;

  /** The entries of a directory, sorted by name; empty when the directory does not exist. */
  List<Path> list(Path directory) throws IOException;

  /** Creates a directory and its parents. */
  void createDirectories(Path directory) throws IOException;

  /** Makes the directory's entries (creates, renames, deletes) durable. */
  void syncDirectory(Path directory) throws IOException;

  /**
   * Takes an exclusive lock on {@code lockFile}, creating it if needed; returns null when another
   * process holds it.
   */
  Closeable tryLock(Path lockFile) throws IOException;

  /** A file open for sequential writing. Not thread-safe: one writer at a time. */
  interface WritableFile extends Closeable {
    /** Writes all remaining bytes of {@code buffer} at the current position. */
    void write(java.nio.ByteBuffer buffer) throws IOException;

    /** Forces written bytes (and the file's size) to stable storage. */
    void force() throws IOException;

    /** The current write position. */
    long position() throws IOException;

    /**
     * Moves the write position to {@code position}, for files rewritten in place (index pages): the
     * next write overwrites the bytes there and extends the file if it runs past the end.
     */
    void seek(long position) throws IOException;

    /** Cuts the file to {@code size} bytes and moves the position there. */
    void truncate(long size) throws IOException;

    /** The file's path. */
    Path path();
  }
}
