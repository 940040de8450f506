package io.backtracedb.bench;

import io.questdb.cairo.CairoConfiguration;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.ColumnType;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.BindVariableService;
import io.questdb.cairo.sql.InsertMethod;
import io.questdb.cairo.sql.InsertOperation;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.CompiledQuery;
import io.questdb.griffin.SqlCompiler;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.mp.WorkerPool;
import io.questdb.mp.WorkerPoolUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link TradesSession} over QuestDB's embedded engine: a {@code CairoEngine} on the directory, a
 * pool of query workers for its parallel scans, statements compiled by its SQL compiler (a new
 * compilation per query, as its HTTP and PostgreSQL endpoints do without their caches), lookups
 * compiled once with a bind variable, and W1 through a compiled INSERT. Each prepared statement
 * gets its own execution context, so that bind variables never mix.
 */
final class QuestDbSession implements TradesSession {
  /** Query workers: one per core of the benchmark machine, as the baseline ran QuestDB. */
  static final int WORKERS = 2;

  /** QuestDB reads the logging configuration named by this system property at its first log. */
  private static final String LOG_CONFIG_PROPERTY = "out";

  private static final String LOG_CONFIG = "/io/backtracedb/bench/questdb-log.conf";

  private final CairoConfiguration configuration;
  private final CairoEngine engine;
  private final WorkerPool pool;
  private final SqlExecutionContextImpl context;

  private QuestDbSession(CairoConfiguration configuration, CairoEngine engine, WorkerPool pool) {
    this.configuration = configuration;
    this.engine = engine;
    this.pool = pool;
    this.context = newContext();
  }

  /** Opens (creating if needed) the database in {@code dir} and starts the query workers. */
  static QuestDbSession open(Path dir) throws IOException {
    if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
      System.setProperty(LOG_CONFIG_PROPERTY, LOG_CONFIG);
    }
    Files.createDirectories(dir);
    CairoConfiguration configuration =
        new DefaultCairoConfiguration(dir.toAbsolutePath().toString());
    CairoEngine engine = new CairoEngine(configuration);
    WorkerPool pool = null;
    try {
      pool = new WorkerPool(() -> WORKERS);
      WorkerPoolUtils.setupQueryJobs(pool, engine);
      pool.start(null);
      return new QuestDbSession(configuration, engine, pool);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.halt();
      }
      engine.close();
      throw e;
    }
  }

  private SqlExecutionContextImpl newContext() {
    return new SqlExecutionContextImpl(engine, WORKERS)
        .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(configuration));
  }

  @Override
  public void execute(String sql) throws SqlException {
    engine.execute(sql, context);
  }

  /** W1 through a compiled {@code INSERT ... VALUES ($1, ...)}: bind, execute, commit per batch. */
  @Override
  public Inserter prepareInsert(TradesData data) throws SqlException {
    boolean orderIds = data.hasOrderIds();
    SqlExecutionContextImpl insertContext = newContext();
    BindVariableService bind = insertContext.getBindVariableService();
    InsertOperation operation;
    try (SqlCompiler compiler = engine.getSqlCompiler()) {
      CompiledQuery compiled =
          compiler.compile(
              "INSERT INTO trades VALUES ($1, $2, $3, $4" + (orderIds ? ", $5" : "") + ")",
              insertContext);
      operation = compiled.popInsertOperation();
    }
    InsertMethod method;
    try {
      method = operation.createMethod(insertContext);
    } catch (SqlException | RuntimeException e) {
      operation.close();
      throw e;
    }
    return new Inserter() {
      @Override
      public void append(int row) throws SqlException {
        bind.setTimestamp(0, data.ts(row));
        bind.setStr(1, data.symbol(row));
        bind.setDouble(2, data.price(row));
        bind.setLong(3, data.qty(row));
        if (orderIds) {
          bind.setLong(4, data.orderId(row));
        }
        method.execute(insertContext);
      }

      @Override
      public void commit() {
        method.commit();
      }

      @Override
      public void close() {
        try {
          method.close();
        } finally {
          operation.close();
        }
      }
    };
  }

  /** The native bulk path: rows straight into the table's {@code TableWriter}. */
  Inserter openWriter(TradesData data) {
    TableToken token = engine.getTableTokenIfExists(TimeVariant.TABLE);
    TableWriter writer = engine.getWriter(token, "benchmark");
    boolean orderIds = data.hasOrderIds();
    return new Inserter() {
      @Override
      public void append(int row) {
        TableWriter.Row r = writer.newRow(data.ts(row));
        r.putSym(1, data.symbol(row));
        r.putDouble(2, data.price(row));
        r.putLong(3, data.qty(row));
        if (orderIds) {
          r.putLong(4, data.orderId(row));
        }
        r.append();
      }

      @Override
      public void commit() {
        writer.commit();
      }

      @Override
      public void close() {
        try {
          writer.close();
        } finally {
          QuestDbSession.this.close();
        }
      }
    };
  }

  @Override
  public long count() throws SqlException {
    long[] count = new long[1];
    query(
        "SELECT count(*) FROM trades",
        rows -> {
          ChildTask.check(rows.next(), "count(*) returned no row");
          count[0] = rows.getLong(1);
        });
    return count[0];
  }

  @Override
  public void query(String sql, Rows.Check check) throws SqlException {
    try (RecordCursorFactory factory = engine.select(sql, context);
        RecordCursor cursor = factory.getCursor(context)) {
      check.accept(new QuestDbRows(cursor, factory.getMetadata()));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading QuestDB's rows cannot fail: " + sql, e);
    }
  }

  @Override
  public String plan(String sql) throws SqlException {
    StringBuilder plan = new StringBuilder();
    try (RecordCursorFactory factory = engine.select("EXPLAIN " + sql, context);
        RecordCursor cursor = factory.getCursor(context)) {
      QuestDbRows rows = new QuestDbRows(cursor, factory.getMetadata());
      int columns = factory.getMetadata().getColumnCount();
      while (rows.next()) {
        for (int c = 1; c <= columns; c++) {
          plan.append(c == 1 ? "" : " ").append(rows.getString(c));
        }
        plan.append('\n');
      }
    }
    return plan.toString();
  }

  @Override
  public Lookup prepare(String sql) throws SqlException {
    SqlExecutionContextImpl lookupContext = newContext();
    BindVariableService bind = lookupContext.getBindVariableService();
    RecordCursorFactory factory;
    try (SqlCompiler compiler = engine.getSqlCompiler()) {
      factory = compiler.compile(sql, lookupContext).getRecordCursorFactory();
    }
    boolean timestamp = ColumnType.isTimestamp(bind.getFunction(0).getType());
    return new Lookup() {
      @Override
      public void run(long key, Rows.Check check) throws SqlException {
        if (timestamp) {
          bind.setTimestamp(0, key);
        } else {
          bind.setLong(0, key);
        }
        try (RecordCursor cursor = factory.getCursor(lookupContext)) {
          check.accept(new QuestDbRows(cursor, factory.getMetadata()));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException("reading QuestDB's rows cannot fail: " + sql, e);
        }
      }

      @Override
      public void close() {
        factory.close();
      }
    };
  }

  /** Stops the workers, then closes the engine (which closes the table files). */
  @Override
  public void close() {
    try {
      pool.halt();
    } finally {
      engine.close();
    }
  }
}
