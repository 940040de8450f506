package io.backtracedb.sql.ddl;

import io.backtracedb.sql.parser.BacktraceSqlParserImpl;
import java.io.Reader;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

/** The generated BacktraceDB parser, paired with the executor that runs its DDL. */
public final class BacktraceParserFactory implements SqlParserImplFactory {
  /** The factory a connection names in its {@code parserFactory} property. */
  public static final BacktraceParserFactory INSTANCE = new BacktraceParserFactory();

  private BacktraceParserFactory() {}

  @Override
  public SqlAbstractParserImpl getParser(Reader stream) {
    return BacktraceSqlParserImpl.FACTORY.getParser(stream);
  }

  @Override
  public DdlExecutor getDdlExecutor() {
    return BacktraceDdlExecutor.INSTANCE;
  }
}
