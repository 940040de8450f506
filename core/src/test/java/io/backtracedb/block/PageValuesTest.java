package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/** The bulk page decoders read what parquet-java's encoders write, bit for bit. */
class PageValuesTest {
  private final HeapByteBufferAllocator allocator = new HeapByteBufferAllocator();

  @Test
  void deltaBinaryPackedMatchesParquetsEncoderAtEveryScale() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int count = 1 + random.nextInt(round < 100 ? 300 : 5000);
      long[] values = new long[count];
      int scale = random.nextInt(6);
      long value = random.nextLong();
      for (int i = 0; i < count; i++) {
        value +=
            switch (scale) {
              case 0 -> 1; // a regular step: width 0 miniblocks
              case 1 -> random.nextInt(20_000);
              case 2 -> random.nextInt(2_000_001) - 1_000_000;
              case 3 -> random.nextLong(); // overflowing deltas: width 64
              case 4 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
              default -> random.nextInt(3) - 1;
            };
        values[i] = value;
      }
      DeltaBinaryPackingValuesWriterForLong writer =
          new DeltaBinaryPackingValuesWriterForLong(128, 4, 64, 64 * 1024, allocator);
      for (long v : values) {
        writer.writeLong(v);
      }
      byte[] bytes = writer.getBytes().toByteArray();
      writer.close();
      long[] decoded = new long[count];
      PageValues.deltaBinaryPacked(new PageValues.Input(bytes, 0, bytes.length), decoded, count);
      assertArrayEquals(values, decoded, "round " + round + ", scale " + scale);
    }
  }

  @Test
  void rleHybridMatchesParquetsEncoderForEveryWidth() throws IOException {
    Random random = new Random(5);
    for (int width = 0; width <= 32; width++) {
      int count = 1 + random.nextInt(4000);
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        int v = random.nextInt(4) == 0 ? values[Math.max(0, i - 1)] : random.nextInt();
        values[i] = width == 32 ? v : v & (int) ((1L << width) - 1);
        if (random.nextInt(50) == 0) {
          // a long run, encoded as RLE
          for (int k = 0; k < 40 && i + 1 < count; k++) {
            values[++i] = values[i - 1];
          }
        }
      }
      RunLengthBitPackingHybridEncoder encoder =
          new RunLengthBitPackingHybridEncoder(width, 64, 64 * 1024, allocator);
      for (int v : values) {
        encoder.writeInt(v);
      }
      byte[] bytes = encoder.toBytes().toByteArray();
      encoder.close();
      int[] decoded = new int[count];
      PageValues.rleHybrid(new PageValues.Input(bytes, 0, bytes.length), width, decoded, count);
      assertArrayEquals(values, decoded, "width " + width);
    }
  }

  @Test
  void unpackReadsEveryWidthLeastSignificantBitFirst() {
    Random random = new Random(3);
    for (int width = 0; width <= 64; width++) {
      int count = 64;
      long[] values = new long[count];
      byte[] bytes = new byte[count * 8 + 8];
      long mask = width == 64 ? -1L : (1L << width) - 1;
      for (int i = 0; i < count; i++) {
        values[i] = random.nextLong() & mask;
        for (int bit = 0; bit < width; bit++) {
          if ((values[i] >>> bit & 1) != 0) {
            int position = i * width + bit;
            bytes[position / 8] |= (byte) (1 << (position % 8));
          }
        }
      }
      long[] decoded = new long[count];
      PageValues.unpack(bytes, 0, width, decoded, 0, count);
      assertArrayEquals(values, decoded, "width " + width);
    }
  }

  @Test
  void truncatedStreamsAreRefused() throws IOException {
    DeltaBinaryPackingValuesWriterForLong writer =
        new DeltaBinaryPackingValuesWriterForLong(128, 4, 64, 64 * 1024, allocator);
    for (int i = 0; i < 1000; i++) {
      writer.writeLong(i * 7919L % 1000);
    }
    byte[] bytes = writer.getBytes().toByteArray();
    writer.close();
    long[] out = new long[1000];
    assertThrows(
        IllegalArgumentException.class,
        () -> PageValues.deltaBinaryPacked(new PageValues.Input(bytes, 0, 40), out, 1000));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PageValues.deltaBinaryPacked(new PageValues.Input(bytes, 0, bytes.length), out, 2000));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PageValues.byteStreamSplitDoubles(
                new PageValues.Input(new byte[79], 0, 79), new double[10], 10, new long[10]));
  }
}
