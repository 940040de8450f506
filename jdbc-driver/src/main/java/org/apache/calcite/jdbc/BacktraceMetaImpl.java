package org.apache.calcite.jdbc;

import io.backtracedb.IndexInfo;
import io.backtracedb.jdbc.BacktraceDriver;
import io.backtracedb.sql.BacktraceSession;
import io.backtracedb.sql.BacktraceSessions;
import io.backtracedb.sql.StatementShape;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.server.CalciteServerStatement;

/**
 * BacktraceDB's JDBC metadata and connection hooks. It lives in Calcite's package because {@link
 * CalciteMetaImpl}'s constructor takes the package-private {@code CalciteConnectionImpl}; the
 * driver is a classpath driver for that reason (docs/architecture.md).
 *
 * <p>Connections start with autocommit on; {@code setAutoCommit}, {@code commit()} and {@code
 * rollback()} act on the connection's {@link BacktraceSession}. Closing a connection rolls back
 * what it has not committed.
 *
 * <p>{@code executeBatch} of a prepared {@code INSERT INTO t [(cols)] VALUES (?, ...)} never comes
 * here: {@link BacktracePreparedStatement} appends such a batch column-wise itself.
 */
public final class BacktraceMetaImpl extends CalciteMetaImpl {
  private final Runnable onClose;
  private final BacktracePlanCache plans = new BacktracePlanCache();

  /** Metadata for {@code connection}; {@code onClose} releases its database. */
  public BacktraceMetaImpl(AvaticaConnection connection, Runnable onClose) {
    super(
        (CalciteConnectionImpl) connection,
        CalciteMetaTableFactoryImpl.INSTANCE,
        BacktraceMetaColumnFactory.INSTANCE);
    this.onClose = onClose;
    // Reads see the latest committed rows; a connection's pending rows stay its own.
    connProps.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    connProps.setDirty(false);
  }

  /** The types a column can have, for {@code DatabaseMetaData.getTypeInfo}. */
  @Override
  protected Enumerable<MetaTypeInfo> allTypeInfo() {
    return Linq4j.asEnumerable(
        List.of(
            type("BOOLEAN", Types.BOOLEAN, 1, null, false, false),
            type("INTEGER", Types.INTEGER, 10, null, false, true),
            type("BIGINT", Types.BIGINT, 19, null, false, true),
            type("DOUBLE", Types.DOUBLE, 17, null, false, false),
            type("VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", true, false),
            type("DATE", Types.DATE, 10, "DATE '", false, false),
            type("TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '", false, false)));
  }

  private static MetaTypeInfo type(
      String name, int jdbcType, int precision, String prefix, boolean text, boolean exact) {
    return new MetaTypeInfo(
        name,
        jdbcType,
        precision,
        prefix,
        prefix == null ? null : "'",
        (short) DatabaseMetaData.typeNullable,
        text,
        (short) DatabaseMetaData.typeSearchable,
        false,
        exact,
        false,
        (short) 0,
        (short) (jdbcType == Types.TIMESTAMP ? 3 : 0),
        10);
  }

  /** Table types: BacktraceDB tables, and the read-only tables of the {@code sys} schema. */
  @Override
  Enumerable<MetaTableType> tableTypes() {
    return Linq4j.asEnumerable(
        List.of(
            new MetaTableType("SYSTEM TABLE"),
            new MetaTableType("TABLE"),
            new MetaTableType("VIEW")));
  }

  /** The columns of {@code DatabaseMetaData.getIndexInfo}, in JDBC's order. */
  private static final List<String> INDEX_INFO_COLUMNS =
      List.of(
          "TABLE_CAT",
          "TABLE_SCHEM",
          "TABLE_NAME",
          "NON_UNIQUE",
          "INDEX_QUALIFIER",
          "INDEX_NAME",
          "TYPE",
          "ORDINAL_POSITION",
          "COLUMN_NAME",
          "ASC_OR_DESC",
          "CARDINALITY",
          "PAGES",
          "FILTER_CONDITION");

