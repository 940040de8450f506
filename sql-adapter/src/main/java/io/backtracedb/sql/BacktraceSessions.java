package io.backtracedb.sql;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.calcite.DataContext;

/**
 * Finds the {@link BacktraceSession} of the connection running a statement: the connection is the
 * statement's query provider. Connections without a registered session (a plain Calcite connection
 * with a BacktraceDB schema added) write in autocommit mode.
 */
public final class BacktraceSessions {
  private static final Map<Object, BacktraceSession> SESSIONS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private BacktraceSessions() {}

  /** Registers {@code session} as the one of {@code connection}. */
  public static void register(Object connection, BacktraceSession session) {
    SESSIONS.put(connection, session);
  }

  /** Forgets the session of {@code connection}. */
  public static void unregister(Object connection) {
    SESSIONS.remove(connection);
  }

  /** The session of {@code connection}, or null. */
  public static BacktraceSession of(Object connection) {
    return SESSIONS.get(connection);
  }

  /** The session of the connection that runs the statement {@code root} belongs to, or null. */
  static BacktraceSession of(DataContext root) {
    return root == null ? null : SESSIONS.get(root.getQueryProvider());
  }
}
