package io.backtracedb.block;

import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import io.backtracedb.column.ColumnVector;
import io.backtracedb.column.DoubleVector;
import io.backtracedb.column.LongVector;
import io.backtracedb.column.StringVector;
import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A stand-alone throughput harness for {@link BlockWriter}: writes the same block repeatedly and
 * prints the wall-clock and CPU time per write (median over the measured writes; the CPU time of
 * the writing thread is the steadier figure on a busy machine). Not a unit test; run it by hand:
 *
 * <pre>
 * mvn -o -q -pl core test-compile
 * mvn -o -q -pl core dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/core-cp.txt
 * java -Xmx4g -cp core/target/test-classes:core/target/classes:$(cat /tmp/core-cp.txt) \
 *     io.backtracedb.block.BlockWriterThroughput [--rows=1000000] [--warmup=5] [--reps=10] \
 *     [--dir=/dev/shm] [--codec=ZSTD,UNCOMPRESSED] [--layout=sorted,unsorted]
 * </pre>
 *
 * <p>The block has four columns: {@code ts TIMESTAMP NOT NULL}, {@code host VARCHAR} (1,000
 * distinct values), {@code value DOUBLE}, {@code count BIGINT}. "sorted" passes rows already in
 * time order ({@code order} null); "unsorted" holds the same rows in random positions and passes
 * the permutation that sorts them, as a flush of out-of-order ingest does. Both write the same
 * file.
 */
public final class BlockWriterThroughput {
  private static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.TIMESTAMP)
          .column("host", ColumnType.VARCHAR)
          .column("value", ColumnType.DOUBLE)
          .column("count", ColumnType.BIGINT)
          .build();

  private BlockWriterThroughput() {}

  public static void main(String[] args) throws IOException {
    int rows = Integer.parseInt(option(args, "rows", "1000000"));
    int warmup = Integer.parseInt(option(args, "warmup", "5"));
    int reps = Integer.parseInt(option(args, "reps", "10"));
    Path dir = Path.of(option(args, "dir", System.getProperty("java.io.tmpdir")));
    String[] codecs = option(args, "codec", "ZSTD,UNCOMPRESSED").split(",");
    String[] layouts = option(args, "layout", "sorted,unsorted").split(",");

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ColumnVector[] sorted = generate(rows, new Random(42));
    int[] shuffle = permutation(rows, new Random(43));
    ColumnVector[] unsorted = permute(sorted, shuffle);
    int[] order = new int[rows]; // order[i] = position of the i-th row in time order
    for (int position = 0; position < rows; position++) {
      order[shuffle[position]] = position;
    }

    System.out.printf(
        Locale.ROOT,
        "%d rows x %d columns, %d warm-up + %d measured writes, dir %s, java %s%n",
        rows,
        SCHEMA.size(),
        warmup,
        reps,
        dir,
        System.getProperty("java.version"));
    System.out.printf(
        Locale.ROOT,
        "%-13s %-9s %9s %9s %9s %12s %9s %12s %9s%n",
        "codec",
        "layout",
        "median ms",
        "min ms",
        "max ms",
        "rows/s",
        "cpu ms",
        "rows/cpu-s",
        "file MiB");
    for (String codecName : codecs) {
      BlockWriteOptions options =
          BlockWriteOptions.defaults()
              .withCodec(
                  BlockWriteOptions.Codec.valueOf(codecName.trim().toUpperCase(Locale.ROOT)));
      for (String layout : layouts) {
        boolean isSorted = layout.trim().equals("sorted");
        ColumnVector[] columns = isSorted ? sorted : unsorted;
        int[] rowOrder = isSorted ? null : order;
        long[] nanos = new long[reps];
        long[] cpuNanos = new long[reps];
        long bytes = 0;
        for (int i = 0; i < warmup + reps; i++) {
          Path file = dir.resolve("throughput-" + ProcessHandle.current().pid() + ".parquet");
          long cpuStart = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          WrittenBlock written =
              BlockWriter.write(
                  LocalFileIO.INSTANCE, file, SCHEMA, columns, rows, rowOrder, options);
          long elapsed = System.nanoTime() - start;
          long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
          bytes = written.bytes();
          Files.delete(file);
          if (i >= warmup) {
            nanos[i - warmup] = elapsed;
            cpuNanos[i - warmup] = cpu;
          }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpuNanos);
        double median = nanos[reps / 2] / 1e6;
        double cpuMedian = cpuNanos[reps / 2] / 1e6;
        System.out.printf(
            Locale.ROOT,
            "%-13s %-9s %9.1f %9.1f %9.1f %12.0f %9.1f %12.0f %9.2f%n",
            options.codec(),
            layout.trim(),
            median,
            nanos[0] / 1e6,
            nanos[reps - 1] / 1e6,
            rows / (median / 1e3),
            cpuMedian,
            rows / (cpuMedian / 1e3),
            bytes / 1048576.0);
      }
    }
  }

  /** Rows in time order: ~10 ms apart, 1,000 hosts, a random-walk price, a small counter. */
  private static ColumnVector[] generate(int rows, Random random) {
    LongVector ts = (LongVector) ColumnVector.create(ColumnType.TIMESTAMP, rows);
    StringVector host = (StringVector) ColumnVector.create(ColumnType.VARCHAR, rows);
    DoubleVector value = (DoubleVector) ColumnVector.create(ColumnType.DOUBLE, rows);
    LongVector count = (LongVector) ColumnVector.create(ColumnType.BIGINT, rows);
    String[] hosts = new String[1000];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "host-" + i + ".dc" + (i % 7) + ".example.com";
    }
    long time = 1_700_000_000_000L;
    double price = 100.0;
    for (int r = 0; r < rows; r++) {
      time += 5 + random.nextInt(10);
      price += (random.nextInt(201) - 100) / 100.0;
      ts.append(time);
      host.append(hosts[random.nextInt(hosts.length)]);
      value.append(Math.round(price * 100) / 100.0);
      count.append(random.nextInt(100_000));
    }
    return new ColumnVector[] {ts, host, value, count};
  }

  private static int[] permutation(int rows, Random random) {
    int[] permutation = new int[rows];
    for (int i = 0; i < rows; i++) {
      permutation[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    return permutation;
  }

  /** Vectors whose row {@code p} is row {@code shuffle[p]} of {@code columns}. */
  private static ColumnVector[] permute(ColumnVector[] columns, int[] shuffle) {
    ColumnVector[] result = new ColumnVector[columns.length];
    for (int c = 0; c < columns.length; c++) {
      result[c] = ColumnVector.create(columns[c].type(), shuffle.length);
      for (int row : shuffle) {
        result[c].appendFrom(columns[c], row);
      }
    }
    return result;
  }

  private static String option(String[] args, String name, String fallback) {
    String prefix = "--" + name + "=";
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        return arg.substring(prefix.length());
      }
    }
    return fallback;
  }
}
