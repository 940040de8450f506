package io.backtracedb.column;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
