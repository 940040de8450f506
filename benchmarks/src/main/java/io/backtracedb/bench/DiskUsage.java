package io.backtracedb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a database directory holds on disk: every regular file's size, summed, and the part in
 * Parquet block files.
 */
record DiskUsage(long bytes, long blockBytes, int blockFiles, int files) {
  /** Sums the sizes of the files under {@code root}. */
  static DiskUsage of(Path root) throws IOException {
    long bytes = 0;
    long blockBytes = 0;
    int blockFiles = 0;
    int files = 0;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        long size = Files.size(path);
        bytes += size;
        files++;
        if (path.getFileName().toString().endsWith(".parquet")) {
          blockBytes += size;
          blockFiles++;
        }
      }
    }
    return new DiskUsage(bytes, blockBytes, blockFiles, files);
  }

  /** Deletes {@code root} and everything under it; nothing when it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : all) {
        Files.delete(path);
      }
    }
  }
}
