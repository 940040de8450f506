package io.backtracedb.bench.micro;

import io.backtracedb.ColumnType;
import io.backtracedb.index.BTree;
import io.backtracedb.index.BTreeBuilder;
import io.backtracedb.index.BTreeOptions;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Writing a secondary index of 1M BIGINT keys (random, distinct, addresses 0..1M): the bulk build
 * from sorted entries against one insert per entry in random order, each into a new file, flushed
 * and closed (fsync included), with a page cache of a quarter of the index or all of it. Scores are
 * entries per second; {@code bytesPerEntry} is the file size over the entry count. Also point
 * lookups in the built index (lookups per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class BTreeBenchmark {
  private static final int ENTRIES = 1_000_000;

  /** Pages the cache holds: the default 8 MiB (a quarter of the index) or 64 MiB (all of it). */
  @Param({"1024", "8192"})
  public int cachePages;

  private BTreeOptions options;

  private Path dir;
  private long[] keys;
  private long[] sortedKeys;
  private BTree built;
  private int probe;

  /**
   * The index file's size per entry. JMH adds an event counter up over the measurement iterations,
   * so it is recorded in the first one only and the summary row shows the figure itself.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class FileSize {
    /** Bytes of the index file over its entries. */
    public double bytesPerEntry;

    private boolean measuring;
    private boolean recorded;

    /** Clears the counter and notes whether the coming iteration is measured. */
    @Setup(Level.Iteration)
    public void clear(IterationParams iteration) {
      bytesPerEntry = 0;
      measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    void record(Path path) throws IOException {
      if (measuring && !recorded) {
        bytesPerEntry = (double) Files.size(path) / ENTRIES;
        recorded = true;
      }
    }
  }

  /** Generates the keys and builds the index the lookups read. */
  @Setup(Level.Trial)
  public void generate() throws IOException {
    options = BTreeOptions.of("bench", ColumnType.BIGINT).withCachePages(cachePages);
    dir = Files.createTempDirectory("backtrace-btree-bench");
    SplittableRandom random = new SplittableRandom(42);
    keys = random.longs(ENTRIES * 11L / 10).distinct().limit(ENTRIES).toArray();
    sortedKeys = keys.clone();
    Arrays.sort(sortedKeys);
    built = bulkBuild(dir.resolve("lookups.btree"));
  }

  /** Sorted entries through the builder at a 0.9 fill factor. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void bulkBuild(FileSize size) throws IOException {
    Path path = fresh();
    bulkBuild(path).close();
    size.record(path);
  }

  /** The path for a new index, the last invocation's file deleted (a few microseconds). */
  private Path fresh() throws IOException {
    Path path = dir.resolve("bench.btree");
    Files.deleteIfExists(path);
    return path;
  }

  private BTree bulkBuild(Path path) throws IOException {
    try (BTreeBuilder builder = BTree.build(LocalFileIO.INSTANCE, path, options, 0.9)) {
      for (int i = 0; i < ENTRIES; i++) {
        builder.appendLong(sortedKeys[i], i);
      }
      return builder.finish(1);
    }
  }

  /** One insert per entry in random key order. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  @OperationsPerInvocation(ENTRIES)
  public void randomInserts(FileSize size) throws IOException {
    Path path = fresh();
    try (BTree tree = BTree.create(LocalFileIO.INSTANCE, path, options)) {
      for (int i = 0; i < ENTRIES; i++) {
        tree.insert(keys[i], i);
      }
      tree.flush(1);
    }
    size.record(path);
  }

  /** An exact-key lookup of a random existing key in the bulk-built index. */
  @Benchmark
  public long[] pointLookup() {
    probe = (probe + 7919) % ENTRIES;
    return built.lookup(keys[probe]);
  }

  /** Closes the lookup index and deletes the directory. */
  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    built.close();
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }
}
