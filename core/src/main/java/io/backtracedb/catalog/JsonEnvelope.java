package io.backtracedb.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtracedb.CorruptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Wraps a JSON body in a header that names the format, its version and a CRC32C of the body's exact
 * bytes, so a damaged catalog or manifest is detected, while the file stays plain JSON.
 *
 * <p>Layout (one line): {@code {"format":"<name>","version":<n>,"crc32c":"<8 hex>","body":<body>}}.
 * The checksum covers the bytes of {@code <body>} as written.
 */
final class JsonEnvelope {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonEnvelope() {}

  /** The envelope bytes for {@code body}. */
  static byte[] wrap(String format, int version, JsonNode body) throws IOException {
    byte[] bodyBytes = MAPPER.writeValueAsBytes(body);
    CRC32C crc = new CRC32C();
    crc.update(bodyBytes);
    String head =
        String.format(
            Locale.ROOT,
            "{\"format\":\"%s\",\"version\":%d,\"crc32c\":\"%08x\",\"body\":",
            format,
            version,
            crc.getValue());
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[headBytes.length + bodyBytes.length + 2];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    System.arraycopy(bodyBytes, 0, out, headBytes.length, bodyBytes.length);
    out[out.length - 2] = '}';
    out[out.length - 1] = '\n';
    return out;
  }

  /** The verified body of an envelope read from {@code file}. */
  static JsonNode unwrap(Path file, byte[] bytes, String format, int maxVersion) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String prefix = "{\"format\":\"" + format + "\",\"version\":";
    if (!text.startsWith(prefix)) {
      throw new CorruptionException(file, 0, "not a " + format + " file (bad header)");
    }
    int versionEnd = text.indexOf(',', prefix.length());
    int crcStart = text.indexOf("\"crc32c\":\"", prefix.length());
    int bodyStart = text.indexOf("\"body\":", prefix.length());
    if (versionEnd < 0 || crcStart < 0 || bodyStart < 0 || crcStart + 18 > text.length()) {
      throw new CorruptionException(file, prefix.length(), "truncated " + format + " header");
    }
    int version;
    long expected;
    try {
      version = Integer.parseInt(text.substring(prefix.length(), versionEnd));
      expected = Long.parseLong(text.substring(crcStart + 10, crcStart + 18), 16);
    } catch (NumberFormatException e) {
      throw new CorruptionException(file, prefix.length(), "unreadable " + format + " header", e);
    }
    if (version < 1 || version > maxVersion) {
      throw new CorruptionException(
          file, prefix.length(), format + " version " + version + " is not supported");
    }
    int bodyOffset = text.substring(0, bodyStart + 7).getBytes(StandardCharsets.UTF_8).length;
    int end = bytes.length;
    while (end > bodyOffset && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    if (end <= bodyOffset || bytes[end - 1] != '}') {
      throw new CorruptionException(file, bytes.length, "truncated " + format + " body");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, bodyOffset, end - 1 - bodyOffset);
    if (crc.getValue() != expected) {
      throw new CorruptionException(file, bodyOffset, format + " checksum mismatch");
    }
    try {
      return MAPPER.readTree(bytes, bodyOffset, end - 1 - bodyOffset);
    } catch (IOException e) {
      throw new CorruptionException(file, bodyOffset, "unparsable " + format + " body", e);
    }
  }
}
