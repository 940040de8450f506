package io.backtracedb.block;

import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Checks of a block file's metadata, and the mapping of read failures to typed errors. */
final class BlockErrors {
  /** How deep a cause chain is searched: causes are never nested deeper in practice. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private BlockErrors() {}

  /**
   * The error to throw for {@code failure} while reading {@code path}: a device failure is returned
   * as an {@link IOException}; a null dereference or a wrong cast, which no file content causes in
   * the decoders, is a defect of the reader and thrown as an {@link IllegalStateException} naming
   * the file (a footer not vouched for by the tail checksum is the exception: whatever fails to
   * decode it is damage, see {@link OpenedBlock}); anything else is damage and thrown as a {@link
   * CorruptionException} naming the file (and the offset when a checksum located it).
   */
  static IOException translate(Path path, Exception failure) {
    if (failure instanceof CorruptionException corruption) {
      throw corruption;
    }
    if (failure instanceof NullPointerException || failure instanceof ClassCastException) {
      throw new IllegalStateException(
          "internal error while reading "
              + path
              + " (the file is not known to be damaged): "
              + failure,
          failure);
    }
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof BlockInputFile.DeviceException device) {
        return device;
      }
      if (cause instanceof BlockInputFile.ChecksumMismatchException mismatch) {
        throw new CorruptionException(path, mismatch.start(), mismatch.getMessage(), failure);
      }
      cause = cause.getCause();
    }
    String message = failure.getMessage();
    throw new CorruptionException(
        path,
        -1,
        "cannot decode Parquet block ("
            + failure.getClass().getSimpleName()
            + (message == null ? "" : ": " + message)
            + ")",
        failure);
  }

  /** Verifies the file's length and the CRC32C of its tail against what the writer reported. */
  static void verifyTail(BlockInputFile input, Path path, TailChecksum tail) throws IOException {
    long length = input.getLength();
    if (length != tail.fileBytes()) {
      throw new CorruptionException(
          path,
          Math.min(length, tail.fileBytes()),
          "file is " + length + " bytes, " + tail.fileBytes() + " were written");
    }
    int crc = input.crc32c(tail.offset(), tail.fileBytes());
    if (crc != tail.crc32c()) {
      throw new CorruptionException(
          path,
          tail.offset(),
          "CRC32C mismatch in the footer region [" + tail.offset() + ", " + length + ")");
    }
  }

  /** Refuses a file written in a newer layout than this reader knows. */
  static void checkVersion(Path path, Map<String, String> metadata) {
    String text = metadata.get(BlockFormat.VERSION_KEY);
    if (text == null) {
      return; // a plain Parquet file from another writer
    }
    int version;
    try {
      version = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new CorruptionException(path, -1, "malformed block format version '" + text + "'", e);
    }
    if (version < 1 || version > BlockFormat.VERSION) {
      throw new CorruptionException(
          path,
          -1,
          "block format version "
              + version
              + " is not supported (up to "
              + BlockFormat.VERSION
              + ")");
    }
  }

  /** The stripe checksums stored in the footer, or null when the file has none. */
  static StripeChecksums stripes(Path path, Map<String, String> metadata, long fileBytes) {
    String bytes = metadata.get(BlockFormat.DATA_BYTES_KEY);
    String crcs = metadata.get(BlockFormat.DATA_CRC32C_KEY);
    boolean ours = metadata.containsKey(BlockFormat.VERSION_KEY);
    if (bytes == null && crcs == null && !ours) {
      return null;
    }
    if (bytes == null || crcs == null) {
      throw new CorruptionException(path, -1, "block footer lacks its data checksums");
    }
    try {
      return StripeChecksums.decode(bytes, crcs, fileBytes);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(path, -1, e.getMessage(), e);
    }
  }

  /** The table schema stored in the footer, or null when the file has none. */
  static Schema storedSchema(Path path, Map<String, String> metadata) {
    String text = metadata.get(BlockFormat.SCHEMA_KEY);
    if (text == null) {
      return null;
    }
    try {
      return BlockSchema.decode(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(path, -1, "unreadable stored schema: " + e.getMessage(), e);
    }
  }
}
