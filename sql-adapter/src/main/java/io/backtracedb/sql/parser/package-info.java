/**
 * BacktraceDB's SQL parser: Calcite's grammar generated from calcite-core's {@code Parser.jj}
 * template with BacktraceDB's DDL added (see {@code src/main/codegen}).
 *
 * <p>{@link io.backtracedb.sql.parser.BacktraceSqlParser} is the entry point and holds the lexical
 * configuration. {@code BacktraceSqlParserImpl} and JavaCC's support classes ({@code Token}, {@code
 * ParseException}, ...) are generated at build time into {@code target/generated-sources/javacc}.
 */
package io.backtracedb.sql.parser;
