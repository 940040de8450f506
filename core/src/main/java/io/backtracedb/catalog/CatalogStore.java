package io.backtracedb.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.TableOptions;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and atomically replaces {@code <db>/catalog.json} (format: docs/format/catalog.md). */
public final class CatalogStore {
  /** The catalog's file name inside the database directory. */
  public static final String FILE_NAME = "catalog.json";

  static final String FORMAT = "backtracedb.catalog";
  static final int VERSION = 1;

  private final FileIO io;
  private final Path file;

  /** A store for the catalog of the database in {@code directory}. */
  public CatalogStore(FileIO io, Path directory) {
    this.io = io;
    this.file = directory.resolve(FILE_NAME);
  }

  /** The catalog file. */
  public Path file() {
    return file;
  }

  /** The stored catalog, or an empty one when the database is new. */
  public Catalog read() throws IOException {
    if (!io.exists(file)) {
      return Catalog.empty();
    }
    JsonNode body = JsonEnvelope.unwrap(file, io.readAllBytes(file), FORMAT, VERSION);
    try {
      List<TableEntry> tables = new ArrayList<>();
      for (JsonNode table : body.get("tables")) {
        tables.add(readTable(table));
      }
      return new Catalog(body.get("nextTableId").asLong(), tables);
    } catch (RuntimeException e) {
      if (e instanceof CorruptionException corruption) {
        throw corruption;
      }
      throw new CorruptionException(file, -1, "catalog content is invalid: " + e.getMessage(), e);
    }
  }

  /** Replaces the stored catalog with {@code catalog}. */
  public void write(Catalog catalog) throws IOException {
    ObjectNode body = JsonEnvelope.MAPPER.createObjectNode();
    body.put("nextTableId", catalog.nextTableId());
    ArrayNode tables = body.putArray("tables");
    for (TableEntry table : catalog.tables().values()) {
      ObjectNode node = tables.addObject();
      node.put("id", table.id());
      node.put("name", table.name());
      ArrayNode columns = node.putArray("columns");
      for (Column column : table.schema().columns()) {
        columns
            .addObject()
            .put("name", column.name())
            .put("type", column.type().name())
            .put("nullable", column.nullable());
      }
      ObjectNode options = node.putObject("options");
      table.options().toMap().forEach(options::put);
      if (!table.indexes().isEmpty()) {
        ArrayNode indexes = node.putArray("indexes");
        for (IndexEntry index : table.indexes()) {
          ObjectNode entry =
              indexes
                  .addObject()
                  .put("name", index.name())
                  .put("column", index.column())
                  .put("unique", index.unique());
          if (index.covering()) {
            ArrayNode include = entry.putArray("include");
            index.include().forEach(include::add);
          }
        }
      }
    }
    AtomicFile.write(io, file, JsonEnvelope.wrap(FORMAT, VERSION, body));
  }

  private static TableEntry readTable(JsonNode node) {
    List<Column> columns = new ArrayList<>();
    for (JsonNode column : node.get("columns")) {
      columns.add(
          new Column(
              column.get("name").asText(),
              ColumnType.valueOf(column.get("type").asText()),
              column.get("nullable").asBoolean()));
    }
    Map<String, String> options = new LinkedHashMap<>();
    node.get("options")
        .fields()
        .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    List<IndexEntry> indexes = new ArrayList<>();
    JsonNode indexNodes = node.get("indexes");
    if (indexNodes != null) {
      for (JsonNode index : indexNodes) {
        List<String> include = new ArrayList<>();
        JsonNode includeNodes = index.get("include");
        if (includeNodes != null) {
          includeNodes.forEach(column -> include.add(column.asText()));
        }
        indexes.add(
            new IndexEntry(
                index.get("name").asText(),
                index.get("column").asText(),
                index.get("unique").asBoolean(),
                include));
      }
    }
    return new TableEntry(
        node.get("id").asLong(),
        node.get("name").asText(),
        Schema.of(columns),
        TableOptions.parse(options),
        indexes);
  }
}
