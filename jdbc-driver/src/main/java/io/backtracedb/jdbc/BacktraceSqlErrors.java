package io.backtracedb.jdbc;

import io.backtracedb.ConstraintViolationException;
import io.backtracedb.CorruptionException;
import io.backtracedb.DatabaseLockedException;
import io.backtracedb.DiskFullException;
import io.backtracedb.NoSuchTableException;
import io.backtracedb.StorageException;
import io.backtracedb.sql.QueryCanceledException;
import io.backtracedb.sql.SqlStateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Gives every failure that reaches a JDBC caller an SQLState (docs/sql.md lists them), keeping the
 * original error as the cause. Calcite and Avatica raise most SQL errors without a state; the cause
 * chain says what went wrong.
 */
public final class BacktraceSqlErrors {
  private static final Pattern UNKNOWN_TABLE =
      Pattern.compile("(Object|Table) '.*' not found.*|.*table '.*' does not exist.*");
  private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '.*' not found.*");
  private static final Pattern NOT_NULL = Pattern.compile(".*does not allow NULLs.*");
  private static final Pattern TYPE_MISMATCH =
      Pattern.compile(
          "(Cannot assign to target field|Cannot apply|.*type mismatch|.*incompatible).*");

  private BacktraceSqlErrors() {}

  /**
   * A JDBC operation whose failures {@link #translating} reports with an SQLState.
   *
   * @param <T> what the operation returns
   */
  @FunctionalInterface
  public interface JdbcCall<T> {
    /** Runs the operation. */
    T call() throws SQLException;
  }

  /**
   * Runs {@code call}, giving any failure an SQLState: SQLExceptions without one, runtime errors,
   * and the errors Calcite's generated code can raise for bad input (an assertion, an arithmetic
   * error in a static initializer, a stack overflow on a deeply nested expression).
   */
  public static <T> T translating(JdbcCall<T> call) throws SQLException {
    try {
      return call.call();
    } catch (SQLException e) {
      throw translate(e);
    } catch (RuntimeException
        | AssertionError
        | ExceptionInInitializerError
        | StackOverflowError e) {
      throw translate(e);
    }
  }

  /** The error for a JDBC feature this driver does not offer. */
  public static SQLException unsupported(String what) {
    return new SQLFeatureNotSupportedException(what + " is not supported", "0A000");
  }

  /** An engine error as an SQLException. */
  public static SQLException toSql(RuntimeException e) {
    return translate(e.getMessage(), e);
  }

  /**
   * {@code e} with an SQLState: an SQLException that has one is returned as it is; otherwise a new
   * one of the matching {@link SQLException} subclass, with {@code e}'s message and {@code e} as
   * the cause.
   */
  public static SQLException translate(Throwable e) {
    if (e instanceof SQLException sql && sql.getSQLState() != null) {
      return sql;
    }
    return translate(e.getMessage(), e);
  }

  private static SQLException translate(String message, Throwable e) {
    String state = stateOf(e);
    String text = message == null ? e.toString() : message;
    switch (state.substring(0, 2)) {
      case "42":
        return new SQLSyntaxErrorException(text, state, e);
      case "22":
        return new SQLDataException(text, state, e);
      case "23":
        return new SQLIntegrityConstraintViolationException(text, state, e);
      case "0A":
        return new SQLFeatureNotSupportedException(text, state, e);
      case "57":
        return timedOut(e)
            ? new SQLTimeoutException(text, state, e)
            : new SQLTransientException(text, state, e);
      default:
        return new SQLException(text, state, e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e;
        cause != null && cause.getCause() != cause;
        cause = cause.getCause()) {
      if (cause instanceof QueryCanceledException canceled) {
        return canceled.timedOut();
      }
    }
    return false;
  }

  /** The SQLState of the first error in {@code e}'s cause chain that says what went wrong. */
  static String stateOf(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String state = ownState(cause);
      if (state != null) {
        return state;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return "XX000";
  }

  private static String ownState(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof SQLException sql) {
      // Avatica's own check in ResultSet.next() raises this without a state.
      return sql.getSQLState() == null && message.equals("Statement canceled")
          ? "57014"
          : sql.getSQLState();
    } else if (e instanceof SqlStateException stated) {
      return stated.sqlState();
    } else if (e instanceof ConstraintViolationException violation) {
      return switch (violation.kind()) {
        case UNIQUE -> "23505";
        case OUT_OF_ORDER -> "23514";
        default -> "23502";
      };
    } else if (e instanceof NoSuchTableException) {
      return "42P01";
    } else if (e instanceof DatabaseLockedException) {
      return "08004";
    } else if (e instanceof DiskFullException) {
      return "53100";
    } else if (e instanceof CorruptionException) {
      return "XX001";
    } else if (e instanceof StorageException) {
      return "58030";
    } else if (e instanceof SqlParseException) {
      return "42000";
    } else if (e instanceof SqlValidatorException) {
      return validatorState(message);
    } else if (e instanceof ArithmeticException) {
      return message.contains("zero") ? "22012" : "22003";
    } else if (e instanceof NumberFormatException) {
      return "22018";
    } else if (e instanceof UnsupportedOperationException) {
      return "0A000";
    } else if (e instanceof IllegalArgumentException) {
      return "22000";
    } else if (e instanceof StackOverflowError) {
      return "54001";
    }
    return null;
  }

  private static String validatorState(String message) {
    if (UNKNOWN_TABLE.matcher(message).matches()) {
      return "42P01";
    } else if (UNKNOWN_COLUMN.matcher(message).matches()) {
      return "42703";
    } else if (NOT_NULL.matcher(message).matches()) {
      return "23502";
    } else if (TYPE_MISMATCH.matcher(message).matches()) {
      return "42804";
    }
    return "42000";
  }
}
