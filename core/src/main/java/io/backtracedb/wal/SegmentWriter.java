package io.backtracedb.wal;

import io.backtracedb.io.FileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Appends encoded records to one segment file.
 *
 * <p>Not thread-safe for appends: {@link Wal} serializes them under its append lock. {@link #force}
 * may run concurrently with an append (the file system orders them), and {@link #durableOffset} is
 * safe to read from any thread.
 */
final class SegmentWriter implements Closeable {
  private final FileIO.WritableFile file;
  private final long sequence;
  private final long firstLsn;

  // Invariant: position is the end of the last complete record, lastLsn that record's LSN.
  private long position;
  private long lastLsn;

  // Invariant: durableOffset <= position; bytes before it were forced.
  private volatile long durableOffset;

  private SegmentWriter(
      FileIO.WritableFile file, long sequence, long firstLsn, long lastLsn, long position) {
    this.file = file;
    this.sequence = sequence;
    this.firstLsn = firstLsn;
    this.lastLsn = lastLsn;
    this.position = position;
  }

  /**
   * Creates segment {@code sequence} in {@code directory}, replacing any file of that name, and
   * writes its header. With {@code durable}, forces the header and syncs the directory so the
   * segment survives a power loss before any record goes into it. On failure the file is deleted
   * (best effort) and the error rethrown.
   */
  static SegmentWriter create(
      FileIO io, Path directory, long sequence, long firstLsn, boolean durable) throws IOException {
    Path path = directory.resolve(WalFormat.segmentName(sequence));
    FileIO.WritableFile file = io.create(path);
    try {
      file.write(WalFormat.encodeSegmentHeader(sequence, firstLsn));
      if (durable) {
        file.force();
        io.syncDirectory(directory);
      }
    } catch (IOException e) {
      try {
        file.close();
        io.delete(path);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    SegmentWriter writer =
        new SegmentWriter(file, sequence, firstLsn, firstLsn - 1, WalFormat.SEGMENT_HEADER_SIZE);
    writer.durableOffset = durable ? WalFormat.SEGMENT_HEADER_SIZE : 0;
    return writer;
  }

  /**
   * Reopens a recovered segment whose intact records end at {@code size}, the file's length, for
   * further appends. With {@code durable}, forces it first: bytes a crashed process left in the
   * page cache must be on disk before the log reports them durable.
   */
  static SegmentWriter reopen(
      FileIO io, Path path, long sequence, long firstLsn, long lastLsn, long size, boolean durable)
      throws IOException {
    FileIO.WritableFile file = io.openForAppend(path);
    try {
      if (file.position() != size) {
        file.truncate(size);
      }
      if (durable) {
        file.force();
      }
    } catch (IOException e) {
      try {
        file.close();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    SegmentWriter writer = new SegmentWriter(file, sequence, firstLsn, lastLsn, size);
    writer.durableOffset = durable ? size : 0;
    return writer;
  }

  /** Writes one encoded record, whose LSN is {@code lsn}, in a single write call. */
  void append(ByteBuffer record, long lsn) throws IOException {
    int size = record.remaining();
    file.write(record);
    position += size;
    lastLsn = lsn;
  }

  /** Forces everything written so far to stable storage. */
  void force() throws IOException {
    file.force();
  }

  /** Records that the bytes before {@code offset} are durable. */
  void markDurable(long offset) {
    if (offset > durableOffset) {
      durableOffset = offset;
    }
  }

  /**
   * Cuts the file back to {@code offset}, the end of a complete record, after a failed write or
   * force; what this writer reports is not changed, since the log stops taking records.
   */
  void truncate(long offset) throws IOException {
    file.truncate(offset);
  }

  /** The end of the last complete record. */
  long position() {
    return position;
  }

  /** The end of the last record known to be forced. */
  long durableOffset() {
    return durableOffset;
  }

  /** The segment's sequence number. */
  long sequence() {
    return sequence;
  }

  /** The LSN its first record has or will have. */
  long firstLsn() {
    return firstLsn;
  }

  /** The LSN of its last record, or {@code firstLsn - 1} when it has none. */
  long lastLsn() {
    return lastLsn;
  }

  /** Whether it holds at least one record. */
  boolean hasRecords() {
    return lastLsn >= firstLsn;
  }

  /** The segment file. */
  Path path() {
    return file.path();
  }

  /** A description of this segment in {@code state}. */
  SegmentInfo info(String state) {
    return new SegmentInfo(sequence, file.path(), firstLsn, lastLsn, position, state);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
