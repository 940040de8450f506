package io.backtracedb.block;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** Maps a table {@link Schema} to a Parquet schema and to the text stored in a block's metadata. */
final class BlockSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BlockSchema() {}

  /** The Parquet schema of a block of {@code schema}: one top-level primitive per column. */
  static MessageType toParquet(Schema schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (Column column : schema.columns()) {
      message.addField(toParquet(column));
    }
    return message.named(BlockFormat.MESSAGE_NAME);
  }

  /** The Parquet field of one column: REQUIRED when NOT NULL, OPTIONAL otherwise. */
  static PrimitiveType toParquet(Column column) {
    Type.Repetition repetition =
        column.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    return switch (column.type()) {
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(column.name());
      case INTEGER -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(column.name());
      case BIGINT -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(column.name());
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
      case VARCHAR ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType())
              .named(column.name());
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
              .named(column.name());
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(column.name());
    };
  }

  /**
   * Why a file's field cannot be read as {@code column}, or null when it can. Plain integer
   * annotations written by other tools are accepted for INTEGER and BIGINT.
   */
  static String incompatibility(Column column, Type field) {
    if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
      return "column '" + column.name() + "' is not a single primitive value in the file: " + field;
    }
    PrimitiveType primitive = field.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    PrimitiveTypeName name = primitive.getPrimitiveTypeName();
    boolean ok =
        switch (column.type()) {
          case BOOLEAN -> name == PrimitiveTypeName.BOOLEAN && logical == null;
          case INTEGER -> name == PrimitiveTypeName.INT32 && isSignedInt(logical, 32);
          case BIGINT -> name == PrimitiveTypeName.INT64 && isSignedInt(logical, 64);
          case DOUBLE -> name == PrimitiveTypeName.DOUBLE && logical == null;
          case VARCHAR ->
              name == PrimitiveTypeName.BINARY
                  && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
          case TIMESTAMP ->
              name == PrimitiveTypeName.INT64
                  && logical instanceof TimestampLogicalTypeAnnotation timestamp
                  && timestamp.getUnit() == TimeUnit.MILLIS
                  && timestamp.isAdjustedToUTC();
          case DATE ->
              name == PrimitiveTypeName.INT32
                  && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
        };
    return ok
        ? null
        : "column '"
            + column.name()
            + "' is "
            + column.type()
            + " in the table but stored as "
            + primitive
            + " in the file";
  }

  private static boolean isSignedInt(LogicalTypeAnnotation logical, int bits) {
    return logical == null
        || (logical instanceof IntLogicalTypeAnnotation annotation
            && annotation.isSigned()
            && annotation.getBitWidth() == bits);
  }

  /** The schema as the JSON text stored under {@link BlockFormat#SCHEMA_KEY}. */
  static String encode(Schema schema) {
    ArrayNode columns = JSON.createArrayNode();
    for (Column column : schema.columns()) {
      ObjectNode node = columns.addObject();
      node.put("name", column.name());
      node.put("type", column.type().name());
      node.put("nullable", column.nullable());
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("columns", columns);
    return root.toString();
  }

  /** Parses text written by {@link #encode}; throws IllegalArgumentException when malformed. */
  static Schema decode(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed schema text: " + e.getOriginalMessage(), e);
    }
    JsonNode columns = root == null ? null : root.get("columns");
    if (columns == null || !columns.isArray()) {
      throw new IllegalArgumentException("malformed schema text: no 'columns' array");
    }
    List<Column> result = new ArrayList<>();
    for (JsonNode node : columns) {
      JsonNode name = node.get("name");
      JsonNode type = node.get("type");
      JsonNode nullable = node.get("nullable");
      if (name == null || !name.isTextual() || type == null || !type.isTextual()) {
        throw new IllegalArgumentException("malformed schema text: bad column " + node);
      }
      result.add(
          new Column(
              name.asText(),
              ColumnType.valueOf(type.asText()),
              nullable == null || nullable.asBoolean(true)));
    }
    return Schema.of(result);
  }
}
