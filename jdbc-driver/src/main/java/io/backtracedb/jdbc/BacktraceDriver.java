package io.backtracedb.jdbc;

import io.backtracedb.Durability;
import io.backtracedb.sql.BacktraceSchema;
import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import io.backtracedb.sql.parser.BacktraceSqlParser;
import io.backtracedb.sql.sys.SysSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.BacktraceConnection;
import org.apache.calcite.jdbc.BacktraceMetaImpl;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The JDBC driver for {@code jdbc:backtrace:<path>[;key=value...]} and {@code
 * jdbc:backtrace:mem:<name>}. A Calcite driver whose connections open (or share) the database and
 * make its tables the default schema {@code main}. Registered through {@code
 * META-INF/services/java.sql.Driver}.
 */
public final class BacktraceDriver extends Driver {
  /** The schema that holds the database's tables. */
  public static final String SCHEMA = "main";

  /** The connection being opened on this thread, handed to {@link #createMeta}. */
  private static final ThreadLocal<DatabaseRegistry.Handle> OPENING = new ThreadLocal<>();

  /** Calcite's cache of compiled statements by generated code; off unless this is set. */
  static final String BINDABLE_CACHE_SIZE = "calcite.bindable.cache.maxSize";

  static {
    // Statements whose generated code is the same (those differing only in names or in literals
    // the plan cache could not lift) then skip compiling it again. Calcite reads the property
    // once, when its first query runs; a value the application set wins.
    if (System.getProperty(BINDABLE_CACHE_SIZE) == null) {
      System.setProperty(BINDABLE_CACHE_SIZE, "1000");
    }
    new BacktraceDriver().register();
  }

  /** A driver; {@link java.sql.DriverManager} creates one through the service file. */
  public BacktraceDriver() {
    super();
  }

  /** Calcite's preparation with BacktraceDB's convertlets. */
  @Override
  public CalcitePrepare createPrepare() {
    return new BacktracePrepare();
  }

  @Override
  protected String getConnectStringPrefix() {
    return BacktraceUrl.PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion(
        "BacktraceDB JDBC Driver", "0.1.0", "BacktraceDB", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !url.startsWith(BacktraceUrl.PREFIX)) {
      return null;
    }
    BacktraceUrl parsed = BacktraceUrl.parse(url, info);
    DatabaseRegistry.Handle handle = DatabaseRegistry.acquire(parsed);
    Connection connection;
    OPENING.set(handle);
    try {
      // BacktraceDB's parser (with DDL) and identifier rules: standard double quotes, unquoted
      // names folded to lower case, case-insensitive matching (see BacktraceSqlParser).
      Properties calcite = BacktraceSqlParser.connectionProperties();
      connection = super.connect(BacktraceUrl.PREFIX, calcite);
    } catch (SQLException | RuntimeException e) {
      handle.release();
      throw e;
    } finally {
      OPENING.remove();
    }
    CalciteConnection calciteConnection = connection.unwrap(CalciteConnection.class);
    SchemaPlus schema =
        calciteConnection.getRootSchema().add(SCHEMA, new BacktraceSchema(handle.database()));
    schema.setCacheEnabled(false);
    calciteConnection
        .getRootSchema()
        .add("sys", new SysSchema(handle.database()))
        .setCacheEnabled(false);
    calciteConnection.setSchema(SCHEMA);
    BacktraceSession session = new BacktraceSession(handle.database());
    Durability durability = parsed.durability();
    if (durability != null) {
      try {
        session.setDurability(durability);
      } catch (IllegalArgumentException e) {
        connection.close();
        throw new SQLException("cannot connect to " + url + ": " + e.getMessage(), "08001", e);
      }
    }
    BacktraceSessions.register(connection, session);
    BacktraceConnection.recordUrl(connection, url.replaceAll("(?i);\\s*password\\s*=[^;]*", ""));
    connection.setAutoCommit(true);
    return connection;
  }

  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return "org.apache.calcite.jdbc.BacktraceJdbcFactory";
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new BacktraceMetaImpl(connection, OPENING.get()::release);
  }
}
