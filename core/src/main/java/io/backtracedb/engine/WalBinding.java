package io.backtracedb.engine;

import io.backtracedb.DatabaseOptions;
import io.backtracedb.wal.RecordConsumer;
import io.backtracedb.wal.RecoveryReport;
import io.backtracedb.wal.Wal;
import io.backtracedb.wal.WalOptions;

/** Opens the engine's WAL with the database options and logs what recovery had to repair. */
final class WalBinding {
  private static final System.Logger LOG = System.getLogger(WalBinding.class.getName());

  private WalBinding() {}

  static Wal open(Engine engine, long replayAfterLsn, RecordConsumer consumer) {
    DatabaseOptions options = engine.options;
    WalOptions walOptions =
        new WalOptions(options.durability(), options.syncInterval(), options.walSegmentBytes());
    Wal wal =
        Wal.open(
            engine.io,
            engine.directory.resolve("wal"),
            walOptions,
            options.recoveryMode(),
            replayAfterLsn,
            consumer);
    RecoveryReport report = wal.recoveryReport();
    if (!report.clean()) {
      LOG.log(System.Logger.Level.WARNING, "database " + engine.directory + ": " + report);
    }
    return wal;
  }
}
