package io.backtracedb.engine;

import java.util.List;

/**
 * Named places on the commit and flush paths where a crash-test child process can halt itself
 * abruptly (as SIGKILL would), chosen with {@code -Dbacktrace.crashpoint=<name>}. A no-op when the
 * property is not set.
 */
final class CrashPoints {
  /** The crash point chosen for this JVM, or null; read once. */
  private static final String ARMED = System.getProperty("backtrace.crashpoint");

  /** After a commit's WAL record is written, before it is synced. */
  static final String COMMIT_AFTER_WAL_WRITE = "commit.after-wal-write";

  /** After a commit's WAL record is synced, before its rows are visible. */
  static final String COMMIT_AFTER_WAL_SYNC = "commit.after-wal-sync";

  /** After a block's Parquet file is written and fsynced, before it is renamed into place. */
  static final String FLUSH_AFTER_WRITE = "flush.after-write";

  /** After the block file is renamed into place, before the manifest names it. */
  static final String FLUSH_BEFORE_MANIFEST = "flush.before-manifest";

  /** After the manifest names the new block, before WAL segments are released. */
  static final String FLUSH_AFTER_MANIFEST = "flush.after-manifest";

  /** After a compacted block is written, before the manifest replaces the old ones. */
  static final String COMPACT_BEFORE_MANIFEST = "compact.before-manifest";

  /** While an index is bulk-built, before its file is finished. */
  static final String INDEX_BUILD_BEFORE_FINISH = "index.build-before-finish";

  /** After an index took a new block's entries, before the tree is flushed clean. */
  static final String INDEX_APPLY_BEFORE_FLUSH = "index.apply-before-flush";

  /** Every crash point, in the order a commit, a flush and a compaction reach them. */
  static final List<String> ALL =
      List.of(
          COMMIT_AFTER_WAL_WRITE,
          COMMIT_AFTER_WAL_SYNC,
          FLUSH_AFTER_WRITE,
          FLUSH_BEFORE_MANIFEST,
          FLUSH_AFTER_MANIFEST,
          COMPACT_BEFORE_MANIFEST);

  /** The crash points of index builds and index maintenance (reached only by indexed tables). */
  static final List<String> INDEX = List.of(INDEX_BUILD_BEFORE_FINISH, INDEX_APPLY_BEFORE_FLUSH);

  private CrashPoints() {}

  /** Halts the JVM at once when {@code name} is the armed crash point. */
  @SuppressForbidden(reason = "a crash test needs the process to die without any cleanup")
  static void reach(String name) {
    if (ARMED != null && ARMED.equals(name)) {
      Runtime.getRuntime().halt(137);
    }
  }
}
