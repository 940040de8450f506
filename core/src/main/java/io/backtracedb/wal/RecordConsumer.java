package io.backtracedb.wal;

import java.nio.ByteBuffer;

/** Receives the records replayed when a {@link Wal} opens, in LSN order. */
@FunctionalInterface
public interface RecordConsumer {

  /**
   * Accepts one intact record.
   *
   * @param lsn the record's log sequence number
   * @param payload the payload, read-only and valid only during this call (copy it to keep it)
   */
  void accept(long lsn, ByteBuffer payload);
}
