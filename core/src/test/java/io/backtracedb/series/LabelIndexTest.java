package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backtracedb.io.Fault;
import io.backtracedb.io.FaultInjectingFileIO;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

@ExtendWith(SeedExtension.class)
class LabelIndexTest {
  private static final String[] TAGS = {"host", "region", "env", "role"};
  private static final String[][] VALUES = {
    {"web-01", "web-02", "web-10", "db-01", "db_01", "cache%1", ""},
    {"eu-west", "eu-east", "us-east", "ap-south", "é-north"},
    {"prod", "staging", "dev"},
    {"a_b", "a%b", "ab", "a\\b", "\uD83D\uDE00"},
  };

  @TempDir Path dir;

  @Test
  void seriesIdsAreDenseAndStable() {
    LabelIndex index = new LabelIndex();
    assertEquals(0, index.seriesId(Labels.of("host", "a")));
    assertEquals(1, index.seriesId(Labels.of("host", "b")));
    assertEquals(0, index.seriesId(Labels.of("host", "a")));
    assertEquals(2, index.seriesId(Labels.of("region", "eu", "host", "a")));
    assertEquals(
        2, index.lookup(Labels.of("host", "a", "region", "eu")), "tag order is irrelevant");
    assertEquals(-1, index.lookup(Labels.of("host", "c")));
    assertEquals(3, index.seriesCount());
    assertEquals("{host=\"a\", region=\"eu\"}", index.labels(2).toString());
    assertEquals("[host, region]", index.tagNames().toString());
    assertEquals("[a, b]", index.tagValues("host").toString());
  }

