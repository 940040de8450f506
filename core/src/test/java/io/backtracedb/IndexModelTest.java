package io.backtracedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.testing.SeedExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded model test of a table with a plain and a unique index: random commits (some refused as
 * duplicates), flushes, compactions, retention, clean and abrupt reopens, and lookups (=, IN,
 * ranges, IS NULL) compared with a scan that ignores the indexes and with an in-memory list of the
 * rows; the integrity check stays clean. Run with plain indexes and with covering ones.
 */
@ExtendWith(SeedExtension.class)
class IndexModelTest {
  static final Schema SCHEMA =
      Schema.builder()
          .notNull("ts", ColumnType.BIGINT)
          .column("k", ColumnType.INTEGER)
          .column("name", ColumnType.VARCHAR)
          .build();

  static final long TTL_MILLIS = 20_000;

  @TempDir Path dir;

  /** A clock the test moves forward by hand. */
  static final class ManualClock extends Clock {
    long millis = 1_000_000;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  /** One row of the oracle. */
  record Model(long ts, Integer k, String name) {
    String text() {
      return ts + "/" + k + "/" + name;
    }
  }

  @ParameterizedTest(name = "covering {0}")
  @ValueSource(booleans = {false, true})
  void indexedLookupsEqualScansAndTheModelThroughEveryChange(boolean covering, Random random) {
    ManualClock clock = new ManualClock();
    DatabaseOptions options =
        DatabaseOptions.defaults().withBackgroundFlush(false).withClock(clock);
    TableOptions tableOptions =
        TableOptions.defaults()
            .withTimeColumn("ts")
            .withBlockRows(400)
            .withTimeUnit(TimeUnit.MILLISECONDS)
            .withTtl(Duration.ofMillis(TTL_MILLIS));
    List<Model> model = new ArrayList<>();
    Database db = Database.open(dir, options);
    Table created = db.createTable("m", SCHEMA, tableOptions);
    // Covering: both indexes hold every other column, so lookups read no block.
    created.createIndex("m_k", "k", false, covering ? List.of("ts", "name") : List.of());
    created.createIndex("m_ts", "ts", true, covering ? List.of("name", "k") : List.of());
    long nextTs = clock.millis;
    for (int step = 0; step < 260; step++) {
      int op = random.nextInt(100);
      Table table = db.table("m");
      if (op < 55) {
        RowBatch batch = table.newBatch();
        List<Model> rows = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
        for (int i = 0; i < count; i++) {
          Integer k = random.nextInt(8) == 0 ? null : random.nextInt(200) - 100;
          String name = random.nextInt(10) == 0 ? null : "n" + random.nextInt(30);
          Model row = new Model(nextTs++, k, name);
          rows.add(row);
          batch.addRow(row.ts(), row.k(), row.name());
        }
        Model old = model.isEmpty() ? null : model.get(random.nextInt(model.size()));
        if (random.nextInt(12) == 0 && old != null && old.ts() >= clock.millis - TTL_MILLIS) {
          // A key still visible (past rows dropped by retention are gone and may come back).
          batch.addRow(old.ts(), 1, "dup");
          assertThrows(ConstraintViolationException.class, () -> table.append(batch));
        } else {
          table.append(batch);
          model.addAll(rows);
        }
        clock.millis += random.nextInt(count * 60 + 1);
      } else if (op < 68) {
        table.flush();
      } else if (op < 74) {
        table.compact();
      } else if (op < 78) {
        table.applyRetention();
      } else if (op < 81) {
        db.close();
        db = Database.open(dir, options);
      } else if (op < 83) {
        db.engine().closeAbruptly();
        db = Database.open(dir, options);
      } else {
        compare(db.table("m"), model, clock, randomPredicate(random));
      }
      if (op >= 78 && op < 83) {
        Table reopened = db.table("m");
        assertEquals(2, reopened.indexes().size());
        reopened.indexes().forEach(index -> assertEquals("ready", index.state(), index.name()));
      }
    }
    Table last = db.table("m");
    for (int i = 0; i < 20; i++) {
      compare(last, model, clock, randomPredicate(random));
    }
    IntegrityReport report = db.check();
    assertTrue(report.ok(), report.problems().toString());
    db.close();
  }

  private static Predicate randomPredicate(Random random) {
    int k = random.nextInt(220) - 110;
    return switch (random.nextInt(8)) {
      case 0 -> Predicate.eq("k", k);
      case 1 -> Predicate.in("k", k, k + 3, random.nextInt(200) - 100);
      case 2 -> Predicate.between("k", k, k + random.nextInt(30));
      case 3 -> Predicate.lt("k", k);
      case 4 -> Predicate.ge("k", k);
      case 5 -> Predicate.isNull("k");
      case 6 -> Predicate.and(Predicate.eq("k", k), Predicate.eq("name", "n" + random.nextInt(30)));
      default -> Predicate.eq("ts", 1_000_000L + random.nextInt(20_000));
    };
  }

  private static void compare(Table table, List<Model> model, ManualClock clock, Predicate p) {
    long cutoff = clock.millis - TTL_MILLIS;
    List<String> expected = new ArrayList<>();
    for (Model row : model) {
      if (row.ts() >= cutoff && matches(p, row)) {
        expected.add(row.text());
      }
    }
    expected.sort(null);
    assertEquals(expected, read(table, p, TableReader.IndexUse.NEVER), "scan of " + p);
    assertEquals(expected, read(table, p, TableReader.IndexUse.ALWAYS), "index lookup of " + p);
    assertEquals(expected, read(table, p, TableReader.IndexUse.BY_COST), "read by cost of " + p);
  }

  private static List<String> read(Table table, Predicate p, TableReader.IndexUse use) {
    List<String> rows = new ArrayList<>();
    try (TableReader reader = table.reader().where(p).indexUse(use)) {
      for (Row row : reader) {
        rows.add(row.get("ts") + "/" + row.get("k") + "/" + row.get("name"));
      }
    }
    rows.sort(null);
    return rows;
  }

  private static boolean matches(Predicate p, Model row) {
    if (p instanceof Predicate.And and) {
      return and.parts().stream().allMatch(part -> matches(part, row));
    }
    if (p instanceof Predicate.IsNull n) {
      return row.k() == null;
    }
    if (p instanceof Predicate.In in) {
      return row.k() != null && in.values().contains(row.k());
    }
    if (p instanceof Predicate.Between b) {
      return row.k() != null && row.k() >= (Integer) b.low() && row.k() <= (Integer) b.high();
    }
    Predicate.Compare c = (Predicate.Compare) p;
    Object value =
        c.column().equals("ts") ? row.ts() : c.column().equals("k") ? row.k() : row.name();
    if (value == null) {
      return false;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    int cmp = ((Comparable) value).compareTo(c.value());
    return switch (c.op()) {
      case EQ -> cmp == 0;
      case LT -> cmp < 0;
      case GE -> cmp >= 0;
      default -> throw new AssertionError(c);
    };
  }
}
