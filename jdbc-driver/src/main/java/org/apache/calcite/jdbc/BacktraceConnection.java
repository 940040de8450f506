package org.apache.calcite.jdbc;

import static io.backtracedb.jdbc.BacktraceSqlErrors.translating;

import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;

/**
 * A Calcite connection with JDBC savepoints backed by the connection's {@link BacktraceSession},
 * and SQLStates on the errors of preparing, committing and rolling back. It lives in Calcite's
 * package because it extends the package-private connection class.
 */
public final class BacktraceConnection extends CalciteConnectionImpl {
  private final AtomicInteger savepointIds = new AtomicInteger();
  private volatile String originalUrl;

  BacktraceConnection(
      Driver driver,
      AvaticaFactory factory,
      String url,
      Properties info,
      CalciteSchema rootSchema,
      JavaTypeFactory typeFactory) {
    super(driver, factory, url, info, rootSchema, typeFactory);
  }

  /** The URL the application connected with (Calcite sees only the driver's prefix). */
  String originalUrl() {
    return originalUrl;
  }

  /** Records the URL the application connected with; called once by the driver. */
  public static void recordUrl(java.sql.Connection connection, String url) throws SQLException {
    connection.unwrap(BacktraceConnection.class).originalUrl = url;
  }

  /** The context of one execution: {@link ExecutionContext}, which makes variables on demand. */
  @Override
  public DataContext createDataContext(
      Map<String, Object> parameterValues, CalciteSchema rootSchema) {
    if (config().spark()) {
      return super.createDataContext(parameterValues, rootSchema);
    }
    return new ExecutionContext(this, parameterValues, rootSchema);
  }

  /**
   * The session time zone from the connection's properties, resolved once (empty: the JVM's
   * default, which may change and is asked for each time); see below.
   */
  private volatile Optional<TimeZone> namedZone;

  /**
   * The session time zone. Calcite asks for it on every execution and Avatica parses the
   * connection's properties each time, which costs more than a point lookup's reads; the properties
   * cannot change after connecting (client info is refused), so the zone is resolved once. A
   * TimeZone can be changed, so each caller gets its own copy.
   */
  @Override
  public TimeZone getTimeZone() {
    Optional<TimeZone> zone = namedZone;
    if (zone == null) {
      zone = Optional.ofNullable(config().timeZone()).map(TimeZone::getTimeZone);
      namedZone = zone;
    }
    return zone.isPresent() ? (TimeZone) zone.get().clone() : TimeZone.getDefault();
  }

  /** The connection's configuration, read once; see {@link SettledConfig}. */
  private volatile CalciteConnectionConfig settledConfig;

  /**
   * The connection's configuration. Calcite asks for it several times per execution and Avatica
   * parses the properties on each question; the properties cannot change after connecting, so one
   * configuration that answers the per-execution questions from fields serves every execution.
   */
  @Override
  public CalciteConnectionConfig config() {
    CalciteConnectionConfig config = settledConfig;
    if (config == null) {
      config = new SettledConfig(info);
      settledConfig = config;
    }
    return config;
  }

  /** Calcite's configuration with the values every execution reads parsed once. */
  private static final class SettledConfig extends CalciteConnectionConfigImpl {
    private final boolean spark;
    private final boolean autoTemp;
    private final String locale;

    SettledConfig(Properties properties) {
      super(properties);
      this.spark = super.spark();
      this.autoTemp = super.autoTemp();
      this.locale = super.locale();
    }

    @Override
    public boolean spark() {
      return spark;
    }

    @Override
    public boolean autoTemp() {
      return autoTemp;
    }

    @Override
    public String locale() {
      return locale;
    }
  }

  /** This connection's plan cache of literal statements. */
  BacktracePlanCache plans() {
    return ((BacktraceMetaImpl) meta).plans();
  }

  /** The statement object of {@code handle}. */
  AvaticaStatement statementOf(Meta.StatementHandle handle) throws SQLException {
    return lookupStatement(handle);
  }

  private BacktraceSession session() throws SQLException {
    BacktraceSession session = BacktraceSessions.of(this);
    if (session == null) {
      throw new SQLException("connection is not attached to a BacktraceDB database", "08003");
    }
    return session;
  }

  private void requireTransaction() throws SQLException {
    if (getAutoCommit()) {
      throw new SQLException("savepoints need autocommit off", "25000");
    }
  }

  @Override
  public CalcitePreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return translating(
        () ->
            super.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    BacktraceStatement.requireNoGeneratedKeys(autoGeneratedKeys);
    return prepareStatement(sql);
  }

  @Override
  public void commit() throws SQLException {
    translating(
        () -> {
          super.commit();
          return null;
        });
  }

  @Override
  public void rollback() throws SQLException {
    translating(
        () -> {
          super.rollback();
          return null;
        });
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    translating(
        () -> {
          super.setAutoCommit(autoCommit);
          return null;
        });
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return setSavepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    requireTransaction();
    BacktraceSavepoint savepoint = new BacktraceSavepoint(savepointIds.incrementAndGet(), name);
    session().savepoint(savepoint);
    return savepoint;
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    requireTransaction();
    try {
      session().rollbackTo(savepoint);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "3B001", e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    try {
      session().release(savepoint);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "3B001", e);
    }
  }

  /**
   * A savepoint: named or numbered.
   *
   * @param id the savepoint's number in its connection
   * @param name its name, or null for an unnamed savepoint
   */
  record BacktraceSavepoint(int id, String name) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
      if (name != null) {
        throw new SQLException("savepoint '" + name + "' is named", "3B001");
      }
      return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
      if (name == null) {
        throw new SQLException("savepoint " + id + " has no name", "3B001");
      }
      return name;
    }
  }
}