  @Test
  void labelsRejectRepeatedAndEmptyNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Labels.of("host", "a", "host", "b"));
    assertEquals("cannot make labels: tag 'host' is repeated", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Labels.of("", "a"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("host"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("host", null));
  }

  @Test
  void queriesFollowSqlNullSemanticsForMissingTags() {
    LabelIndex index = new LabelIndex();
    index.seriesId(Labels.of("host", "a", "env", "prod"));
    index.seriesId(Labels.of("host", "b"));
    index.seriesId(Labels.of("host", "c", "env", "dev"));
    assertArrayEquals(new int[] {2}, index.select(LabelMatcher.ne("env", "prod")).toArray());
    assertArrayEquals(new int[] {}, index.select(LabelMatcher.eq("dc", "x")).toArray());
    assertArrayEquals(new int[] {}, index.select(LabelMatcher.ne("dc", "x")).toArray());
    assertArrayEquals(
        new int[] {0, 2}, index.select(LabelMatcher.like("env", "%")).toArray(), "% needs a value");
    assertArrayEquals(new int[] {0, 1, 2}, index.select(LabelMatcher.and()).toArray());
    assertArrayEquals(new int[] {}, index.select(LabelMatcher.or()).toArray());
  }

  @Test
  void returnedBitmapsBelongToTheCaller() {
    LabelIndex index = new LabelIndex();
    index.seriesId(Labels.of("host", "a"));
    for (LabelMatcher matcher :
        List.of(
            LabelMatcher.eq("host", "a"),
            LabelMatcher.in("host", "a"),
            LabelMatcher.like("host", "a"),
            LabelMatcher.like("host", "a%"),
            LabelMatcher.and(LabelMatcher.eq("host", "a")),
            LabelMatcher.or(LabelMatcher.eq("host", "a")))) {
      RoaringBitmap ids = index.select(matcher);
      ids.add(99);
      ids.remove(0);
      assertArrayEquals(new int[] {0}, index.select(matcher).toArray(), matcher.toString());
    }
  }

  @Test
  void randomQueriesMatchABruteForceScan(Random random) throws IOException {
    LabelIndex index = new LabelIndex();
    List<Labels> all = randomSeries(random, index, 400);
    LabelIndex reloaded = persistAndReload(index);
    for (int round = 0; round < 500; round++) {
      LabelMatcher matcher = randomMatcher(random, 2);
      RoaringBitmap expected = new RoaringBitmap();
      for (int id = 0; id < all.size(); id++) {
        if (bruteForce(matcher, all.get(id))) {
          expected.add(id);
        }
      }
      assertEquals(expected, index.select(matcher), matcher.toString());
      assertEquals(expected, reloaded.select(matcher), "reloaded: " + matcher);
    }
  }

  @Test
  void aReloadedIndexHasTheSameSeriesAndKeepsAssigningIds(Random random) throws IOException {
    LabelIndex index = new LabelIndex();
    List<Labels> all = randomSeries(random, index, 300);
    LabelIndex reloaded = persistAndReload(index);
    assertEquals(all.size(), reloaded.seriesCount());
    for (int id = 0; id < all.size(); id++) {
      assertEquals(all.get(id), reloaded.labels(id));
      assertEquals(id, reloaded.lookup(all.get(id)));
    }
    assertEquals(index.tagNames(), reloaded.tagNames());
    Labels fresh = Labels.of("host", "new-host", "region", "mars");
    assertEquals(all.size(), reloaded.seriesId(fresh));
    assertArrayEquals(
        new int[] {all.size()}, reloaded.select(LabelMatcher.eq("region", "mars")).toArray());
  }

  @Test
  void anEmptyIndexRoundTrips() throws IOException {
    LabelIndex reloaded = persistAndReload(new LabelIndex());
    assertEquals(0, reloaded.seriesCount());
    assertEquals(0, reloaded.allSeries().getCardinality());
  }

  @Test
  void aReplacedIndexFileIsTheOldOrTheNewOneAfterFailuresAndPowerLoss(Random random)
      throws IOException {
    Path file = dir.resolve("replaced.idx");
    LabelIndex index = new LabelIndex();
    randomSeries(random, index, 50);
    FaultInjectingFileIO io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
    LabelIndexFile.write(io, file, index);
    index.seriesId(Labels.of("host", "added-later"));
    io.inject(Fault.failNth(FaultInjectingFileIO.Op.RENAME, 1));
    assertThrows(IOException.class, () -> LabelIndexFile.write(io, file, index));
    assertEquals(50, LabelIndexFile.read(io, file).seriesCount(), "the old file stays");
    io.clearFaults();
    LabelIndexFile.write(io, file, index);
    io.simulateCrash(random, FaultInjectingFileIO.CrashMode.DROP);
    LabelIndex reloaded = LabelIndexFile.read(LocalFileIO.INSTANCE, file);
    assertEquals(51, reloaded.seriesCount(), "the new file is durable once written");
    assertEquals(50, reloaded.lookup(Labels.of("host", "added-later")));
  }

  private LabelIndex persistAndReload(LabelIndex index) throws IOException {
    Path file = dir.resolve("labels.idx");
    long size = LabelIndexFile.write(LocalFileIO.INSTANCE, file, index);
    assertEquals(Files.size(file), size);
    return LabelIndexFile.read(LocalFileIO.INSTANCE, file);
  }

  static List<Labels> randomSeries(Random random, LabelIndex index, int count) {
    List<Labels> all = new ArrayList<>();
    while (all.size() < count) {
      Map<String, String> tags = new TreeMap<>();
      for (int t = 0; t < TAGS.length; t++) {
        if (random.nextInt(5) != 0) {
          tags.put(TAGS[t], VALUES[t][random.nextInt(VALUES[t].length)] + suffix(random, t));
        }
      }
      Labels labels = Labels.of(tags);
      if (index.lookup(labels) < 0) {
        assertEquals(all.size(), index.seriesId(labels));
        all.add(labels);
      }
    }
    return all;
  }

  private static String suffix(Random random, int tag) {
    return tag == 0 ? "-" + random.nextInt(20) : "";
  }

  private static LabelMatcher randomMatcher(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 6 : 4);
    int t = random.nextInt(TAGS.length + 1);
    String tag = t == TAGS.length ? "missing" : TAGS[t];
    String value = randomValue(random, t);
    switch (kind) {
      case 0:
        return LabelMatcher.eq(tag, value);
      case 1:
        return LabelMatcher.ne(tag, value);
      case 2:
        return LabelMatcher.in(tag, value, randomValue(random, t) + "x", randomValue(random, t));
      case 3:
        return LabelMatcher.like(tag, randomPattern(random, value));
      case 4:
        return LabelMatcher.and(randomMatcher(random, depth - 1), randomMatcher(random, depth - 1));
      default:
        return LabelMatcher.or(
            randomMatcher(random, depth - 1),
            randomMatcher(random, depth - 1),
            randomMatcher(random, depth - 1));
    }
  }

  private static String randomValue(Random random, int tag) {
    String[] values = tag < VALUES.length ? VALUES[tag] : VALUES[0];
    return values[random.nextInt(values.length)] + (tag == 0 ? suffix(random, 0) : "");
  }

  /** A pattern made from a real value with parts replaced by wildcards. */
  private static String randomPattern(Random random, String value) {
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      int roll = random.nextInt(8);
      if (roll == 0) {
        pattern.append('%');
      } else if (roll == 1 && !Character.isSurrogate(value.charAt(i))) {
        pattern.append('_');
      } else if (roll == 2) {
        pattern.append('%');
        i += random.nextInt(3);
      } else {
        pattern.append(value.charAt(i));
      }
    }
    if (random.nextBoolean()) {
      pattern.append('%');
    }
    return pattern.toString();
  }

  /** Evaluates a matcher without the index or {@link LikePattern}: the oracle. */
  private static boolean bruteForce(LabelMatcher matcher, Labels labels) {
    if (matcher instanceof LabelMatcher.And and) {
      return and.all().stream().allMatch(m -> bruteForce(m, labels));
    }
    if (matcher instanceof LabelMatcher.Or or) {
      return or.any().stream().anyMatch(m -> bruteForce(m, labels));
    }
    String tag;
    if (matcher instanceof LabelMatcher.Equal equal) {
      tag = equal.tag();
    } else if (matcher instanceof LabelMatcher.NotEqual notEqual) {
      tag = notEqual.tag();
    } else if (matcher instanceof LabelMatcher.In in) {
      tag = in.tag();
    } else {
      tag = ((LabelMatcher.Like) matcher).tag();
    }
    String actual = null;
    for (int i = 0; i < labels.size(); i++) {
      if (labels.name(i).equals(tag)) {
        actual = labels.value(i);
      }
    }
    if (actual == null) {
      return false;
    }
    if (matcher instanceof LabelMatcher.Equal equal) {
      return actual.equals(equal.value());
    }
    if (matcher instanceof LabelMatcher.NotEqual notEqual) {
      return !actual.equals(notEqual.value());
    }
    if (matcher instanceof LabelMatcher.In in) {
      return in.values().contains(actual);
    }
    String pattern = ((LabelMatcher.Like) matcher).pattern().toString();
    return LikePatternTest.regex(pattern).matcher(actual).matches();
  }
}