  /**
   * The secondary indexes of the tables matching {@code table} in schema {@code main} (all of them
   * when {@code table} is null), unique ones only when {@code unique}; ordered as JDBC asks, by
   * NON_UNIQUE, INDEX_NAME. Each index is one B-tree ({@code tableIndexOther}) on one column.
   */
  @Override
  public MetaResultSet getIndexInfo(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      boolean unique,
      boolean approximate) {
    List<MetaIndexInfo> rows = new ArrayList<>();
    BacktraceSession session = session();
    boolean ourSchema = schema == null || BacktraceDriver.SCHEMA.equals(schema);
    if (session != null && ourSchema && (catalog == null || catalog.isEmpty())) {
      for (io.backtracedb.Table t : session.database().tables()) {
        if (table != null && !table.equals(t.name())) {
          continue;
        }
        for (IndexInfo index : t.indexes()) {
          if (unique && !index.unique()) {
            continue;
          }
          rows.add(
              new MetaIndexInfo(
                  null,
                  BacktraceDriver.SCHEMA,
                  t.name(),
                  !index.unique(),
                  null,
                  index.name(),
                  DatabaseMetaData.tableIndexOther,
                  (short) 1,
                  index.column(),
                  "A",
                  index.entries(),
                  index.pages(),
                  null));
        }
      }
    }
    rows.sort(
        Comparator.comparing((MetaIndexInfo r) -> r.nonUnique).thenComparing(r -> r.indexName));
    List<ColumnMetaData> columns = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<String> fieldNames = new ArrayList<>();
    for (String name : INDEX_INFO_COLUMNS) {
      String fieldName = AvaticaUtils.toCamelCase(name);
      Field field;
      try {
        field = MetaIndexInfo.class.getField(fieldName);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("cannot describe index column " + name, e);
      }
      columns.add(columnMetaData(name, columns.size(), field.getType(), false));
      fields.add(field);
      fieldNames.add(fieldName);
    }
    @SuppressWarnings("unchecked")
    Iterable<Object> iterable = (Iterable<Object>) (Iterable<?>) rows;
    return createResultSet(
        Map.of(),
        columns,
        CursorFactory.record(MetaIndexInfo.class, fields, fieldNames),
        new Frame(0, true, iterable));
  }

  /** This connection's cache of literal statements' plans. */
  BacktracePlanCache plans() {
    return plans;
  }

  /**
   * Runs a statement given as text. A query whose comparison literals can be lifted into parameters
   * ({@link StatementShape}) runs the cached plan of its shape with the literals bound, planning
   * the shape on first sight; anything else runs as Calcite runs it.
   */
  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    BacktraceStatement statement = plainStatement(h);
    StatementShape shape = statement == null ? null : StatementShape.of(sql);
    BacktraceSession session = session();
    if (shape == null || session == null) {
      return runAsText(statement, h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    }
    String key = maxRowCount + "\u0000" + shape.sql();
    if (plans.isRefused(key)) {
      return runAsText(statement, h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    }
    long version = session.database().catalogVersion();
    CalciteConnectionImpl calcite = getConnection();
    CalciteServerStatement server = calcite.server.getStatement(h);
    CalcitePrepare.CalciteSignature<Object> signature = plans.plan(key, version);
    if (signature == null) {
      try {
        signature =
            calcite.parseQuery(
                CalcitePrepare.Query.of(shape.sql()), server.createPrepareContext(), maxRowCount);
      } catch (RuntimeException e) {
        plans.refuse(key); // the text itself may be fine: let it say so
        return runAsText(statement, h, sql, maxRowCount, maxRowsInFirstFrame, callback);
      }
      plans.put(key, signature, version);
    }
    List<TypedValue> values = BacktracePlanCache.bind(signature.parameters, shape.values());
    if (values == null) {
      return runAsText(statement, h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    }
    try {
      synchronized (callback.getMonitor()) {
        callback.clear();
        server.setSignature(signature);
        statement.setLifted(values);
        callback.assign(signature, null, -1);
      }
      callback.execute();
    } catch (java.sql.SQLException e) {
      throw new RuntimeException(e);
    }
    return new ExecuteResult(
        List.of(MetaResultSet.create(h.connectionId, h.id, false, signature, null, -1)));
  }

  private ExecuteResult runAsText(
      BacktraceStatement statement,
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    if (statement != null) {
      statement.setLifted(List.of());
    }
    return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
  }

  /** The plain (not prepared) statement of {@code h}, or null. */
  private BacktraceStatement plainStatement(StatementHandle h) {
    try {
      return ((BacktraceConnection) getConnection()).statementOf(h)
              instanceof BacktraceStatement plain
          ? plain
          : null;
    } catch (java.sql.SQLException e) {
      return null;
    }
  }

  private BacktraceSession session() {
    return BacktraceSessions.of(connection);
  }

  @Override
  public void commit(Meta.ConnectionHandle ch) {
    BacktraceSession session = session();
    if (session != null) {
      session.commit();
    }
  }

  @Override
  public void rollback(Meta.ConnectionHandle ch) {
    BacktraceSession session = session();
    if (session != null) {
      session.rollback();
    }
  }

  @Override
  public Meta.ConnectionProperties connectionSync(
      Meta.ConnectionHandle ch, Meta.ConnectionProperties properties) {
    Meta.ConnectionProperties result = super.connectionSync(ch, properties);
    BacktraceSession session = session();
    if (session != null && properties.isAutoCommit() != null) {
      session.setAutoCommit(properties.isAutoCommit());
    }
    return result;
  }

  @Override
  public void closeConnection(Meta.ConnectionHandle ch) {
    try {
      BacktraceSession session = session();
      if (session != null) {
        session.rollback();
      }
      super.closeConnection(ch);
    } finally {
      BacktraceSessions.unregister(connection);
      onClose.run();
    }
  }
}
