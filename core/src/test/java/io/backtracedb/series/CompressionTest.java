package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes per sample on the {@code metrics} workload (1,000 hosts, one hour at 10 s), per kind of
 * metric and for the mix, counted from real chunk files. A sample is one value of one metric at one
 * time. Reports the figures and checks a loose upper bound; the target for the mix is 1.4.
 */
class CompressionTest {
  private static final int HOSTS = 1000;
  private static final int SCRAPES = 360;
  private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

  @TempDir Path dir;

  @Test
  void theMetricsMixCompressesToUnderTwoBytesPerSample() throws IOException {
    MetricsWorkload workload = new MetricsWorkload(42, START, SCRAPES);
    int kinds = MetricsWorkload.METRICS.length;
    long[] chunkBytesPerKind = new long[kinds];
    Path perMetricFile = dir.resolve("per-metric.chunks");
    Path perHostFile = dir.resolve("per-host.chunks");
    long perHostChunkBytes = 0;
    long perMetricFileBytes;
    long perHostFileBytes;
    try (ChunkFileWriter perMetric = ChunkFileWriter.create(LocalFileIO.INSTANCE, perMetricFile);
        ChunkFileWriter perHost = ChunkFileWriter.create(LocalFileIO.INSTANCE, perHostFile)) {
      for (int h = 0; h < HOSTS; h++) {
        MetricsWorkload.Host host = workload.host(h);
        // The Prometheus layout: every metric of every host is its own series.
        for (int m = 0; m < kinds; m++) {
          FieldType type = MetricsWorkload.IS_BIGINT[m] ? FieldType.BIGINT : FieldType.DOUBLE;
          ChunkWriter writer =
              new ChunkWriter(h * kinds + m, new FieldType[] {type}, ChunkLimits.DEFAULT);
          for (SealedChunk chunk : write(writer, host, new int[] {m})) {
            chunkBytesPerKind[m] += chunk.bytes().length;
            perMetric.append(chunk);
          }
        }
        // The series-table layout: one series per host, the metrics are its fields.
        FieldType[] fields = new FieldType[kinds];
        int[] all = new int[kinds];
        for (int m = 0; m < kinds; m++) {
          fields[m] = MetricsWorkload.IS_BIGINT[m] ? FieldType.BIGINT : FieldType.DOUBLE;
          all[m] = m;
        }
        for (SealedChunk chunk :
            write(new ChunkWriter(h, fields, ChunkLimits.DEFAULT), host, all)) {
          perHostChunkBytes += chunk.bytes().length;
          perHost.append(chunk);
        }
      }
      perMetricFileBytes = perMetric.publish();
      perHostFileBytes = perHost.publish();
    }
    double samplesPerKind = (double) HOSTS * SCRAPES;
    double samples = samplesPerKind * kinds;
    StringBuilder report =
        new StringBuilder(
            "bytes per sample, metrics workload ("
                + HOSTS
                + " hosts x "
                + SCRAPES
                + " scrapes, chunks of 120):\n");
    long chunkBytesAll = 0;
    for (int m = 0; m < kinds; m++) {
      chunkBytesAll += chunkBytesPerKind[m];
      report.append(
          String.format(
              Locale.ROOT,
              "  %-15s %.3f%n",
              MetricsWorkload.METRICS[m],
              chunkBytesPerKind[m] / samplesPerKind));
    }
    double perMetricMix = chunkBytesAll / samples;
    double perMetricFileMix = perMetricFileBytes / samples;
    double perHostMix = perHostChunkBytes / samples;
    double perHostFileMix = perHostFileBytes / samples;
    report.append(
        String.format(
            Locale.ROOT,
            "  mix, one series per metric: %.3f (chunk file with index: %.3f)%n",
            perMetricMix,
            perMetricFileMix));
    report.append(
        String.format(
            Locale.ROOT,
            "  mix, one series per host with 6 fields: %.3f (chunk file with index: %.3f)%n",
            perHostMix,
            perHostFileMix));
    System.out.print(report);

    try (ChunkFileReader reader = ChunkFileReader.open(LocalFileIO.INSTANCE, perHostFile)) {
      assertEquals(HOSTS * 3, reader.chunkCount(), "three chunks of 120 per host");
    }
    assertTrue(perHostFileMix <= 2.0, report.toString());
    assertTrue(perMetricMix <= 2.0, report.toString());
    // up never changes: timestamps dominate; the random walk is the worst case.
    assertTrue(chunkBytesPerKind[4] < chunkBytesPerKind[2], report.toString());
    assertTrue(chunkBytesPerKind[2] < chunkBytesPerKind[5], report.toString());
  }

  private static List<SealedChunk> write(
      ChunkWriter writer, MetricsWorkload.Host host, int[] metrics) {
    List<SealedChunk> chunks = new ArrayList<>();
    long[] times = host.timestamps();
    for (int i = 0; i < times.length; i++) {
      if (!writer.canAppend(times[i])) {
        chunks.add(writer.seal());
      }
      writer.append(times[i]);
      for (int f = 0; f < metrics.length; f++) {
        int m = metrics[f];
        if (MetricsWorkload.IS_BIGINT[m]) {
          writer.setLong(f, host.values()[m][i]);
        } else {
          writer.setDouble(f, host.doubleValue(m, i));
        }
      }
    }
    chunks.add(writer.seal());
    return chunks;
  }
}
