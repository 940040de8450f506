package io.backtracedb.series;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes a {@link LabelIndex} to a checksummed file and loads it back (docs/format/series.md): a
 * symbol table of tag names and values, every series' labels in id order, and every posting as a
 * portable Roaring bitmap.
 *
 * <p>Writes replace the file atomically (temp, fsync, rename, fsync directory). Loading checks the
 * magic numbers, version and CRC32C, then that the postings are exactly those the series' labels
 * imply, so a loaded index never answers differently from the one that was written.
 */
public final class LabelIndexFile {
  /** Magic and version at the start. */
  private static final int HEADER_BYTES = 8;

  /** CRC32C and magic at the end. */
  private static final int TRAILER_BYTES = 8;

  private LabelIndexFile() {}

  /** Replaces {@code path} with the contents of {@code index}; returns the file's size. */
  public static long write(FileIO io, Path path, LabelIndex index) throws IOException {
    byte[] bytes = encode(index);
    AtomicFile.write(io, path, bytes);
    return bytes.length;
  }

  /** The file contents for {@code index}. */
  static byte[] encode(LabelIndex index) {
    Map<String, Integer> symbols = new LinkedHashMap<>();
    List<Labels> series = new ArrayList<>();
    int count = index.seriesCount();
    for (int id = 0; id < count; id++) {
      Labels labels = index.labels(id);
      series.add(labels);
      for (int i = 0; i < labels.size(); i++) {
        symbols.putIfAbsent(labels.name(i), symbols.size());
        symbols.putIfAbsent(labels.value(i), symbols.size());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.putInt(SeriesFormat.LABEL_INDEX_MAGIC).putInt(SeriesFormat.LABEL_INDEX_VERSION);
    out.writeBytes(header.array());
    Varints.write(out, symbols.size());
    for (String symbol : symbols.keySet()) {
      byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
      Varints.write(out, utf8.length);
      out.writeBytes(utf8);
    }
    Varints.write(out, series.size());
    for (Labels labels : series) {
      Varints.write(out, labels.size());
      for (int i = 0; i < labels.size(); i++) {
        Varints.write(out, symbols.get(labels.name(i)));
        Varints.write(out, symbols.get(labels.value(i)));
      }
    }
    List<byte[]> postings = new ArrayList<>();
    index.forEachPosting(
        (tag, value, ids) -> {
          ByteArrayOutputStream posting = new ByteArrayOutputStream();
          Varints.write(posting, symbols.get(tag));
          Varints.write(posting, symbols.get(value));
          RoaringBitmap compact = ids.clone();
          compact.runOptimize();
          ByteBuffer serialized = ByteBuffer.allocate(compact.serializedSizeInBytes());
          compact.serialize(serialized);
          Varints.write(posting, serialized.capacity());
          posting.writeBytes(serialized.array());
          postings.add(posting.toByteArray());
        });
    Varints.write(out, postings.size());
    postings.forEach(out::writeBytes);
    CRC32C crc = new CRC32C();
    byte[] body = out.toByteArray();
    crc.update(body);
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
    trailer.putInt((int) crc.getValue()).putInt(SeriesFormat.LABEL_INDEX_MAGIC);
    out.writeBytes(trailer.array());
    return out.toByteArray();
  }

  /**
   * Loads the index that {@link #write} stored at {@code path}.
   *
   * @throws CorruptionException naming the file and offset when anything does not check
   */
  public static LabelIndex read(FileIO io, Path path) throws IOException {
    return decode(io.readAllBytes(path), path);
  }

  /** Decodes file contents; {@code path} only names the file in errors. */
  static LabelIndex decode(byte[] bytes, Path path) {
    if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptionException(
          path,
          0,
          "label index of " + bytes.length + " bytes is shorter than its header and trailer");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    requireMagic(path, 0, buffer.getInt(0));
    requireMagic(path, bytes.length - 4, buffer.getInt(bytes.length - 4));
    int crcAt = bytes.length - TRAILER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, crcAt);
    if (buffer.getInt(crcAt) != (int) crc.getValue()) {
      throw new CorruptionException(path, crcAt, "label index checksum mismatch");
    }
    if (buffer.getInt(4) != SeriesFormat.LABEL_INDEX_VERSION) {
      throw new CorruptionException(
          path,
          4,
          "label index version "
              + buffer.getInt(4)
              + " is not "
              + SeriesFormat.LABEL_INDEX_VERSION);
    }
    Varints.Cursor in = new Varints.Cursor(bytes, HEADER_BYTES, crcAt);
    try {
      String[] symbols = new String[count(in, bytes.length)];
      for (int i = 0; i < symbols.length; i++) {
        symbols[i] = utf8(in.readBytes(count(in, bytes.length)));
      }
      LabelIndex index = new LabelIndex();
      int seriesCount = count(in, bytes.length);
      long labelTotal = 0;
      for (int id = 0; id < seriesCount; id++) {
        String[] pairs = new String[2 * count(in, bytes.length)];
        for (int i = 0; i < pairs.length; i++) {
          pairs[i] = symbol(symbols, in);
        }
        index.putSeries(Labels.of(pairs));
        labelTotal += pairs.length / 2;
      }
      int postingCount = count(in, bytes.length);
      Map<String, Map<String, RoaringBitmap>> postings = new HashMap<>();
      long idTotal = 0;
      for (int p = 0; p < postingCount; p++) {
        int at = in.position();
        String tag = symbol(symbols, in);
        String value = symbol(symbols, in);
        RoaringBitmap ids = new RoaringBitmap();
        byte[] serialized = in.readBytes(count(in, bytes.length));
        try {
          ids.deserialize(ByteBuffer.wrap(serialized));
        } catch (RuntimeException e) {
          // The library signals malformed input with several unchecked exceptions.
          throw new IllegalStateException("posting " + tag + "=" + value + " is not a bitmap", e);
        }
        if (ids.isEmpty() || ids.last() >= seriesCount || ids.first() < 0) {
          throw new CorruptionException(
              path, at, "posting " + tag + "=" + value + " names a series that does not exist");
        }
        if (postings.computeIfAbsent(tag, t -> new HashMap<>()).put(value, ids) != null) {
          throw new CorruptionException(path, at, "posting " + tag + "=" + value + " repeats");
        }
        idTotal += ids.getCardinality();
        index.putPosting(tag, value, ids);
      }
      if (in.position() != crcAt) {
        throw new IllegalStateException((crcAt - in.position()) + " bytes follow the postings");
      }
      requirePostingsMatchSeries(index, postings, labelTotal, idTotal, path);
      return index;
    } catch (IllegalStateException | IllegalArgumentException | IOException e) {
      throw new CorruptionException(path, in.position(), "bad label index: " + e.getMessage(), e);
    }
  }

  /**
   * The postings hold as many ids as the series have labels, and every label of every series is in
   * its posting: so the postings are exactly those the labels imply.
   */
  private static void requirePostingsMatchSeries(
      LabelIndex index,
      Map<String, Map<String, RoaringBitmap>> postings,
      long labelTotal,
      long idTotal,
      Path path) {
    if (labelTotal != idTotal) {
      throw new CorruptionException(
          path, -1, "postings hold " + idTotal + " ids for " + labelTotal + " series labels");
    }
    for (int id = 0; id < index.seriesCount(); id++) {
      Labels labels = index.labels(id);
      for (int i = 0; i < labels.size(); i++) {
        RoaringBitmap ids = postings.getOrDefault(labels.name(i), Map.of()).get(labels.value(i));
        if (ids == null || !ids.contains(id)) {
          throw new CorruptionException(
              path, -1, "series " + id + " " + labels + " is missing from its postings");
        }
      }
    }
  }

  private static int count(Varints.Cursor in, int limit) {
    long count = in.readVarint();
    if (count > limit) {
      throw new IllegalStateException("count " + count + " exceeds the file's " + limit + " bytes");
    }
    return (int) count;
  }

  private static String symbol(String[] symbols, Varints.Cursor in) {
    long i = in.readVarint();
    if (i >= symbols.length) {
      throw new IllegalStateException("symbol " + i + " of " + symbols.length);
    }
    return symbols[(int) i];
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a symbol is not UTF-8", e);
    }
  }

  private static void requireMagic(Path path, long offset, int magic) {
    if (magic != SeriesFormat.LABEL_INDEX_MAGIC) {
      throw new CorruptionException(
          path, offset, String.format(Locale.ROOT, "bad label index magic %08x", magic));
    }
  }
}
