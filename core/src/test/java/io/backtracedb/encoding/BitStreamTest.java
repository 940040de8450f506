package io.backtracedb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backtracedb.testing.SeedExtension;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeedExtension.class)
class BitStreamTest {

  @Test
  void bitsAreWrittenMostSignificantFirstAndPaddedToWholeBytes() {
    BitWriter out = new BitWriter();
    out.writeBits(0b101, 3);
    out.writeBit(true);
    out.writeBits(0xFFFF_FFFF_FFFF_FF01L, 9); // only the low nine bits count: 1_0000_0001
    assertEquals(13, out.bitCount());
    assertArrayEquals(new byte[] {(byte) 0b1011_1000, (byte) 0b0000_1000}, out.toByteArray());
  }

  @Test
  void randomWidthsRoundTripAcrossWordBoundaries(Random random) {
    BitWriter out = new BitWriter();
    int n = 5000;
    int[] widths = new int[n];
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      widths[i] = random.nextInt(65);
      values[i] = random.nextLong();
      out.writeBits(values[i], widths[i]);
    }
    byte[] bytes = out.toByteArray();
    BitReader in = BitReader.ofBytes(bytes, 0, bytes.length);
    for (int i = 0; i < n; i++) {
      long expected = widths[i] == 64 ? values[i] : values[i] & ((1L << widths[i]) - 1);
      assertEquals(expected, in.readBits(widths[i]), "value " + i + " of width " + widths[i]);
    }
    assertEquals(out.bitCount(), in.position());
  }

  @Test
  void readingPastTheLastBitThrowsInsteadOfInventingZeros() {
    BitReader in = BitReader.ofBytes(new byte[] {(byte) 0xFF}, 0, 1);
    assertEquals(0x7F, in.readBits(7));
    assertEquals(true, in.readBit());
    EncodingException e = assertThrows(EncodingException.class, in::readBit);
    assertEquals("cannot read 1 bits at bit 8: the stream ends at bit 8", e.getMessage());
    assertThrows(EncodingException.class, () -> in.readBits(3));
  }

  @Test
  void resetWriterStartsAgainWithoutOldBits() {
    BitWriter out = new BitWriter();
    for (int i = 0; i < 100; i++) {
      out.writeBits(-1L, 64);
    }
    out.reset();
    out.writeBits(0, 5);
    out.writeBit(true);
    assertArrayEquals(new byte[] {0b0000_0100}, out.toByteArray());
  }

  @Test
  void bytesInTheMiddleOfAnArrayAreReadFromTheirOffset() {
    byte[] bytes = {9, 9, (byte) 0x80, 0x01, 9};
    BitReader in = BitReader.ofBytes(bytes, 2, 2);
    assertEquals(0x8001, in.readBits(16));
    assertEquals(0, in.remaining());
  }
}
