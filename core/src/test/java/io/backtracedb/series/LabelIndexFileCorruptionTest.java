package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CorruptionException;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.roaringbitmap.RoaringBitmap;

/** A damaged label index file gives a typed error naming it, never a different index. */
@ExtendWith(SeedExtension.class)
class LabelIndexFileCorruptionTest {
  @TempDir Path dir;
  private byte[] original;

  @BeforeEach
  void writeIndex() throws IOException {
    LabelIndex index = new LabelIndex();
    LabelIndexTest.randomSeries(new Random(5), index, 200);
    Path file = dir.resolve("good.idx");
    LabelIndexFile.write(LocalFileIO.INSTANCE, file, index);
    original = Files.readAllBytes(file);
  }

  static Stream<Arguments> damages() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(damage("empty file", b -> new byte[0]));
    cases.add(damage("header only", b -> Arrays.copyOf(b, 8)));
    cases.add(damage("last byte cut", b -> Arrays.copyOf(b, b.length - 1)));
    cases.add(damage("cut in half", b -> Arrays.copyOf(b, b.length / 2)));
    cases.add(damage("garbage appended", b -> Arrays.copyOf(b, b.length + 10)));
    cases.add(damage("bad magic at the start", b -> flip(b, 0)));
    cases.add(damage("bad magic at the end", b -> flip(b, b.length - 1)));
    cases.add(damage("bad checksum", b -> flip(b, b.length - 6)));
    cases.add(damage("bad version, checksum recomputed", b -> reseal(flip(b, 7))));
    cases.add(damage("byte flipped in the symbols", b -> flip(b, 12)));
    cases.add(damage("byte flipped in the postings", b -> flip(b, b.length - 20)));
    cases.add(
        damage(
            "a series dropped from a posting, checksum recomputed",
            LabelIndexFileCorruptionTest::dropIdFromLastPosting));
    cases.add(
        damage(
            "a symbol that is not UTF-8, checksum recomputed",
            b -> {
              b[10] = (byte) 0xFF; // the first symbol's first byte (after magic, version, counts)
              return reseal(b);
            }));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damageGivesATypedErrorNamingTheFile(String name, UnaryOperator<byte[]> damage)
      throws IOException {
    Path file = dir.resolve("damaged.idx");
    Files.write(file, damage.apply(original.clone()));
    CorruptionException e =
        assertThrows(
            CorruptionException.class, () -> LabelIndexFile.read(LocalFileIO.INSTANCE, file));
    assertEquals(file, e.file());
  }

  @Test
  void randomBitFlipsAreAllDetected(Random random) throws IOException {
    Path file = dir.resolve("flipped.idx");
    for (int round = 0; round < 1000; round++) {
      byte[] damaged = original.clone();
      int at = random.nextInt(damaged.length);
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(file, damaged);
      assertThrows(
          CorruptionException.class,
          () -> LabelIndexFile.read(LocalFileIO.INSTANCE, file),
          "flip at byte " + at);
    }
  }

  @Test
  void postingsThatDisagreeWithTheSeriesLabelsAreDetected() throws IOException {
    Path file = dir.resolve("moved-id.idx");
    Files.write(file, dropIdFromLastPosting(original.clone()));
    CorruptionException e =
        assertThrows(
            CorruptionException.class, () -> LabelIndexFile.read(LocalFileIO.INSTANCE, file));
    assertTrue(e.getMessage().contains("is missing from its postings"), e.getMessage());
  }

  private static Arguments damage(String name, UnaryOperator<byte[]> damage) {
    return Arguments.of(name, damage);
  }

  private static byte[] flip(byte[] bytes, int at) {
    bytes[at] ^= 0x10;
    return bytes;
  }

  /** Recomputes the CRC32C, as a writer with a bug would have written it. */
  private static byte[] reseal(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 8, (int) crc.getValue());
    return bytes;
  }

  /**
   * Rewrites the last posting without its first id: the file still parses and checks, but the
   * postings no longer agree with the series' labels.
   */
  private static byte[] dropIdFromLastPosting(byte[] bytes) {
    // Find the last posting's bitmap: try every start until a suffix deserializes to the end.
    int end = bytes.length - 8;
    for (int start = end - 1; start > 8; start--) {
      RoaringBitmap ids = new RoaringBitmap();
      try {
        ids.deserialize(ByteBuffer.wrap(bytes, start, end - start));
      } catch (IOException | RuntimeException e) {
        continue;
      }
      if (ids.serializedSizeInBytes() != end - start || ids.getCardinality() < 2) {
        continue;
      }
      int removed = ids.first();
      int added = 0;
      while (added == removed || ids.contains(added)) {
        added++;
      }
      if (added >= 200) {
        continue;
      }
      ids.remove(removed);
      ids.add(added); // keep the count, move one id to a series without the label
      ByteBuffer rewritten = ByteBuffer.allocate(ids.serializedSizeInBytes());
      ids.serialize(rewritten);
      if (rewritten.capacity() == end - start) {
        System.arraycopy(rewritten.array(), 0, bytes, start, end - start);
        return reseal(bytes);
      }
    }
    throw new AssertionError("no posting with two or more ids found");
  }
}
