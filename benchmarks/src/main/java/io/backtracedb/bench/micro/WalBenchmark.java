package io.backtracedb.bench.micro;

import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import io.backtracedb.io.LocalFileIO;
import io.backtracedb.wal.Wal;
import io.backtracedb.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WAL appends of one record (a commit's payload) with and without a sync, and group commit: four
 * threads appending and syncing, sharing forces. The payload sizes bracket a single-row commit and
 * a 10,000-row trades commit (about 270 KB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalBenchmark {
  /** Durability of the log: SYNC forces in {@code sync}, NONE never forces. */
  @Param({"SYNC", "NONE"})
  public String durability;

  /** Bytes per record payload. */
  @Param({"64", "270000"})
  public int payloadBytes;

  private Path dir;
  private Wal wal;
  private ByteBuffer payload;

  /** Opens a fresh log in a temporary directory. */
  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("backtrace-wal-bench");
    WalOptions options = WalOptions.defaults().withDurability(Durability.valueOf(durability));
    wal = Wal.open(LocalFileIO.INSTANCE, dir, options, RecoveryMode.STRICT, 0, (lsn, p) -> {});
    byte[] bytes = new byte[payloadBytes];
    new SplittableRandom(TradesColumns.SEED).nextBytes(bytes);
    payload = ByteBuffer.wrap(bytes);
  }

  /** Deletes sealed segments so that long runs do not fill the disk. */
  @TearDown(Level.Iteration)
  public void release() {
    wal.releaseUpTo(wal.lastLsn());
  }

  /** Closes the log and deletes its directory. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    wal.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** One append, no sync: the write path alone. */
  @Benchmark
  public long append() {
    return wal.append(payload);
  }

  /** One append and its sync, from one thread: a force per record in SYNC mode. */
  @Benchmark
  public long appendAndSync() {
    long lsn = wal.append(payload);
    wal.sync(lsn);
    return lsn;
  }

  /** Four threads appending and syncing: concurrent commits share forces. */
  @Benchmark
  @Group("groupCommit")
  @GroupThreads(4)
  public long groupCommit() {
    long lsn = wal.append(payload);
    wal.sync(lsn);
    return lsn;
  }
}
