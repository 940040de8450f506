package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CorruptionException;
import java.nio.file.Path;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;

/** Failures while reading a block are told apart: damage, a failing device, a reader defect. */
class BlockErrorsTest {
  private final Path file = Path.of("tables", "trades", "blocks", "000000000001.parquet");

  @Test
  void undecodableBytesAreDamageNamingTheFile() {
    CorruptionException damage =
        assertThrows(
            CorruptionException.class,
            () -> BlockErrors.translate(file, new ParquetDecodingException("bad run length")));
    assertEquals(file, damage.file());
    assertTrue(damage.getMessage().contains("bad run length"), damage.getMessage());
  }

  @Test
  void aNullDereferenceOrWrongCastIsAReaderDefectNotDamage() {
    NullPointerException npe = new NullPointerException("vector");
    IllegalStateException defect =
        assertThrows(IllegalStateException.class, () -> BlockErrors.translate(file, npe));
    assertSame(npe, defect.getCause());
    assertTrue(defect.getMessage().contains(file.toString()), defect.getMessage());
    assertTrue(defect.getMessage().contains("not known to be damaged"), defect.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> BlockErrors.translate(file, new ClassCastException("LongVector")));
  }

  @Test
  void aCorruptionAlreadyNamedPassesThrough() {
    CorruptionException original = new CorruptionException(file, 12, "page CRC mismatch");
    assertSame(
        original,
        assertThrows(CorruptionException.class, () -> BlockErrors.translate(file, original)));
  }
}
