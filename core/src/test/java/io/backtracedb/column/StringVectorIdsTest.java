package io.backtracedb.column;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import org.junit.jupiter.api.Test;

class StringVectorIdsTest {
  @Test
  void anIdReturnedByAnAppendAppendsTheSameValueAgain() {
    StringVector vector = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    int a = vector.appendReturningId("a");
    int b = vector.appendReturningId("b");
    vector.appendId(a);
    vector.appendId(b);
    assertEquals(4, vector.size());
    assertEquals("a", vector.get(2));
    assertEquals("b", vector.get(3));
    assertEquals(2, vector.dictionarySize(), "no value was added twice");
  }

  @Test
  void resetChangesTheGenerationSoCachedIdsExpire() {
    StringVector vector = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    vector.append("x");
    int before = vector.generation();
    vector.reset();
    assertNotEquals(before, vector.generation());
    assertEquals(0, vector.dictionarySize());
  }

  @Test
  void aSharedDictionaryIsTakenOnlyWhenEmptyAndStaysCorrectWhenValuesAreAdded() {
    String[] shared = {"p", "q", "r"};
    StringVector vector = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    assertTrue(vector.shareDictionary(shared));
    assertTrue(vector.shareDictionary(shared), "already shares it");
    vector.appendId(2);
    vector.appendId(0);
    vector.appendNull();
    assertEquals("r", vector.get(0));
    assertEquals("p", vector.get(1));
    assertNull(vector.get(2));
    // Appending by value finds the shared entries, and a new value grows a copy, not the array.
    assertEquals(1, vector.appendReturningId("q"));
    assertEquals(3, vector.appendReturningId("s"));
    assertArrayEquals(new String[] {"p", "q", "r"}, shared);
    assertEquals("s", vector.get(4));
    assertEquals(4, vector.dictionarySize());
    assertFalse(vector.shareDictionary(shared), "no longer the same dictionary");

    StringVector filled = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    filled.append("p");
    assertFalse(filled.shareDictionary(shared), "a vector with rows keeps its own dictionary");
  }

  @Test
  void rowsCopiedOneByOneEqualTheirSourceWhateverTheSourcesAndResets() {
    java.util.Random random = new java.util.Random(11);
    StringVector first = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    StringVector second = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    for (int i = 0; i < 200; i++) {
      first.append("k" + random.nextInt(40));
      second.append("k" + random.nextInt(60));
    }
    first.appendNull();
    StringVector target = (StringVector) ColumnVector.create(ColumnType.VARCHAR, 4);
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int step = 0; step < 2_000; step++) {
      // Long runs from one source, alternating sources, a source that grows in place, resets.
      StringVector source = (step / 50) % 3 == 1 && step % 2 == 0 ? second : first;
      if (step == 700) {
        first.append("late" + step);
      }
      if (step == 1_300) {
        target.reset();
        expected.clear();
      }
      int row = random.nextInt(source.size());
      target.appendFrom(source, row);
      expected.add(source.get(row));
    }
    assertEquals(expected.size(), target.size());
    for (int row = 0; row < expected.size(); row++) {
      assertEquals(expected.get(row), target.get(row), "row " + row);
    }
    assertEquals(
        new java.util.HashSet<>(expected.stream().filter(v -> v != null).toList()).size(),
        target.dictionarySize(),
        "each value is in the dictionary once");
  }
}
