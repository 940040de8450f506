package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.codec.CompressionCodecNotSupportedException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlockCodecsTest {
  private static byte[] page() {
    byte[] bytes = new byte[50_000];
    Random random = new Random(51);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : i % 17);
    }
    return bytes;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"ZSTD", "SNAPPY", "UNCOMPRESSED"})
  void pagesRoundTripThroughBothDecompressionPaths(CompressionCodecName codec) throws IOException {
    BlockCodecs codecs = new BlockCodecs();
    byte[] page = page();
    BytesInputCompressor compressor = codecs.getCompressor(codec);
    byte[] compressed = compressor.compress(BytesInput.from(page)).toByteArray();
    if (codec != CompressionCodecName.UNCOMPRESSED) {
      assertTrue(compressed.length < page.length, compressed.length + " bytes");
    }
    BytesInputDecompressor decompressor = codecs.getDecompressor(codec);
    assertArrayEquals(
        page, decompressor.decompress(BytesInput.from(compressed), page.length).toByteArray());
    ByteBuffer output = ByteBuffer.allocateDirect(page.length);
    decompressor.decompress(ByteBuffer.wrap(compressed), compressed.length, output, page.length);
    output.flip();
    byte[] copy = new byte[page.length];
    output.get(copy);
    assertArrayEquals(page, copy);
    codecs.release();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"ZSTD", "SNAPPY", "UNCOMPRESSED"})
  void pageThatInflatesToAnotherSizeIsRejected(CompressionCodecName codec) throws IOException {
    BlockCodecs codecs = new BlockCodecs();
    byte[] page = page();
    byte[] compressed = codecs.getCompressor(codec).compress(BytesInput.from(page)).toByteArray();
    BytesInputDecompressor decompressor = codecs.getDecompressor(codec);
    for (int declared : new int[] {page.length - 1, page.length + 1}) {
      IOException error =
          assertThrows(
              IOException.class,
              () -> decompressor.decompress(BytesInput.from(compressed), declared).toByteArray());
      assertTrue(error.getMessage().contains(Integer.toString(declared)), error.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"ZSTD", "SNAPPY"})
  void garbageIsAnIoExceptionNotACrash(CompressionCodecName codec) {
    byte[] garbage = "this is not a compressed page".getBytes(StandardCharsets.UTF_8);
    BytesInputDecompressor decompressor = new BlockCodecs().getDecompressor(codec);
    assertThrows(
        IOException.class,
        () -> decompressor.decompress(BytesInput.from(garbage), 1000).toByteArray());
  }

  @Test
  void onlyTheThreeBlockCodecsAreSupported() {
    assertTrue(BlockCodecs.supports(CompressionCodecName.ZSTD));
    assertFalse(BlockCodecs.supports(CompressionCodecName.GZIP));
    assertThrows(
        CompressionCodecNotSupportedException.class,
        () -> new BlockCodecs().getDecompressor(CompressionCodecName.LZ4_RAW));
  }

  @Test
  void compressorReusesItsBufferBetweenPages() throws IOException {
    BytesInputCompressor compressor = new BlockCodecs(1).getCompressor(CompressionCodecName.ZSTD);
    byte[] first = compressor.compress(BytesInput.from(page())).toByteArray();
    byte[] second = compressor.compress(BytesInput.from(page())).toByteArray();
    assertArrayEquals(first, second);
    assertEquals(CompressionCodecName.ZSTD, compressor.getCodecName());
  }
}
