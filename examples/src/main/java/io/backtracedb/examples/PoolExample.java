package io.backtracedb.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** A HikariCP pool over one database: connections share its engine; each commits its own work. */
public final class PoolExample {
  private PoolExample() {}

  /** Runs the example in database directory {@code dir}; returns the rows counted at the end. */
  public static long run(Path dir, PrintStream out) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:backtrace:" + dir);
    config.setMaximumPoolSize(4);
    config.setAutoCommit(false);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS orders (id BIGINT NOT NULL, amount DOUBLE)");
        connection.commit();
      }
      for (long id = 1; id <= 5; id++) {
        try (Connection connection = pool.getConnection();
            PreparedStatement insert =
                connection.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
          insert.setLong(1, id);
          insert.setDouble(2, id * 9.99);
          insert.executeUpdate();
          if (id % 2 == 1) {
            connection.commit();
          } else {
            connection.rollback(); // even orders are abandoned
          }
        }
      }
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT count(*), sum(amount) FROM orders")) {
        rs.next();
        out.printf(Locale.ROOT, "%d orders, %.2f in total%n", rs.getLong(1), rs.getDouble(2));
        return rs.getLong(1);
      }
    }
  }

  /** Runs the example in {@code args[0]} (default {@code example-pool}). */
  public static void main(String[] args) throws SQLException {
    run(Path.of(args.length > 0 ? args[0] : "example-pool"), System.out);
  }
}
