package io.backtracedb.block;

/**
 * Bulk decoders for the value encodings BacktraceDB writes into Parquet data pages, straight into
 * primitive arrays: {@code DELTA_BINARY_PACKED} (integers and times), {@code BYTE_STREAM_SPLIT}
 * (doubles), the RLE / bit-packing hybrid (dictionary ids and definition levels) and {@code PLAIN}.
 * parquet-java decodes the same formats one value per virtual call behind its column reader; these
 * loops decode a page at a time (see {@code BlockBenchmark} for the difference).
 *
 * <p>Every method checks its input against the page's bounds and throws {@link
 * IllegalArgumentException} on a malformed stream (the caller names the file and page).
 */
final class PageValues {
  private PageValues() {}

  /** A cursor over a byte array: position and limit. */
  static final class Input {
    final byte[] bytes;
    int position;
    final int limit;

    Input(byte[] bytes, int offset, int length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new IllegalArgumentException(
            "range " + offset + "+" + length + " outside " + bytes.length + " bytes");
      }
      this.bytes = bytes;
      this.position = offset;
      this.limit = offset + length;
    }

    int readByte() {
      if (position >= limit) {
        throw new IllegalArgumentException("stream ends early at byte " + position);
      }
      return bytes[position++] & 0xff;
    }

    /** An unsigned LEB128 varint of at most 64 bits. */
    long readVarLong() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 64 bits at byte " + position);
    }

    int readVarInt() {
      long value = readVarLong();
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("count " + value + " out of range at byte " + position);
      }
      return (int) value;
    }

    long readZigZag() {
      long value = readVarLong();
      return (value >>> 1) ^ -(value & 1);
    }

    void require(long bytesNeeded) {
      if (bytesNeeded < 0 || position + bytesNeeded > limit) {
        throw new IllegalArgumentException(
            "stream needs "
                + bytesNeeded
                + " bytes at byte "
                + position
                + ", has "
                + (limit - position));
      }
    }
  }

  /**
   * Decodes {@code count} values of a {@code DELTA_BINARY_PACKED} stream into {@code out} (INT32
   * streams too: their values wrap like ints, and the caller narrows them).
   */
  static void deltaBinaryPacked(Input in, long[] out, int count) {
    int blockSize = in.readVarInt();
    int miniblocks = in.readVarInt();
    int total = in.readVarInt();
    long value = in.readZigZag();
    if (miniblocks == 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 8 != 0) {
      throw new IllegalArgumentException(
          "bad delta header: block " + blockSize + ", miniblocks " + miniblocks);
    }
    if (total < count) {
      throw new IllegalArgumentException(
          "delta stream holds " + total + " values, " + count + " needed");
    }
    if (count == 0) {
      return;
    }
    out[0] = value;
    int perMiniblock = blockSize / miniblocks;
    int[] widths = new int[miniblocks];
    int done = 1;
    while (done < count) {
      long minDelta = in.readZigZag();
      for (int m = 0; m < miniblocks; m++) {
        widths[m] = in.readByte();
        if (widths[m] > 64) {
          throw new IllegalArgumentException("bit width " + widths[m] + " over 64");
        }
      }
      for (int m = 0; m < miniblocks && done < count; m++) {
        int width = widths[m];
        int take = Math.min(perMiniblock, count - done);
        long bytes = (long) perMiniblock * width / 8;
        in.require(bytes);
        unpack(in.bytes, in.position, width, out, done, take);
        for (int i = done; i < done + take; i++) {
          value += out[i] + minDelta;
          out[i] = value;
        }
        in.position += (int) bytes;
        done += take;
      }
    }
  }

  /**
   * Unpacks {@code count} values of {@code width} bits, least significant bit first, from {@code
   * bytes} at {@code offset} into {@code out} from {@code at}.
   */
  static void unpack(byte[] bytes, int offset, int width, long[] out, int at, int count) {
    if (width == 0) {
      java.util.Arrays.fill(out, at, at + count, 0L);
      return;
    }
    long mask = width == 64 ? -1L : (1L << width) - 1;
    long buffer = 0;
    int bits = 0;
    int position = offset;
    for (int i = 0; i < count; i++) {
      long value;
      if (bits >= width) {
        value = buffer & mask;
        buffer = width == 64 ? 0 : buffer >>> width;
        bits -= width;
      } else {
        // Take what is buffered, then whole bytes until the value is complete.
        value = buffer;
        int have = bits;
        buffer = 0;
        bits = 0;
        while (have < width) {
          long next = bytes[position++] & 0xffL;
          value |= next << have;
          int used = Math.min(8, width - have);
          if (used < 8) {
            buffer = next >>> used;
            bits = 8 - used;
          }
          have += 8;
        }
        value &= mask;
      }
      out[at + i] = value;
    }
  }

  /**
   * Decodes {@code count} doubles of a {@code BYTE_STREAM_SPLIT} stream of exactly that many, one
   * byte stream at a time (sequential reads), assembling the bits in {@code scratch}.
   */
  static void byteStreamSplitDoubles(Input in, double[] out, int count, long[] scratch) {
    in.require(8L * count);
    byte[] b = in.bytes;
    int base = in.position;
    for (int i = 0; i < count; i++) {
      scratch[i] = b[base + i] & 0xffL;
    }
    for (int k = 1; k < 8; k++) {
      int offset = base + k * count;
      int shift = 8 * k;
      for (int i = 0; i < count; i++) {
        scratch[i] |= (b[offset + i] & 0xffL) << shift;
      }
    }
    for (int i = 0; i < count; i++) {
      out[i] = Double.longBitsToDouble(scratch[i]);
    }
    in.position += 8 * count;
  }

  /**
   * Decodes {@code count} little-endian values of {@code size} bytes (4 or 8) of a PLAIN stream.
   */
  static void plainLongs(Input in, long[] out, int count, int size) {
    in.require((long) size * count);
    byte[] b = in.bytes;
    int p = in.position;
    for (int i = 0; i < count; i++, p += size) {
      long v = 0;
      for (int k = 0; k < size; k++) {
        v |= (b[p + k] & 0xffL) << (8 * k);
      }
      out[i] = size == 4 ? (int) v : v;
    }
    in.position = p;
  }

  /**
   * Decodes {@code count} values of the RLE / bit-packing hybrid with {@code width} bits per value
   * (no length prefix) into {@code out}.
   */
  static void rleHybrid(Input in, int width, int[] out, int count) {
    if (width < 0 || width > 32) {
      throw new IllegalArgumentException("bit width " + width + " out of range");
    }
    long[] group = new long[8];
    int done = 0;
    int valueBytes = (width + 7) / 8;
    while (done < count) {
      long header = in.readVarLong();
      if ((header & 1) == 0) {
        long run = header >>> 1;
        in.require(valueBytes);
        int value = 0;
        for (int k = 0; k < valueBytes; k++) {
          value |= in.readByte() << (8 * k);
        }
        int take = (int) Math.min(run, count - done);
        java.util.Arrays.fill(out, done, done + take, value);
        done += take;
      } else {
        long groups = header >>> 1;
        long bytes = groups * width;
        in.require(bytes);
        long values = groups * 8;
        int position = in.position;
        for (long g = 0; g < groups && done < count; g++) {
          unpack(in.bytes, position, width, group, 0, 8);
          position += width;
          for (int k = 0; k < 8 && done < count; k++) {
            out[done++] = (int) group[k];
          }
        }
        in.position += (int) bytes;
        if (values == 0) {
          throw new IllegalArgumentException("empty bit-packed run at byte " + in.position);
        }
      }
    }
  }
}
