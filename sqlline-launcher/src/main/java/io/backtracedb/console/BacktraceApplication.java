package io.backtracedb.console;

import java.util.Collection;
import java.util.List;
import sqlline.Application;
import sqlline.BuiltInProperty;
import sqlline.SqlLine;
import sqlline.SqlLineOpts;

/**
 * SQLLine configured for BacktraceDB: the {@code backtrace> } prompt, only the BacktraceDB driver,
 * {@code jdbc:backtrace:} URL examples for {@code !connect}, and a title naming the database.
 * SQLLine instantiates it by name ({@code -ac}).
 */
public final class BacktraceApplication extends Application {
  /** The prompt while connected, unless the user's SQLLine properties choose another. */
  static final String PROMPT = "backtrace> ";

  /** The driver SQLLine may use. */
  static final String DRIVER = "io.backtracedb.jdbc.BacktraceDriver";

  /** The application SQLLine creates through {@code -ac}. */
  public BacktraceApplication() {
    super();
  }

  @Override
  public String getInfoMessage() {
    return "BacktraceDB console on "
        + getVersion()
        + ". !tables lists tables, !help lists commands, !quit leaves.";
  }

  @Override
  public List<String> allowedDrivers() {
    return List.of(DRIVER);
  }

  @Override
  public Collection<String> getConnectionUrlExamples() {
    return List.of(
        "jdbc:backtrace:<directory>",
        "jdbc:backtrace:<directory>;durability=async",
        "jdbc:backtrace:mem:<name>");
  }

  /**
   * Keeps the options SQLLine parsed from its arguments and the user's properties file (the default
   * implementation would reset them) and fills in BacktraceDB's defaults where nothing was chosen.
   */
  @Override
  public SqlLineOpts getOpts(SqlLine sqlLine) {
    SqlLineOpts opts = sqlLine.getOpts();
    setIfDefault(opts, BuiltInProperty.PROMPT, PROMPT);
    // Reads see committed rows (DatabaseMetaData reports read committed); asking for anything else
    // would make SQLLine print a warning.
    setIfDefault(opts, BuiltInProperty.ISOLATION, "TRANSACTION_READ_COMMITTED");
    // The database has no users: never ask for a name or password.
    setIfDefault(opts, BuiltInProperty.CONNECT_INTERACTION_MODE, "notAskCredentials");
    return opts;
  }

  private static void setIfDefault(SqlLineOpts opts, BuiltInProperty property, String value) {
    if (opts.isDefault(property)) {
      opts.set(property, value);
    }
  }
}
