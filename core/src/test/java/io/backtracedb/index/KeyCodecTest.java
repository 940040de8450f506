package io.backtracedb.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.index.IndexTestSupport.Width;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyCodecTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(ColumnType.class)
  void encodedKeysSortAsTheEngineComparesValuesAndDecodeBack(ColumnType type) {
    long seed = IndexTestSupport.seed();
    try {
      Random random = new Random(seed);
      KeyCodec codec = new KeyCodec(type);
      List<Object> values = new ArrayList<>();
      values.add(null);
      for (int i = 0; i < 300; i++) {
        values.add(IndexTestSupport.randomKey(random, type, 1_000_000, Width.SHORT));
      }
      if (type == ColumnType.VARCHAR) {
        values.addAll(
            List.of(
                "",
                "a",
                "ab",
                "\u0000",
                "\u007f",
                "\u0080",
                "\u07ff",
                "\u0800",
                "\ud7ff",
                "\ud83d\ude00",
                "\ue000",
                "\uffff",
                "z\ud83d"));
      }
      for (Object a : values) {
        byte[] ea = codec.encode(a);
        Object back = codec.decode(ea);
        assertEquals(0, IndexTestSupport.compareKeys(a, back), "round trip of " + a);
        assertTrue(codec.isValid(ea), "valid " + a);
        for (Object b : values) {
          int expected = Integer.signum(IndexTestSupport.compareKeys(a, b));
          int actual = Integer.signum(Arrays.compareUnsigned(ea, codec.encode(b)));
          assertEquals(expected, actual, a + " vs " + b);
        }
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("failed with -Dbacktrace.seed=" + seed, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = ColumnType.class,
      names = {"BOOLEAN", "INTEGER", "BIGINT", "DOUBLE"})
  void bytesThatNoValueEncodesToAreNotValidKeys(ColumnType type) {
    KeyCodec codec = new KeyCodec(type);
    assertFalse(codec.isValid(new byte[] {2}), "bad tag");
    assertFalse(codec.isValid(new byte[] {1, 0, 0}), "wrong length");
    assertFalse(codec.isValid(new byte[0]), "empty");
  }
}
