package io.backtracedb.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A JDBC client that knows only {@code java.sql}: run in a JVM whose class path is the single-jar
 * driver plus this class, it finds the driver through the service file, writes and reads a table,
 * and records what it read in the file named by its second argument.
 */
public final class SingleJarClient {
  private SingleJarClient() {}

  /** {@code args}: the database directory, the file to write the answer to. */
  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:backtrace:" + args[0]);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (ts TIMESTAMP NOT NULL, v DOUBLE) WITH (time_column = 'ts')");
      statement.execute(
          "INSERT INTO t VALUES (TIMESTAMP '2024-01-01 00:00:00', 1.5),"
              + " (TIMESTAMP '2024-01-01 00:00:01', 2.5)");
      try (ResultSet rs = statement.executeQuery("SELECT count(*), sum(v) FROM t")) {
        rs.next();
        String answer =
            connection.getMetaData().getDatabaseProductName()
                + " "
                + rs.getLong(1)
                + " "
                + rs.getDouble(2);
        Files.writeString(Path.of(args[1]), answer, StandardCharsets.UTF_8);
      }
    }
  }
}
