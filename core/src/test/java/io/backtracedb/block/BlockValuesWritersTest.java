package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.bytestreamsplit.ByteStreamSplitValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** {@link DoubleStreamSplitWriter} and {@link StringDictionaryWriter} encode as Parquet's do. */
class BlockValuesWritersTest {
  private static final HeapByteBufferAllocator HEAP = HeapByteBufferAllocator.getInstance();

  @Test
  void doublePagesAreTheBytesOfParquetsByteStreamSplitWriter() throws IOException {
    Random random = new Random(71);
    DoubleStreamSplitWriter ours = new DoubleStreamSplitWriter();
    ValuesWriter parquets =
        new ByteStreamSplitValuesWriter.DoubleByteStreamSplitValuesWriter(64, 1 << 20, HEAP);
    for (int page : new int[] {0, 1, 7, 1000, 3000, 5}) {
      for (int i = 0; i < page; i++) {
        double value =
            switch (random.nextInt(4)) {
              case 0 -> BlockTestSupport.DOUBLES[random.nextInt(BlockTestSupport.DOUBLES.length)];
              case 1 -> Double.longBitsToDouble(0x7ff8_0000_0000_1234L); // a NaN with a payload
              default -> random.nextGaussian() * 1e6;
            };
        ours.writeDouble(value);
        parquets.writeDouble(value);
      }
      assertEquals(parquets.getBufferedSize(), ours.getBufferedSize(), page + " values");
      assertEquals(parquets.getEncoding(), ours.getEncoding());
      assertArrayEquals(parquets.getBytes().toByteArray(), ours.getBytes().toByteArray());
      ours.reset();
      parquets.reset();
    }
  }

  @Test
  void stringIdsAndDictionaryAreParquetsAcrossPagesAndDictionaryResets() throws IOException {
    Binary[] strings = new Binary[50];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = Binary.fromConstantByteArray(("s" + i).getBytes(StandardCharsets.UTF_8));
    }
    Random random = new Random(72);
    StringDictionaryWriter ours = new StringDictionaryWriter(1 << 20, HEAP);
    DictionaryValuesWriter parquets =
        new DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter(
            1 << 20, Encoding.RLE_DICTIONARY, Encoding.PLAIN, HEAP);
    for (int chunk = 0; chunk < 3; chunk++) {
      // Each chunk meets the same instances in another order, so ids must restart.
      int distinct = 10 + 15 * chunk;
      for (int page = 0; page < 3; page++) {
        for (int i = 0; i < 500; i++) {
          Binary value = strings[random.nextInt(distinct)];
          if (random.nextInt(10) == 0) {
            value = Binary.fromString("s" + random.nextInt(distinct)); // same bytes, new instance
          }
          ours.writeBytes(value);
          parquets.writeBytes(value);
        }
        assertEquals(parquets.getBufferedSize(), ours.getBufferedSize());
        assertArrayEquals(parquets.getBytes().toByteArray(), ours.getBytes().toByteArray());
        ours.reset();
        parquets.reset();
      }
      DictionaryPage expected = parquets.toDictPageAndClose();
      DictionaryPage actual = ours.toDictPageAndClose();
      assertEquals(expected.getDictionarySize(), actual.getDictionarySize());
      assertArrayEquals(expected.getBytes().toByteArray(), actual.getBytes().toByteArray());
      ours.resetDictionary();
      parquets.resetDictionary();
      ours.reset();
      parquets.reset();
    }
    assertNull(ours.toDictPageAndClose()); // nothing written since the last reset
  }
}
