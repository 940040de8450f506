/**
 * Parse trees of BacktraceDB's DDL statements: CREATE/DROP TABLE with storage options, CREATE/DROP
 * INDEX and REINDEX.
 *
 * <p>The nodes are produced by {@code io.backtracedb.sql.parser.BacktraceSqlParserImpl}; each one
 * unparses to SQL that parses back to an equal node. They carry what was written and check nothing
 * against a catalog: whether a table, column or option exists is decided when the statement runs.
 */
package io.backtracedb.sql.ddl;
