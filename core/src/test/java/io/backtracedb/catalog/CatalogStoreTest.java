package io.backtracedb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import io.backtracedb.block.TailChecksum;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.io.LocalFileIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogStoreTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .column("s", ColumnType.VARCHAR)
          .column("d", ColumnType.DOUBLE)
          .column("n", ColumnType.BIGINT)
          .build();

  @TempDir Path dir;

  @Test
  void catalogRoundTripsTablesOptionsAndNextId() throws Exception {
    CatalogStore store = new CatalogStore(LocalFileIO.INSTANCE, dir);
    assertTrue(store.read().tables().isEmpty());
    TableOptions options =
        TableOptions.defaults()
            .withTimeColumn("ts")
            .withBlockRows(5000)
            .withTtl(Duration.ofDays(30))
            .withTimeUnit(TimeUnit.NANOSECONDS);
    Catalog catalog = Catalog.empty().withTable(new TableEntry(1, "trades", SCHEMA, options));
    catalog = catalog.withTable(new TableEntry(2, "other", SCHEMA, TableOptions.defaults()));
    catalog = catalog.withoutTable("other");
    store.write(catalog);
    Catalog read = store.read();
    assertEquals(3, read.nextTableId());
    TableEntry entry = read.tables().get("trades");
    assertEquals(SCHEMA, entry.schema());
    assertEquals(options, entry.options());
    assertEquals(List.of("trades"), List.copyOf(read.tables().keySet()));
  }

  @Test
  void catalogRoundTripsIndexesAndReadsCatalogsWithout() throws Exception {
    CatalogStore store = new CatalogStore(LocalFileIO.INSTANCE, dir);
    TableEntry plain = new TableEntry(1, "trades", SCHEMA, TableOptions.defaults());
    store.write(Catalog.empty().withTable(plain));
    String withoutIndexes = java.nio.file.Files.readString(store.file());
    assertFalse(withoutIndexes.contains("indexes"), withoutIndexes);
    assertEquals(List.of(), store.read().tables().get("trades").indexes());
    TableEntry indexed =
        plain
            .withIndex(new IndexEntry("trades_s", "s", false))
            .withIndex(new IndexEntry("u", "n", true));
    Catalog catalog = Catalog.empty().withTable(plain).withReplacedTable(indexed);
    store.write(catalog);
    Catalog read = store.read();
    assertEquals(
        List.of(new IndexEntry("trades_s", "s", false), new IndexEntry("u", "n", true)),
        read.tables().get("trades").indexes());
    assertEquals("trades", read.tableOfIndex("u").name());
    store.write(read.withReplacedTable(read.tables().get("trades").withoutIndex("u")));
    assertEquals(
        List.of(new IndexEntry("trades_s", "s", false)),
        store.read().tables().get("trades").indexes());
  }

  @Test
  void manifestRoundTripsStatisticsOfEveryKindExactly() throws Exception {
    ManifestStore store = new ManifestStore(LocalFileIO.INSTANCE, dir, SCHEMA);
    BlockMeta block =
        new BlockMeta(
            4,
            BlockMeta.fileName(4),
            100,
            12345,
            7,
            9,
            List.of(
                new ColumnStats(1L, 99L, 0),
                new ColumnStats("a\"b", null, 3),
                new ColumnStats(-0.0, Double.POSITIVE_INFINITY, 1),
                new ColumnStats(null, null, 100)),
            new TailChecksum(12345, 12000, 0x7abcdef1));
    Manifest manifest = Manifest.empty(3).withFlushed(block, 9);
    store.write(manifest);
    Manifest read = store.read(3);
    assertEquals(manifest, read);
    assertEquals(5, read.nextBlockId());
    assertEquals(-0.0, (Double) read.blocks().get(0).column(2).min(), 0.0);
    assertTrue(Double.doubleToRawLongBits((Double) read.blocks().get(0).column(2).min()) != 0);
  }

  @Test
  void aManifestOfAnotherTableIsCorruption() throws Exception {
    ManifestStore store = new ManifestStore(LocalFileIO.INSTANCE, dir, SCHEMA);
    store.write(Manifest.empty(3));
    CorruptionException e = assertThrows(CorruptionException.class, () -> store.read(4));
    assertEquals(store.file(), e.file());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"flipped byte", "truncated", "bad header", "empty"})
  void aDamagedCatalogIsATypedErrorNamingTheFile(String damage) throws Exception {
    CatalogStore store = new CatalogStore(LocalFileIO.INSTANCE, dir);
    store.write(
        Catalog.empty().withTable(new TableEntry(1, "trades", SCHEMA, TableOptions.defaults())));
    byte[] bytes = Files.readAllBytes(store.file());
    byte[] damaged =
        switch (damage) {
          case "flipped byte" -> {
            byte[] copy = bytes.clone();
            copy[bytes.length / 2 + 20] ^= 0x04;
            yield copy;
          }
          case "truncated" -> java.util.Arrays.copyOf(bytes, bytes.length - 30);
          case "bad header" ->
              ("{\"format\":\"other\""
                      + new String(
                          bytes, 17, bytes.length - 17, java.nio.charset.StandardCharsets.UTF_8))
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          default -> new byte[0];
        };
    Files.write(store.file(), damaged);
    CorruptionException e = assertThrows(CorruptionException.class, store::read);
    assertEquals(store.file(), e.file());
    assertTrue(e.getMessage().contains("catalog.json"), e.getMessage());
  }
}
