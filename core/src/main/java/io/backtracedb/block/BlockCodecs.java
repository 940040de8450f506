package io.backtracedb.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.codec.CompressionCodecNotSupportedException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for Parquet without Hadoop: ZSTD through zstd-jni, SNAPPY through snappy-java,
 * and UNCOMPRESSED.
 *
 * <p>Parquet's own codec factory instantiates Hadoop codec classes, which need the Hadoop runtime;
 * this one calls the native libraries directly. Decompression checks that every page inflates to
 * exactly the size its header declares, so a damaged page fails instead of decoding garbage.
 *
 * <p>Not thread-safe: compressors reuse an output buffer and native zstd contexts, which {@link
 * #release()} frees. Use one instance per writer or reader.
 */
public final class BlockCodecs implements CompressionCodecFactory {
  private final int zstdLevel;
  private final Map<CompressionCodecName, Compressor> compressors =
      new EnumMap<>(CompressionCodecName.class);
  private final Map<CompressionCodecName, Decompressor> decompressors =
      new EnumMap<>(CompressionCodecName.class);

  /** Codecs compressing ZSTD at {@link BlockFormat#DEFAULT_ZSTD_LEVEL}. */
  public BlockCodecs() {
    this(BlockFormat.DEFAULT_ZSTD_LEVEL);
  }

  /** Codecs compressing ZSTD at {@code zstdLevel} (decompression ignores the level). */
  public BlockCodecs(int zstdLevel) {
    this.zstdLevel = zstdLevel;
  }

  /** Whether pages compressed with {@code codec} can be written and read. */
  public static boolean supports(CompressionCodecName codec) {
    return codec == CompressionCodecName.UNCOMPRESSED
        || codec == CompressionCodecName.SNAPPY
        || codec == CompressionCodecName.ZSTD;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return compressors.computeIfAbsent(checked(codec), Compressor::new);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return decompressors.computeIfAbsent(checked(codec), Decompressor::new);
  }

  /** Releases the native contexts of every compressor and decompressor handed out. */
  @Override
  public void release() {
    compressors.values().forEach(Compressor::release);
    decompressors.values().forEach(Decompressor::release);
    compressors.clear();
    decompressors.clear();
  }

  /**
   * Decompresses {@code input[offset, offset + length)} with {@code codec} into a new array of
   * exactly {@code size} bytes, without copying the input first.
   *
   * @throws IOException when the bytes do not inflate to exactly {@code size}
   */
  byte[] decompress(CompressionCodecName codec, byte[] input, int offset, int length, int size)
      throws IOException {
    return ((Decompressor) getDecompressor(codec)).decompress(input, offset, length, size);
  }

  private static CompressionCodecName checked(CompressionCodecName codec) {
    if (!supports(codec)) {
      throw new CompressionCodecNotSupportedException(codec.getHadoopCompressionCodecClass());
    }
    return codec;
  }

  /**
   * Compresses a page in one call into a buffer it reuses for the next page. A page whose bytes are
   * in several pieces is first gathered into an input buffer that is reused too; one in a single
   * heap array is compressed where it is.
   */
  private final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private byte[] output = new byte[0];
    private final InputBuffer input = new InputBuffer();
    private ZstdCompressCtx zstd;

    Compressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      // A heap buffer, since the allocator is not direct; valid until the next page.
      ByteBuffer page = bytes.toByteBuffer(input, unused -> {});
      if (!page.hasArray()) {
        page = input.allocate(page.remaining()).put(page).flip(); // a read-only view
      }
      byte[] in = page.array();
      int offset = page.arrayOffset() + page.position();
      int size = page.remaining();
      int length;
      if (codec == CompressionCodecName.ZSTD) {
        ensureOutput((int) Zstd.compressBound(size));
        if (zstd == null) {
          // A context per compressor: zstd would otherwise allocate its state for every page.
          zstd = new ZstdCompressCtx().setLevel(zstdLevel).setContentSize(true);
        }
        try {
          length = zstd.compressByteArray(output, 0, output.length, in, offset, size);
        } catch (ZstdException e) {
          throw new IOException("cannot compress page with zstd: " + e.getMessage(), e);
        }
      } else {
        ensureOutput(Snappy.maxCompressedLength(size));
        length = Snappy.compress(in, offset, size, output, 0);
      }
      return BytesInput.from(output, 0, length);
    }

    private void ensureOutput(int size) {
      if (output.length < size) {
        output = new byte[Math.max(size, output.length + (output.length >> 1))];
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
      output = new byte[0];
      input.buffer = ByteBuffer.allocate(0);
      if (zstd != null) {
        zstd.close();
        zstd = null;
      }
    }
  }

  /** Hands out one heap buffer, reused for every page a compressor gathers. */
  private static final class InputBuffer implements ByteBufferAllocator {
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    /** The reused buffer, grown to at least {@code size} bytes, positioned at 0 with that limit. */
    @Override
    public ByteBuffer allocate(int size) {
      if (buffer.capacity() < size) {
        buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() + (buffer.capacity() >> 1)));
      }
      buffer.clear().limit(size);
      return buffer;
    }

    @Override
    public void release(ByteBuffer released) {
      // Kept for the next page.
    }

    @Override
    public boolean isDirect() {
      return false;
    }
  }

  /** Decompresses a page into a fresh array of exactly the declared size. */
  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;
    private ZstdDecompressCtx zstd;

    Decompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      byte[] input = bytes.toByteArray();
      return BytesInput.from(decompress(input, 0, input.length, decompressedSize));
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.get(in);
      output.put(decompress(in, 0, compressedSize, decompressedSize));
    }

    private byte[] decompress(byte[] input, int offset, int length, int decompressedSize)
        throws IOException {
      if (decompressedSize < 0) {
        throw new IOException("negative decompressed page size " + decompressedSize);
      }
      switch (codec) {
        case UNCOMPRESSED -> {
          checkSize(length, decompressedSize);
          byte[] copy = new byte[length];
          System.arraycopy(input, offset, copy, 0, length);
          return copy;
        }
        case ZSTD -> {
          // A first frame larger than the whole page means the header or the frame is damaged;
          // smaller is legal (other writers may emit several frames or omit the size).
          long frameSize = Zstd.getFrameContentSize(input, offset, length);
          if (frameSize > decompressedSize) {
            checkSize(frameSize, decompressedSize);
          }
          byte[] output = new byte[decompressedSize];
          if (zstd == null) {
            zstd = new ZstdDecompressCtx();
          }
          try {
            checkSize(
                zstd.decompressByteArray(output, 0, decompressedSize, input, offset, length),
                decompressedSize);
          } catch (ZstdException e) {
            throw new IOException("cannot decompress zstd page: " + e.getMessage(), e);
          }
          return output;
        }
        case SNAPPY -> {
          checkSize(Snappy.uncompressedLength(input, offset, length), decompressedSize);
          byte[] output = new byte[decompressedSize];
          checkSize(Snappy.uncompress(input, offset, length, output, 0), decompressedSize);
          return output;
        }
        default -> throw new IOException("unsupported page codec " + codec);
      }
    }

    private void checkSize(long actual, int declared) throws IOException {
      if (actual != declared) {
        throw new IOException(
            codec + " page inflates to " + actual + " bytes, its header declares " + declared);
      }
    }

    @Override
    public void release() {
      if (zstd != null) {
        zstd.close();
        zstd = null;
      }
    }
  }
}
