package io.backtracedb.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtracedb.ColumnType;
import io.backtracedb.CorruptionException;
import io.backtracedb.Schema;
import io.backtracedb.block.TailChecksum;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.io.AtomicFile;
import io.backtracedb.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and atomically replaces a table's {@code manifest.json} (docs/format/blocks.md). */
public final class ManifestStore {
  /** The manifest's file name inside the table directory. */
  public static final String FILE_NAME = "manifest.json";

  static final String FORMAT = "backtracedb.manifest";
  static final int VERSION = 1;

  private final FileIO io;
  private final Path file;
  private final Schema schema;

  /** A store for the manifest in {@code tableDirectory} of a table with {@code schema}. */
  public ManifestStore(FileIO io, Path tableDirectory, Schema schema) {
    this.io = io;
    this.file = tableDirectory.resolve(FILE_NAME);
    this.schema = schema;
  }

  /** The manifest file. */
  public Path file() {
    return file;
  }

  /** The stored manifest, or an empty one for {@code tableId} when none was written yet. */
  public Manifest read(long tableId) throws IOException {
    if (!io.exists(file)) {
      return Manifest.empty(tableId);
    }
    JsonNode body = JsonEnvelope.unwrap(file, io.readAllBytes(file), FORMAT, VERSION);
    try {
      List<BlockMeta> blocks = new ArrayList<>();
      for (JsonNode block : body.get("blocks")) {
        blocks.add(readBlock(block));
      }
      Manifest manifest =
          new Manifest(
              body.get("tableId").asLong(),
              body.get("flushedLsn").asLong(),
              body.get("nextBlockId").asLong(),
              blocks);
      if (manifest.tableId() != tableId) {
        throw new CorruptionException(
            file,
            -1,
            "manifest belongs to table id " + manifest.tableId() + ", expected " + tableId);
      }
      return manifest;
    } catch (CorruptionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptionException(file, -1, "manifest content is invalid: " + e, e);
    }
  }

  /** Replaces the stored manifest. */
  public void write(Manifest manifest) throws IOException {
    ObjectNode body = JsonEnvelope.MAPPER.createObjectNode();
    body.put("tableId", manifest.tableId());
    body.put("flushedLsn", manifest.flushedLsn());
    body.put("nextBlockId", manifest.nextBlockId());
    ArrayNode blocks = body.putArray("blocks");
    for (BlockMeta block : manifest.blocks()) {
      ObjectNode node = blocks.addObject();
      node.put("id", block.id());
      node.put("file", block.file());
      node.put("rows", block.rowCount());
      node.put("bytes", block.bytes());
      node.put("minLsn", block.minLsn());
      node.put("maxLsn", block.maxLsn());
      if (block.tail() != null) {
        node.putObject("tail")
            .put("fileBytes", block.tail().fileBytes())
            .put("offset", block.tail().offset())
            .put("crc32c", block.tail().crc32c());
      }
      ArrayNode columns = node.putArray("columns");
      for (int i = 0; i < schema.size(); i++) {
        ColumnStats stats = block.column(i);
        ObjectNode column = columns.addObject();
        column.put("name", schema.column(i).name());
        putValue(column, "min", stats.min());
        putValue(column, "max", stats.max());
        column.put("nulls", stats.nullCount());
      }
    }
    AtomicFile.write(io, file, JsonEnvelope.wrap(FORMAT, VERSION, body));
  }

  private BlockMeta readBlock(JsonNode node) {
    JsonNode columns = node.get("columns");
    if (columns.size() != schema.size()) {
      throw new CorruptionException(
          file,
          -1,
          "block "
              + node.get("id")
              + " has "
              + columns.size()
              + " column stats, schema has "
              + schema.size());
    }
    List<ColumnStats> stats = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      JsonNode column = columns.get(i);
      ColumnType type = schema.column(i).type();
      stats.add(
          new ColumnStats(
              readValue(type, column.get("min")),
              readValue(type, column.get("max")),
              column.get("nulls").asLong()));
    }
    JsonNode tail = node.get("tail");
    return new BlockMeta(
        node.get("id").asLong(),
        node.get("file").asText(),
        node.get("rows").asLong(),
        node.get("bytes").asLong(),
        node.get("minLsn").asLong(),
        node.get("maxLsn").asLong(),
        stats,
        tail == null
            ? null
            : new TailChecksum(
                tail.get("fileBytes").asLong(),
                tail.get("offset").asLong(),
                tail.get("crc32c").asInt()));
  }

  private static void putValue(ObjectNode node, String field, Object value) {
    if (value == null) {
      node.putNull(field);
    } else if (value instanceof Long l) {
      node.put(field, l);
    } else if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Boolean b) {
      node.put(field, b);
    } else {
      // Doubles as text keep -0.0, infinities and every bit of precision.
      node.put(field, value.toString());
    }
  }

  private static Object readValue(ColumnType type, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (type.physical()) {
      case LONG -> node.asLong();
      case INT -> node.asInt();
      case BOOLEAN -> node.asBoolean();
      case DOUBLE -> Double.valueOf(node.asText());
      case STRING -> node.asText();
    };
  }
}
