package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one-pass DELTA_BINARY_PACKED decoder reads what Parquet's writers write. */
@ExtendWith(SeedExtension.class)
class DeltaDecoderTest {
  private static final HeapByteBufferAllocator HEAP = HeapByteBufferAllocator.getInstance();

  private static byte[] encodeLongs(long[] values, int blockSize, int miniblocks)
      throws IOException {
    try (DeltaBinaryPackingValuesWriterForLong writer =
        new DeltaBinaryPackingValuesWriterForLong(blockSize, miniblocks, 64, 1024, HEAP)) {
      for (long value : values) {
        writer.writeLong(value);
      }
      return writer.getBytes().toByteArray();
    }
  }

  private static long[] randomLongs(Random random, int count) {
    long[] values = new long[count];
    int kind = random.nextInt(4);
    long at = random.nextLong();
    for (int i = 0; i < count; i++) {
      values[i] =
          switch (kind) {
            case 0 -> at += random.nextInt(20_000); // sorted timestamps
            case 1 -> random.nextInt(1000); // small values
            case 2 -> random.nextLong(); // deltas overflow 64 bits
            default ->
                random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(3) : Long.MAX_VALUE - i;
          };
    }
    return values;
  }

  @Test
  void longsOfEveryShapeDecodeAsWritten(Random random) throws IOException {
    for (int round = 0; round < 300; round++) {
      int count = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(3000);
      long[] values = randomLongs(random, count);
      int blockSize = random.nextBoolean() ? 128 : 256;
      int miniblocks = random.nextBoolean() ? 4 : 8;
      byte[] encoded = encodeLongs(values, blockSize, miniblocks);
      // Decode from the middle of a larger array, as a page's values section is.
      byte[] page = new byte[encoded.length + 7];
      System.arraycopy(encoded, 0, page, 3, encoded.length);
      assertArrayEquals(values, DeltaDecoder.decode(page, 3, encoded.length, count));
    }
  }

  @Test
  void integersDecodeAsWrittenWithTheirWrappingArithmetic(Random random) throws IOException {
    for (int round = 0; round < 200; round++) {
      int count = random.nextInt(2000);
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        values[i] = random.nextBoolean() ? random.nextInt() : random.nextInt(100) - 50;
      }
      byte[] encoded;
      try (DeltaBinaryPackingValuesWriterForInteger writer =
          new DeltaBinaryPackingValuesWriterForInteger(128, 4, 64, 1024, HEAP)) {
        for (int value : values) {
          writer.writeInteger(value);
        }
        encoded = writer.getBytes().toByteArray();
      }
      long[] decoded = DeltaDecoder.decode(encoded, 0, encoded.length, count);
      int[] ints = Arrays.stream(decoded).mapToInt(v -> (int) v).toArray();
      assertArrayEquals(values, ints);
    }
  }

  @Test
  void truncatedOrMiscountedPagesAreRefused(Random random) throws IOException {
    long[] values = randomLongs(random, 500);
    byte[] encoded = encodeLongs(values, 128, 4);
    assertThrows(IOException.class, () -> DeltaDecoder.decode(encoded, 0, encoded.length - 1, 500));
    assertThrows(IOException.class, () -> DeltaDecoder.decode(encoded, 0, encoded.length, 499));
    assertThrows(IOException.class, () -> DeltaDecoder.decode(encoded, 0, 2, 500));
    for (int i = 0; i < encoded.length; i++) {
      byte[] damaged = encoded.clone();
      damaged[i] = (byte) 0xFF;
      try {
        long[] decoded = DeltaDecoder.decode(damaged, 0, damaged.length, 500);
        // A damaged delta may decode to other values; it must never overrun or hang.
        assertArrayEquals(new long[] {decoded.length}, new long[] {500});
      } catch (IOException expected) {
        // refused
      }
    }
  }
}
