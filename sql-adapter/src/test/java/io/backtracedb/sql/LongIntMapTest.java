package io.backtracedb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LongIntMap} against a {@link HashMap} of boxed keys. */
class LongIntMapTest {

  private static void assertSame(Map<Long, Integer> expected, LongIntMap map, List<Long> probes) {
    assertEquals(expected.size(), map.size());
    for (long key : probes) {
      assertEquals(expected.getOrDefault(key, -1), map.get(key), "key " + key);
    }
  }

  private static void putAll(List<Long> keys, Map<Long, Integer> expected, LongIntMap map) {
    for (long key : keys) {
      Integer value = expected.get(key);
      if (value == null) {
        value = expected.size();
        expected.put(key, value);
        map.put(key, value);
      }
    }
  }

  @Test
  void keysThatDifferOnlyInHighBitsAndExtremesAreKeptApart() {
    List<Long> keys = new ArrayList<>();
    for (long i = -5_000; i < 5_000; i++) {
      keys.add(i << 20);
      keys.add(i << 40);
      keys.add(i * 60_000_000L);
    }
    keys.add(Long.MIN_VALUE);
    keys.add(Long.MAX_VALUE);
    keys.add(-1L);
    Map<Long, Integer> expected = new HashMap<>();
    LongIntMap map = new LongIntMap();
    assertEquals(-1, map.get(0));
    putAll(keys, expected, map);
    List<Long> probes = new ArrayList<>(keys);
    probes.add(Long.MIN_VALUE + 1);
    probes.add((1L << 20) + 1);
    probes.add(123_456_789L);
    assertSame(expected, map, probes);
  }

  @Test
  void randomKeysAndReplacedValues() {
    SplittableRandom random = new SplittableRandom(7);
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      keys.add(random.nextLong(-1_000, 1_000) * (random.nextBoolean() ? 1 : 1L << 33));
    }
    Map<Long, Integer> expected = new HashMap<>();
    LongIntMap map = new LongIntMap();
    putAll(keys, expected, map);
    for (int i = 0; i < keys.size(); i += 3) {
      expected.put(keys.get(i), i);
      map.put(keys.get(i), i);
    }
    assertSame(expected, map, keys);
  }

  @Test
  void negativeValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LongIntMap().put(1, -1));
  }
}
