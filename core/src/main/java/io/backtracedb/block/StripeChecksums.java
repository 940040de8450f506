package io.backtracedb.block;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32C;

/**
 * CRC32C values of the fixed-size stripes of a block's data region, and which of them have been
 * verified already.
 *
 * <p>Stored as Base64 of big-endian 32-bit values under {@link BlockFormat#DATA_CRC32C_KEY}.
 * Thread-safe: a {@link BlockLayout} shares one instance among the readers of a block, so a stripe
 * is verified once while the layout is cached.
 */
final class StripeChecksums {
  private final long dataBytes;
  private final int[] crcs;

  /** One bit per stripe, set once the stripe matched its checksum. */
  private final AtomicLongArray verified;

  private StripeChecksums(long dataBytes, int[] crcs) {
    this.dataBytes = dataBytes;
    this.crcs = crcs;
    this.verified = new AtomicLongArray((crcs.length + 63) >>> 6);
  }

  /** The Base64 text of {@code crcs}. */
  static String encode(int[] crcs) {
    ByteBuffer bytes = ByteBuffer.allocate(crcs.length * 4);
    for (int value : crcs) {
      bytes.putInt(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * Parses the metadata values; throws IllegalArgumentException when they are malformed or do not
   * describe {@code dataBytes} of a file of {@code fileBytes}.
   */
  static StripeChecksums decode(String dataBytesText, String crcText, long fileBytes) {
    long dataBytes;
    byte[] raw;
    try {
      dataBytes = Long.parseLong(dataBytesText);
      raw = Base64.getDecoder().decode(crcText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed data checksums: " + e.getMessage(), e);
    }
    if (dataBytes < 0 || dataBytes > fileBytes) {
      throw new IllegalArgumentException(
          "data checksums cover " + dataBytes + " bytes of a " + fileBytes + "-byte file");
    }
    long expected =
        (dataBytes + BlockFormat.CHECKSUM_STRIPE_BYTES - 1) / BlockFormat.CHECKSUM_STRIPE_BYTES;
    if (raw.length != expected * 4) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " data checksums for "
              + dataBytes
              + " bytes, found "
              + raw.length / 4.0);
    }
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    int[] crcs = new int[(int) expected];
    for (int i = 0; i < crcs.length; i++) {
      crcs[i] = bytes.getInt();
    }
    return new StripeChecksums(dataBytes, crcs);
  }

  /** The length of the checksummed data region. */
  long dataBytes() {
    return dataBytes;
  }

  /** The first stripe overlapping offset {@code position}. */
  static int stripeOf(long position) {
    return (int) (position / BlockFormat.CHECKSUM_STRIPE_BYTES);
  }

  /** The offset where stripe {@code stripe} starts. */
  static long start(int stripe) {
    return (long) stripe * BlockFormat.CHECKSUM_STRIPE_BYTES;
  }

  /** The offset one past the end of stripe {@code stripe}. */
  long end(int stripe) {
    return Math.min(start(stripe + 1), dataBytes);
  }

  /** How many stripes there are. */
  int count() {
    return crcs.length;
  }

  /** Whether stripe {@code stripe} has been verified already. */
  boolean isVerified(int stripe) {
    return (verified.get(stripe >>> 6) & (1L << stripe)) != 0;
  }

  private boolean remember(int stripe, CRC32C crc) {
    boolean ok = (int) crc.getValue() == crcs[stripe];
    if (ok) {
      long bit = 1L << stripe;
      verified.getAndAccumulate(stripe >>> 6, bit, (word, set) -> word | set);
    }
    return ok;
  }

  /**
   * Checks the whole stripe held in {@code bytes} (position to limit) and remembers success;
   * returns false on a mismatch.
   */
  boolean verify(int stripe, ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return remember(stripe, crc);
  }

  /** Like {@link #verify(int, ByteBuffer)} for an array range. */
  boolean verify(int stripe, byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return remember(stripe, crc);
  }
}
