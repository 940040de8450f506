package io.backtracedb.block;

import java.nio.channels.SeekableByteChannel;

/**
 * Open read channels of one block file kept between readers, so that a lookup does not open the
 * file each time. The owner closes them before the file is deleted and when the database closes.
 */
public interface ChannelPool {
  /** An idle channel of the file, positioned anywhere, or null when none is kept. */
  SeekableByteChannel take();

  /**
   * Keeps {@code channel}, which the caller no longer uses, for the next reader; false when the
   * pool is full or closed, and then the caller closes it.
   */
  boolean give(SeekableByteChannel channel);
}
