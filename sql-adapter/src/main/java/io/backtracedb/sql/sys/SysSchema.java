package io.backtracedb.sql.sys;

import static io.backtracedb.sql.sys.SysTable.column;

import io.backtracedb.BlockInfo;
import io.backtracedb.Column;
import io.backtracedb.ColumnType;
import io.backtracedb.Database;
import io.backtracedb.DatabaseOptions;
import io.backtracedb.IndexInfo;
import io.backtracedb.SeriesInfo;
import io.backtracedb.Table;
import io.backtracedb.TableOptions;
import io.backtracedb.TableStats;
import io.backtracedb.column.ColumnStats;
import io.backtracedb.index.PageInfo;
import io.backtracedb.wal.SegmentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code sys} schema: virtual tables that show the live state of the engine, computed at each
 * scan (docs/sql.md lists the columns).
 */
public final class SysSchema extends AbstractSchema {
  private final Database database;

  /** The sys schema of {@code database}. */
  public SysSchema(Database database) {
    this.database = database;
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
    tables.put("tables", tablesTable());
    tables.put("columns", columns());
    tables.put("blocks", blocks());
    tables.put("block_columns", blockColumns());
    tables.put("indexes", indexes());
    tables.put("index_pages", indexPages());
    tables.put("series", series());
    tables.put("wal", wal());
    tables.put("settings", settings());
    tables.put("page_cache", pageCache());
    return tables;
  }

