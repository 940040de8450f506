package io.backtracedb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.CacheStats;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache keeps what fits, gives second chances to pages read, and never mixes files. */
class PageCacheTest {
  @TempDir Path dir;

  private BlockLayout first;
  private BlockLayout second;

  @BeforeEach
  void layouts() throws IOException {
    first = layout("a.parquet");
    second = layout("b.parquet");
  }

  private BlockLayout layout(String name) throws IOException {
    Schema schema = BlockTestSupport.ALL_TYPES;
    List<Object[]> rows = BlockTestSupport.randomRows(new Random(1), schema, 10);
    WrittenBlock written =
        BlockWriter.write(
            LocalFileIO.INSTANCE,
            dir.resolve(name),
            schema,
            BlockTestSupport.vectors(schema, rows),
            rows.size(),
            null,
            BlockWriteOptions.defaults());
    return BlockLayout.load(LocalFileIO.INSTANCE, written.path(), schema, written.tail());
  }

  /** A page of {@code rows} longs, about {@code rows * 8} bytes. */
  private static ColumnVector page(int rows, long seed) {
    LongVector vector = (LongVector) ColumnVector.create(ColumnType.BIGINT, rows);
    for (int i = 0; i < rows; i++) {
      vector.append(seed + i);
    }
    return vector;
  }

  @Test
  void keepsPagesByFileAndPlace() {
    PageCache cache = new PageCache(1 << 20);
    ColumnVector a = page(100, 0);
    ColumnVector b = page(100, 1000);
    cache.put(first, 0, 1, 2, a);
    cache.put(second, 0, 1, 2, b);
    assertSame(a, cache.get(first, 0, 1, 2));
    assertSame(b, cache.get(second, 0, 1, 2));
    assertNull(cache.get(first, 0, 2, 1));
    assertNull(cache.get(first, 1, 1, 2));
    CacheStats stats = cache.stats();
    assertEquals(2, stats.pages());
    assertEquals(2, stats.hits());
    assertEquals(2, stats.misses());
  }

  @Test
  void staysWithinItsBoundAndGivesPagesReadASecondChance() {
    ColumnVector sample = page(1000, 0);
    long perPage = sample.heapBytes() + 160;
    PageCache cache = new PageCache(perPage * 10);
    for (int p = 0; p < 10; p++) {
      cache.put(first, 0, 0, p, page(1000, p));
    }
    assertEquals(10, cache.stats().pages());
    // Page 0 is read; the next pages put drop the unread ones first.
    assertNotNull(cache.get(first, 0, 0, 0));
    for (int p = 10; p < 15; p++) {
      cache.put(first, 0, 0, p, page(1000, p));
      assertTrue(cache.stats().bytes() <= perPage * 10, cache.stats().toString());
    }
    assertNotNull(cache.get(first, 0, 0, 0), "a page read recently survives");
    for (int p = 1; p <= 5; p++) {
      assertNull(cache.get(first, 0, 0, p), "page " + p + " was not read and is the oldest");
    }
    assertEquals(10, cache.stats().pages());
  }

  @Test
  void aPageIsAdmittedOnItsSecondMiss() {
    PageCache cache = new PageCache(1 << 20);
    for (int p = 0; p < 100; p++) {
      assertFalse(cache.admit(first, 0, 0, p), "first miss of page " + p);
    }
    for (int p = 0; p < 100; p++) {
      assertTrue(cache.admit(first, 0, 0, p), "second miss of page " + p);
      assertFalse(cache.admit(second, 0, 0, p), "the same place in another file");
    }
  }

  @Test
  void aPageLargerThanTheCacheIsNotKept() {
    PageCache cache = new PageCache(4096);
    cache.put(first, 0, 0, 0, page(10_000, 0));
    assertNull(cache.get(first, 0, 0, 0));
    assertEquals(0, cache.stats().bytes());
    assertThrows(IllegalArgumentException.class, () -> new PageCache(0));
  }

  @Test
  void forgettingAFileDropsOnlyItsPages() {
    PageCache cache = new PageCache(1 << 20);
    for (int p = 0; p < 5; p++) {
      cache.put(first, 0, 0, p, page(10, p));
      cache.put(second, 0, 0, p, page(10, p));
    }
    cache.forget(first);
    assertEquals(5, cache.stats().pages());
    for (int p = 0; p < 5; p++) {
      assertNull(cache.get(first, 0, 0, p));
      assertNotNull(cache.get(second, 0, 0, p));
    }
  }

  @Test
  void concurrentReadersAndWritersKeepTheBoundAndTheValues() throws Exception {
    long perPage = page(100, 0).heapBytes() + 160;
    PageCache cache = new PageCache(perPage * 50);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] done = new Future<?>[4];
      for (int t = 0; t < done.length; t++) {
        long seed = t;
        done[t] =
            threads.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int i = 0; i < 20_000; i++) {
                    int p = random.nextInt(200);
                    ColumnVector cached = cache.get(first, 0, 0, p);
                    if (cached == null) {
                      cache.put(first, 0, 0, p, page(100, p * 1000L));
                    } else {
                      assertEquals(p * 1000L + 99, ((LongVector) cached).get(99));
                    }
                  }
                  return null;
                });
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    CacheStats stats = cache.stats();
    assertTrue(stats.bytes() <= perPage * 50, stats.toString());
    assertEquals(stats.pages() * perPage, stats.bytes());
    assertEquals(80_000, stats.hits() + stats.misses());
  }
}
