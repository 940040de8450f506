package io.backtracedb.jdbc;

import io.backtracedb.sql.TimestampCasts;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * Calcite's statement preparation with BacktraceDB's convertlets ({@link TimestampCasts}: a cast of
 * a TIMESTAMP to a string keeps its milliseconds).
 */
final class BacktracePrepare extends CalcitePrepareImpl {
  @Override
  protected SqlRexConvertletTable createConvertletTable() {
    return TimestampCasts.INSTANCE;
  }
}
