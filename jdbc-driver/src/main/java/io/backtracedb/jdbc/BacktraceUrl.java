package io.backtracedb.jdbc;

import io.backtracedb.DatabaseOptions;
import io.backtracedb.Durability;
import io.backtracedb.RecoveryMode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A parsed {@code jdbc:backtrace:<path>[;key=value...]} URL merged with connection properties (URL
 * keys win). Unknown keys are an error that lists the valid ones.
 *
 * @param path the database directory, or null for an in-memory database
 * @param memoryName the name of an in-memory database ({@code jdbc:backtrace:mem:<name>}), or null
 * @param properties the BacktraceDB properties, keys in lower case
 */
record BacktraceUrl(Path path, String memoryName, Map<String, String> properties) {
  /** The URL prefix. */
  static final String PREFIX = "jdbc:backtrace:";

  /** Keys a URL or the properties may set. */
  static final Set<String> KEYS =
      Set.of(
          "durability",
          "wal.sync_interval",
          "wal.segment_bytes",
          "recovery",
          "cache.page_bytes",
          "index.preload_bytes",
          "user",
          "password");

  /** Parses {@code url} (which starts with {@link #PREFIX}) and {@code info}. */
  static BacktraceUrl parse(String url, Properties info) throws SQLException {
    String rest = url.substring(PREFIX.length());
    String[] parts = rest.split(";");
    String location = parts[0].trim();
    if (location.isEmpty()) {
      throw new SQLException(
          "the URL names no database: use jdbc:backtrace:<path> or jdbc:backtrace:mem:<name>",
          "08001");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        properties.put(name.toLowerCase(Locale.ROOT), info.getProperty(name));
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      int equals = part.indexOf('=');
      if (equals <= 0) {
        throw new SQLException(
            "malformed URL property '" + part + "': expected key=value", "08001");
      }
      properties.put(
          part.substring(0, equals).trim().toLowerCase(Locale.ROOT),
          part.substring(equals + 1).trim());
    }
    for (String key : properties.keySet()) {
      if (!KEYS.contains(key)) {
        throw new SQLException(
            "unknown connection property '"
                + key
                + "'; valid properties are "
                + new java.util.TreeSet<>(KEYS),
            "08001");
      }
    }
    if (location.startsWith("mem:")) {
      return new BacktraceUrl(null, location.substring(4), properties);
    }
    return new BacktraceUrl(Path.of(location).toAbsolutePath().normalize(), null, properties);
  }

  /** The durability the connection asked for, or null when it left it to the database. */
  Durability durability() throws SQLException {
    String durability = properties.get("durability");
    try {
      return durability == null ? null : Durability.parse(durability);
    } catch (IllegalArgumentException e) {
      throw new SQLException("invalid connection property: " + e.getMessage(), "08001", e);
    }
  }

  /** The database options the properties describe. */
  DatabaseOptions options() throws SQLException {
    DatabaseOptions options = DatabaseOptions.defaults();
    try {
      String durability = properties.get("durability");
      if (durability != null) {
        options = options.withDurability(Durability.parse(durability));
      }
      String interval = properties.get("wal.sync_interval");
      if (interval != null) {
        options = options.withSyncInterval(Duration.ofMillis(Long.parseLong(interval)));
      }
      String segment = properties.get("wal.segment_bytes");
      if (segment != null) {
        options = options.withWalSegmentBytes(Long.parseLong(segment));
      }
      String pageBytes = properties.get("cache.page_bytes");
      if (pageBytes != null) {
        options = options.withPageCacheBytes(Long.parseLong(pageBytes));
      }
      String preload = properties.get("index.preload_bytes");
      if (preload != null) {
        options = options.withIndexPreloadBytes(Long.parseLong(preload));
      }
      String recovery = properties.get("recovery");
      if (recovery != null) {
        options = options.withRecoveryMode(RecoveryMode.valueOf(recovery.toUpperCase(Locale.ROOT)));
      }
    } catch (IllegalArgumentException e) {
      throw new SQLException("invalid connection property: " + e.getMessage(), "08001", e);
    }
    return options;
  }
}