  private SysTable tablesTable() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("time_column", SqlTypeName.VARCHAR),
            column("row_count", SqlTypeName.BIGINT),
            column("block_count", SqlTypeName.INTEGER),
            column("bytes_on_disk", SqlTypeName.BIGINT),
            column("ttl", SqlTypeName.VARCHAR),
            column("block_rows", SqlTypeName.INTEGER),
            column("memory_rows", SqlTypeName.BIGINT),
            column("flushed_lsn", SqlTypeName.BIGINT),
            column("kind", SqlTypeName.VARCHAR),
            column("tags", SqlTypeName.VARCHAR)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            TableStats stats = table.stats();
            TableOptions options = table.options();
            rows.add(
                new Object[] {
                  table.name(),
                  options.timeColumn(),
                  stats.rowCount(),
                  stats.coldBlocks() + stats.memoryBlocks(),
                  stats.bytesOnDisk(),
                  options.ttl() == null ? null : options.ttl().toString(),
                  options.blockRows(),
                  stats.memoryRows(),
                  stats.flushedLsn(),
                  options.isSeries() ? "series" : "table",
                  options.isSeries() ? String.join(",", options.tags()) : null
                });
          }
          return rows;
        });
  }

  private SysTable series() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("series_id", SqlTypeName.INTEGER),
            column("labels", SqlTypeName.VARCHAR),
            column("samples", SqlTypeName.BIGINT),
            column("chunks", SqlTypeName.BIGINT),
            column("bytes", SqlTypeName.BIGINT),
            column("min_time", SqlTypeName.TIMESTAMP),
            column("max_time", SqlTypeName.TIMESTAMP)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            for (SeriesInfo series : table.series()) {
              rows.add(
                  new Object[] {
                    table.name(),
                    series.seriesId(),
                    series.labels(),
                    series.samples(),
                    series.chunks(),
                    series.bytes(),
                    timeMillis(table, series.minTime()),
                    timeMillis(table, series.maxTime())
                  });
            }
          }
          return rows;
        });
  }

  private SysTable indexes() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("index_name", SqlTypeName.VARCHAR),
            column("column_name", SqlTypeName.VARCHAR),
            column("is_unique", SqlTypeName.BOOLEAN),
            column("entries", SqlTypeName.BIGINT),
            column("height", SqlTypeName.INTEGER),
            column("pages", SqlTypeName.INTEGER),
            column("bytes", SqlTypeName.BIGINT),
            column("state", SqlTypeName.VARCHAR),
            column("scans", SqlTypeName.BIGINT),
            column("included_columns", SqlTypeName.VARCHAR)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            for (IndexInfo index : table.indexes()) {
              rows.add(
                  new Object[] {
                    index.table(),
                    index.name(),
                    index.column(),
                    index.unique(),
                    index.entries(),
                    index.height(),
                    index.pages(),
                    index.bytes(),
                    index.state(),
                    index.scans(),
                    index.include().isEmpty() ? null : String.join(", ", index.include())
                  });
            }
          }
          return rows;
        });
  }

  private SysTable indexPages() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("index_name", SqlTypeName.VARCHAR),
            column("page_id", SqlTypeName.INTEGER),
            column("kind", SqlTypeName.VARCHAR),
            column("level", SqlTypeName.INTEGER),
            column("key_count", SqlTypeName.INTEGER),
            column("first_key", SqlTypeName.VARCHAR),
            column("last_key", SqlTypeName.VARCHAR),
            column("prev_page", SqlTypeName.INTEGER),
            column("next_page", SqlTypeName.INTEGER),
            column("used_bytes", SqlTypeName.INTEGER)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            for (IndexInfo index : table.indexes()) {
              for (PageInfo page : table.indexPages(index.name())) {
                rows.add(
                    new Object[] {
                      table.name(),
                      index.name(),
                      page.pageId(),
                      page.kind(),
                      page.level(),
                      page.keyCount(),
                      page.firstKey(),
                      page.lastKey(),
                      page.prev(),
                      page.next(),
                      page.usedBytes()
                    });
              }
            }
          }
          return rows;
        });
  }

  private SysTable columns() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("column_name", SqlTypeName.VARCHAR),
            column("ordinal", SqlTypeName.INTEGER),
            column("type_name", SqlTypeName.VARCHAR),
            column("nullable", SqlTypeName.BOOLEAN)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            List<Column> columns = table.schema().columns();
            for (int i = 0; i < columns.size(); i++) {
              Column c = columns.get(i);
              rows.add(new Object[] {table.name(), c.name(), i + 1, c.type().name(), c.nullable()});
            }
          }
          return rows;
        });
  }

  private SysTable blocks() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("block_id", SqlTypeName.BIGINT),
            column("state", SqlTypeName.VARCHAR),
            column("row_count", SqlTypeName.BIGINT),
            column("min_time", SqlTypeName.TIMESTAMP),
            column("max_time", SqlTypeName.TIMESTAMP),
            column("bytes", SqlTypeName.BIGINT),
            column("file", SqlTypeName.VARCHAR)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            for (BlockInfo block : table.blocks()) {
              rows.add(
                  new Object[] {
                    table.name(),
                    block.blockId(),
                    block.state(),
                    block.rowCount(),
                    timeMillis(table, block.minTime()),
                    timeMillis(table, block.maxTime()),
                    block.bytes(),
                    block.file()
                  });
            }
          }
          return rows;
        });
  }

  private SysTable blockColumns() {
    return new SysTable(
        List.of(
            column("table_name", SqlTypeName.VARCHAR),
            column("block_id", SqlTypeName.BIGINT),
            column("state", SqlTypeName.VARCHAR),
            column("column_name", SqlTypeName.VARCHAR),
            column("min_value", SqlTypeName.VARCHAR),
            column("max_value", SqlTypeName.VARCHAR),
            column("null_count", SqlTypeName.BIGINT),
            column("encoding", SqlTypeName.VARCHAR)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (Table table : database.tables()) {
            List<Column> columns = table.schema().columns();
            for (BlockInfo block : table.blocks()) {
              for (int i = 0; i < columns.size(); i++) {
                ColumnStats stats = block.columns().get(i);
                ColumnType type = columns.get(i).type();
                rows.add(
                    new Object[] {
                      table.name(),
                      block.blockId(),
                      block.state(),
                      columns.get(i).name(),
                      text(type, stats.min()),
                      text(type, stats.max()),
                      stats.nullCount(),
                      encoding(type, block.file() != null)
                    });
              }
            }
          }
          return rows;
        });
  }

  private SysTable wal() {
    return new SysTable(
        List.of(
            column("segment", SqlTypeName.BIGINT),
            column("first_lsn", SqlTypeName.BIGINT),
            column("last_lsn", SqlTypeName.BIGINT),
            column("bytes", SqlTypeName.BIGINT),
            column("state", SqlTypeName.VARCHAR),
            column("file", SqlTypeName.VARCHAR)),
        () -> {
          List<Object[]> rows = new ArrayList<>();
          for (SegmentInfo segment : database.engine().wal().segments()) {
            rows.add(
                new Object[] {
                  segment.sequence(),
                  segment.firstLsn(),
                  segment.lastLsn(),
                  segment.bytes(),
                  segment.state(),
                  segment.file().toString()
                });
          }
          return rows;
        });
  }

  private SysTable settings() {
    return new SysTable(
        List.of(
            column("name", SqlTypeName.VARCHAR),
            column("value", SqlTypeName.VARCHAR),
            column("scope", SqlTypeName.VARCHAR)),
        () -> {
          DatabaseOptions options = database.options();
          List<Object[]> rows = new ArrayList<>();
          rows.add(new Object[] {"directory", database.directory().toString(), "database"});
          rows.add(
              new Object[] {
                "durability",
                options.durability().name().toLowerCase(java.util.Locale.ROOT),
                "database"
              });
          rows.add(
              new Object[] {
                "wal.sync_interval", options.syncInterval().toMillis() + " ms", "database"
              });
          rows.add(
              new Object[] {
                "wal.segment_bytes", Long.toString(options.walSegmentBytes()), "database"
              });
          rows.add(
              new Object[] {
                "recovery",
                options.recoveryMode().name().toLowerCase(java.util.Locale.ROOT),
                "database"
              });
          rows.add(
              new Object[] {
                "background_flush", Boolean.toString(options.backgroundFlush()), "database"
              });
          rows.add(
              new Object[] {
                "max_sealed_blocks", Integer.toString(options.maxSealedBlocks()), "database"
              });
          rows.add(
              new Object[] {
                "cache.page_bytes", Long.toString(options.pageCacheBytes()), "database"
              });
          rows.add(
              new Object[] {
                "index.preload_bytes", Long.toString(options.indexPreloadBytes()), "database"
              });
          return rows;
        });
  }

  private SysTable pageCache() {
    return new SysTable(
        List.of(
            column("capacity_bytes", SqlTypeName.BIGINT),
            column("bytes", SqlTypeName.BIGINT),
            column("pages", SqlTypeName.INTEGER),
            column("hits", SqlTypeName.BIGINT),
            column("misses", SqlTypeName.BIGINT)),
        () -> {
          io.backtracedb.CacheStats stats = database.pageCacheStats();
          List<Object[]> rows = new ArrayList<>();
          rows.add(
              new Object[] {
                stats.capacityBytes(), stats.bytes(), stats.pages(), stats.hits(), stats.misses()
              });
          return rows;
        });
  }

  /** A time column bound as epoch millis (BIGINT time columns are converted from their unit). */
  private static Long timeMillis(Table table, Long raw) {
    if (raw == null) {
      return null;
    }
    String time = table.options().timeColumn();
    ColumnType type = table.schema().column(table.schema().ordinalOf(time)).type();
    return type == ColumnType.TIMESTAMP
        ? raw
        : TimeUnit.MILLISECONDS.convert(raw, table.options().timeUnit());
  }

  private static String text(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case TIMESTAMP -> java.time.Instant.ofEpochMilli((Long) value).toString();
      case DATE -> java.time.LocalDate.ofEpochDay((Integer) value).toString();
      default -> value.toString();
    };
  }

  /** The encoding a column's values have: Parquet's for cold blocks, in-memory otherwise. */
  private static String encoding(ColumnType type, boolean cold) {
    if (!cold) {
      return type == ColumnType.VARCHAR ? "dictionary" : "array";
    }
    return switch (type) {
      case INTEGER, BIGINT, TIMESTAMP, DATE -> "DELTA_BINARY_PACKED";
      case DOUBLE -> "BYTE_STREAM_SPLIT";
      case VARCHAR -> "RLE_DICTIONARY";
      case BOOLEAN -> "RLE";
    };
  }
}
